import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { clocksByKind, cn, fileClaim, pendingTimers } from "../sla/sla.fixtures.js";

/*
 * What answers the customer (responseOf): it stops the response clocks and makes a claim
 * handled, so the platform does not approve it alone. Pickup point PP-001 is led by LD-001; the
 * test orders' goods come from warehouse WH-01.
 */
let t: TestApp;
let agent: { id: string; token: string };
let leader: { id: string; token: string };
let warehouse: { id: string; token: string };
beforeEach(async () => {
  t = await startTestApp();
  t.clock.set(cn("2026-03-02 09:00").toISOString());
  agent = await t.staff("agent");
  // the leader of PP-001 becomes known with the first order picked up there
  await ingest(makeOrder({ customerId: "C-RESPONSES" }));
  leader = await t.staff("leader", { leaderId: "LD-001" });
  warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
});
afterEach(async () => t.close());

async function ingest(order: object) {
  expect((await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order })).statusCode).toBeLessThan(300);
}
const post = async (token: string, url: string, payload?: object) => {
  const res = await t.server.inject({ method: "POST", url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
};
const statuses = async (caseId: string) => {
  const clocks = await clocksByKind(t, caseId, agent.token);
  return { first_response: clocks.first_response?.status, leader_response: clocks.leader_response?.status, resolution: clocks.resolution?.status };
};
const autoApproval = async (caseId: string) => (await pendingTimers(t, [caseId])).filter((x) => x.kind === "case.auto_approve").length;

describe("what counts as a response", () => {
  it("is not a note, taking the case or linking it; a leader's message is the leader's answer, an agent's message the first response", async () => {
    const { kase } = await fileClaim(t, "2026-03-02 10:00");
    const other = await fileClaim(t, "2026-03-02 10:00");
    const running = { first_response: "running", leader_response: "running", resolution: "running" };
    expect(await statuses(kase.id)).toEqual(running);

    t.clock.set(cn("2026-03-02 10:05").toISOString());
    await post(warehouse.token, `/cases/${kase.id}/notes`, { body: "外箱压痕，仓内已留样" });
    await post(agent.token, `/cases/${kase.id}/take`);
    await post(agent.token, `/cases/${kase.id}/links`, { otherCaseId: other.kase.id, kind: "related" });
    expect(await statuses(kase.id)).toEqual(running);
    expect(await statuses(other.kase.id)).toEqual(running);
    expect(await autoApproval(kase.id)).toBe(1);

    t.clock.set(cn("2026-03-02 10:10").toISOString());
    await post(leader.token, `/cases/${kase.id}/messages`, { body: "您好，我是团长，马上帮您核实" });
    expect(await statuses(kase.id)).toEqual({ ...running, leader_response: "met" });
    // someone answered: the claim is handled
    expect(await autoApproval(kase.id)).toBe(0);

    t.clock.set(cn("2026-03-02 10:20").toISOString());
    await post(agent.token, `/cases/${kase.id}/messages`, { body: "您好，已收到，正在为您处理" });
    expect(await statuses(kase.id)).toEqual({ first_response: "met", leader_response: "met", resolution: "running" });
  });

  it("gives a case a leader's batch report filed its response clocks and the platform's timeout", async () => {
    t.clock.set(cn("2026-03-02 10:00").toISOString());
    const customerId = "C-BATCH-1";
    const order = makeOrder({ customerId, deliveredAt: cn("2026-03-02 08:00").toISOString(), placedAt: cn("2026-03-01 20:00").toISOString(), promisedAt: cn("2026-03-02 08:00").toISOString() });
    await ingest(order);
    const report = await t.server.inject({
      method: "POST",
      url: "/api/v1/leader/batch-reports",
      headers: { authorization: `Bearer ${leader.token}`, "idempotency-key": "batch-responses-1" },
      payload: { pickupPointId: "PP-001", sku: "TISSUE-10", problemType: "damaged", description: "整箱抽纸泡水" },
    });
    expect(report.statusCode, report.body).toBe(201);
    const line = (json(report).lines as { customerId: string; outcome: string; caseId: string; caseState: string }[]).find((l) => l.customerId === customerId);
    expect(line).toMatchObject({ outcome: "opened", caseState: "in_review" });
    const timeline = await t.database.db.selectFrom("case_events").select(["type", "actor"]).where("case_id", "=", line!.caseId).orderBy("id").execute();
    expect(timeline[0]).toEqual({ type: "submitted", actor: `staff:${leader.id}` });

    // filing on the customer's behalf answers nobody: every response is still owed
    expect(await statuses(line!.caseId)).toEqual({ first_response: "running", leader_response: "running", resolution: "running" });
    expect(await autoApproval(line!.caseId)).toBe(1);
  });
});
