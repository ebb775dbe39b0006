import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

/*
 * The leader's own endpoints: goods taken back at the point, one problem reported for many
 * customers, scores. Pickup point PP-001 is led by LD-001; PP-002 by LD-002.
 */
let t: TestApp;
let leader: { id: string; token: string };
let stranger: { id: string; token: string };
let agent: { id: string; token: string };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const OTHER_POINT = { id: "PP-002", name: "梅溪湖自提点", city: "长沙", leader: { id: "LD-002", name: "刘团长", phone: "13700008888" } };
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  await ingest(makeOrder());
  await ingest({ ...makeOrder(), pickupPoint: OTHER_POINT });
  leader = await t.staff("leader", { leaderId: "LD-001" });
  stranger = await t.staff("leader", { leaderId: "LD-002" });
  agent = await t.staff("agent");
});
afterAll(async () => t.close());

async function ingest(order: object) {
  const answer = await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
  expect(answer.statusCode).toBeLessThan(300);
}

/** An order of `sku` for a new customer; at PP-001 unless another point is given. */
async function orderFor(o: { sku: string; quantity?: number; pickupPoint?: object; deliveredAt?: string; batchId?: string }) {
  const customerId = `C-B${n++}`;
  const base = makeOrder({ customerId, ...(o.deliveredAt ? { deliveredAt: o.deliveredAt } : {}) });
  const line = { ...base.items[0]!, sku: o.sku, quantity: o.quantity ?? 2, paidFen: (o.quantity ?? 2) * 2990 };
  if (o.batchId) line.supply = { ...line.supply!, batch: { id: o.batchId, producedOn: "2026-11-19", bestBefore: "2026-11-23" } };
  const order = { ...base, items: [line], paidFen: line.paidFen, ...(o.pickupPoint ? { pickupPoint: o.pickupPoint } : {}) };
  await ingest(order);
  return { customerId, orderId: order.id };
}

async function claim(customerId: string, orderId: string, body: object) {
  const answer = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { ...bearer(await t.tokenFor(customerId)), "idempotency-key": `leaders-${customerId}-${n++}` },
    payload: { orderId, items: [{ lineNo: 1, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", answers: { foundWhen: "after_opening", packagingDamaged: true }, ...body },
  });
  expect(answer.statusCode).toBe(201);
  return json(answer);
}

/** A fresh session for a member of staff, once the clock moved past the last one's expiry. */
async function signIn(staffId: string): Promise<string> {
  const { login } = await t.database.db.selectFrom("staff").select("login").where("id", "=", staffId).executeTakeFirstOrThrow();
  return json(await t.server.inject({ method: "POST", url: "/api/v1/auth/login", payload: { login, password: "correct horse battery" } })).token;
}

const act = (caseId: string, body: object, token: string) => t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers: bearer(token), payload: body });

/** A case whose goods the customer must bring back: a return-and-refund an agent approved. */
async function awaitingReturn(pickupPoint?: object) {
  const { customerId, orderId } = await orderFor({ sku: "STRW-500", ...(pickupPoint ? { pickupPoint } : {}) });
  const c = await claim(customerId, orderId, { wantedResolution: "return_refund" });
  const approved = json(await act(c.id, { action: "approve", resolution: "return_refund" }, agent.token));
  expect(approved.state).toBe("awaiting_return");
  return c.id as string;
}

const timelineOf = (caseId: string) => t.database.db.selectFrom("case_events").select(["type", "actor", "data"]).where("case_id", "=", caseId).orderBy("id").execute();

describe("goods returned at the pickup point", () => {
  it("confirms several cases at once, reporting each, and a second confirmation is harmless", async () => {
    t.clock.set("2026-11-20T06:00:00.000Z");
    const [a, b] = [await awaitingReturn(), await awaitingReturn()];
    const elsewhere = await awaitingReturn(OTHER_POINT);
    const { customerId, orderId } = await orderFor({ sku: "STRW-500" });
    const inReview = (await claim(customerId, orderId, {})).id;

    const answer = await t.server.inject({ method: "POST", url: "/api/v1/leader/returns", headers: bearer(leader.token), payload: { caseIds: [a, b, elsewhere, inReview] } });
    expect(answer.statusCode).toBe(200);
    const results = json(answer).results;
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(["received", "received", "error", "error"]);
    // the goods received, the refund starts by itself
    expect(results[0]).toMatchObject({ caseId: a, state: "refunding", error: null });
    expect(results[2].error.type).toBe("https://anxin.dev/problems/not-found");
    expect(results[3].error.type).toBe("https://anxin.dev/problems/invalid-transition");
    expect((await timelineOf(a)).filter((e) => e.type === "receive_return")).toEqual([expect.objectContaining({ actor: `staff:${leader.id}` })]);
    // the other leader's case was not touched
    expect((await t.database.db.selectFrom("cases").select("state").where("id", "=", elsewhere).executeTakeFirstOrThrow()).state).toBe("awaiting_return");

    const again = json(await t.server.inject({ method: "POST", url: "/api/v1/leader/returns", headers: bearer(leader.token), payload: { caseIds: [a] } }));
    expect(again.results).toEqual([{ caseId: a, outcome: "already_received", state: "refunding", error: null }]);
    expect((await timelineOf(a)).filter((e) => e.type === "receive_return")).toHaveLength(1);
    // only leaders take goods back in batches
    expect((await t.server.inject({ method: "POST", url: "/api/v1/leader/returns", headers: bearer(agent.token), payload: { caseIds: [b] } })).statusCode).toBe(403);
  });
});

describe("batch problem report", () => {
  const SKU = "STRW-CRATE-7";
  const report = (body: object, key: string, token = leader.token) =>
    t.server.inject({ method: "POST", url: "/api/v1/leader/batch-reports", headers: { ...bearer(token), "idempotency-key": key }, payload: body });
  const crate = { pickupPointId: "PP-001", sku: SKU, problemType: "damaged", description: "整箱草莓运输中压坏", answers: { foundWhen: "at_pickup", packagingDamaged: true } };
  let buyers: { customerId: string; orderId: string }[];
  let existingCase: string;
  let first: Record<string, any>;

  it("opens cases for the buyers at that point, updates an already open one, and leaves others alone", async () => {
    t.clock.set("2026-11-20T08:00:00.000Z");
    buyers = [await orderFor({ sku: SKU }), await orderFor({ sku: SKU, quantity: 3 }), await orderFor({ sku: SKU })];
    const atOtherPoint = await orderFor({ sku: SKU, pickupPoint: OTHER_POINT });
    const longAgo = await orderFor({ sku: SKU, deliveredAt: "2026-11-10T01:00:00.000Z" });
    existingCase = (await claim(buyers[1]!.customerId, buyers[1]!.orderId, {})).id;

    const answer = await report(crate, "crate-report-0001");
    expect(answer.statusCode).toBe(201);
    first = json(answer);
    expect(first).toMatchObject({ pickupPointId: "PP-001", sku: SKU, counts: { opened: 2, updated: 1, skipped: 0 }, truncated: false });
    const byCustomer = new Map(first.lines.map((l: { customerId: string }) => [l.customerId, l]));
    expect([...byCustomer.keys()].sort()).toEqual(buyers.map((b) => b.customerId).sort());
    expect(byCustomer.get(buyers[1]!.customerId)).toMatchObject({ outcome: "updated", caseId: existingCase });
    expect(byCustomer.has(atOtherPoint.customerId) || byCustomer.has(longAgo.customerId)).toBe(false);

    // a case filed on the customer's behalf: theirs, all their units, the leader named as filer, policy's decision
    const opened = byCustomer.get(buyers[0]!.customerId) as { caseId: string };
    const kase = await t.database.db.selectFrom("cases").selectAll().where("id", "=", opened.caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ customer_id: buyers[0]!.customerId, order_id: buyers[0]!.orderId, problem_type: "damaged", claimed_fen: 5980 });
    const [submitted] = await timelineOf(opened.caseId);
    expect(submitted).toMatchObject({ type: "submitted", actor: `staff:${leader.id}`, data: { batchReportId: first.id } });

    // the customer who had already claimed keeps one case, with the report on its timeline
    expect(await t.database.db.selectFrom("cases").select("id").where("customer_id", "=", buyers[1]!.customerId).execute()).toEqual([{ id: existingCase }]);
    expect((await timelineOf(existingCase)).filter((e) => e.type === "batch_reported")).toEqual([
      expect.objectContaining({ actor: `staff:${leader.id}`, data: expect.objectContaining({ batchReportId: first.id }) }),
    ]);
    const stored = await t.database.db.selectFrom("batch_reports").selectAll().where("id", "=", first.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ leader_id: "LD-001", reported_by: `staff:${leader.id}`, opened: 2, updated: 1, skipped: 0 });
    const outbox = await t.database.db.selectFrom("outbox").select("topic").where("aggregate_id", "=", existingCase).execute();
    expect(outbox.map((o) => o.topic)).toContain("case.batch_reported");
  });

  it("changes nothing when the same report is sent again, and refuses the key for another report", async () => {
    const countCases = async () => (await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
    const before = { cases: await countCases(), events: (await timelineOf(existingCase)).length };
    const again = await report(crate, "crate-report-0001");
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(json(again)).toEqual(first);
    expect({ cases: await countCases(), events: (await timelineOf(existingCase)).length }).toEqual(before);
    expect(await t.database.db.selectFrom("batch_reports").select("id").execute()).toHaveLength(1);
    expect((await report({ ...crate, description: "别的问题" }, "crate-report-0001")).statusCode).toBe(422);
  });

  it("lets only the point's leader (or an agent) report, and narrows to a batch when given", async () => {
    expect((await report(crate, "crate-report-0002", stranger.token)).statusCode).toBe(404);
    expect((await report({ ...crate, pickupPointId: "PP-404" }, "crate-report-0003")).statusCode).toBe(404);
    const customer = await t.tokenFor(buyers[0]!.customerId);
    expect((await report(crate, "crate-report-0004", customer)).statusCode).toBe(403);

    const other = await orderFor({ sku: SKU, batchId: "B-OTHER" });
    const byAgent = await report({ ...crate, batchId: "B-OTHER", description: "另一批次也压坏了" }, "crate-report-0005", agent.token);
    expect(byAgent.statusCode).toBe(201);
    expect(json(byAgent).lines).toEqual([expect.objectContaining({ customerId: other.customerId, outcome: "opened" })]);
  });
});

describe("leader scores", () => {
  it("counts cases at the points, approvals against the limits, response times, returns and reports", async () => {
    // a fresh leader with known work: cases filed at 12:00, acted on 10, 20 and 60 minutes later
    const point = { id: "PP-003", name: "湘江自提点", city: "长沙", leader: { id: "LD-003", name: "陈团长", phone: "13700006666" } };
    t.clock.set("2026-11-21T04:00:00.000Z");
    agent.token = await signIn(agent.id);
    await ingest({ ...makeOrder(), pickupPoint: point });
    const own = await t.staff("leader", { leaderId: "LD-003" });
    const cases = [];
    for (let i = 0; i < 2; i++) {
      const { customerId, orderId } = await orderFor({ sku: "STRW-500", pickupPoint: point });
      cases.push((await claim(customerId, orderId, {})).id);
    }
    const returned = await awaitingReturn(point);
    t.clock.advance(10 * 60_000);
    expect((await act(cases[0], { action: "approve", amountFen: 1_000 }, own.token)).statusCode).toBe(200);
    t.clock.advance(10 * 60_000);
    expect((await act(cases[1], { action: "approve", amountFen: 2_990 }, own.token)).statusCode).toBe(200);
    t.clock.advance(40 * 60_000);
    expect((await t.server.inject({ method: "POST", url: "/api/v1/leader/returns", headers: bearer(own.token), payload: { caseIds: [returned] } })).statusCode).toBe(200);

    const mine = await t.server.inject({ method: "GET", url: "/api/v1/leaders/me/scores?days=30", headers: bearer(own.token) });
    expect(mine.statusCode).toBe(200);
    expect(json(mine)).toMatchObject({
      leaderId: "LD-003",
      days: 30,
      casesAtPoints: 3,
      approvals: { count: 2, totalFen: 3_990, largestFen: 2_990, busiestDayFen: 3_990, daysAtDailyLimit: 0, approvedTodayFen: 3_990, remainingTodayFen: 46_010 },
      limits: { perCaseFen: 5_000, perDayFen: 50_000 },
      responseMinutes: { measured: 3, median: 20, p90: 60 },
      returnsConfirmed: 1,
      batchReports: { reports: 0, casesOpened: 0, casesUpdated: 0 },
      satisfaction: null,
    });
    // the same work per China day, every day of the period present, today last
    const daily = json(mine).daily;
    expect(daily).toHaveLength(30);
    expect(daily[0].day).toBe("2026-10-23");
    expect(daily.at(-1)).toEqual({ day: "2026-11-21", casesFiled: 3, approvals: 2, approvedFen: 3_990, returnsConfirmed: 1 });
    expect(daily.slice(0, -1).every((d: { casesFiled: number; approvals: number }) => d.casesFiled === 0 && d.approvals === 0)).toBe(true);

    const supervisor = await t.staff("supervisor");
    const forLd001 = json(await t.server.inject({ method: "GET", url: "/api/v1/leaders/LD-001/scores", headers: bearer(supervisor.token) }));
    expect(forLd001.batchReports).toEqual({ reports: 2, casesOpened: 3, casesUpdated: 1 });
    expect(forLd001.returnsConfirmed).toBe(2);
    expect((await t.server.inject({ method: "GET", url: "/api/v1/leaders/LD-404/scores", headers: bearer(supervisor.token) })).statusCode).toBe(404);
    expect((await t.server.inject({ method: "GET", url: "/api/v1/leaders/LD-001/scores", headers: bearer(own.token) })).statusCode).toBe(403);
  });
});

describe("goods a leader can report on", () => {
  it("lists my points and the SKUs and batches received there within the quality window, not another leader's", async () => {
    const point = { id: "PP-004", name: "橘子洲自提点", city: "长沙", leader: { id: "LD-004", name: "周团长", phone: "13700005555" } };
    t.clock.set("2026-11-21T05:00:00.000Z");
    await orderFor({ sku: "PEAR-1KG", pickupPoint: point });
    await orderFor({ sku: "PEAR-1KG", pickupPoint: point });
    await orderFor({ sku: "PEAR-1KG", pickupPoint: point, batchId: "B-PEAR-02" });
    await orderFor({ sku: "OLD-SKU", pickupPoint: point, deliveredAt: "2026-10-01T01:00:00.000Z" });
    const own = await t.staff("leader", { leaderId: "LD-004" });

    const answer = await t.server.inject({ method: "GET", url: "/api/v1/leader/recent-goods", headers: bearer(own.token) });
    expect(answer.statusCode).toBe(200);
    const body = json(answer);
    expect(body.pickupPoints).toEqual([{ id: "PP-004", name: "橘子洲自提点", city: "长沙", address: null }]);
    expect(body.goods).toHaveLength(2);
    expect(body.goods).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pickupPointId: "PP-004", sku: "PEAR-1KG", batchId: "B20261119-STRW-01", orderLines: 2, customers: 2 }),
        expect.objectContaining({ pickupPointId: "PP-004", sku: "PEAR-1KG", batchId: "B-PEAR-02", orderLines: 1, customers: 1 }),
      ]),
    );
    expect(body.truncated).toBe(false);

    const otherLeader = await t.staff("leader", { leaderId: "LD-002" });
    const others = json(await t.server.inject({ method: "GET", url: "/api/v1/leader/recent-goods", headers: bearer(otherLeader.token) }));
    expect(others.pickupPoints.map((p: { id: string }) => p.id)).toEqual(["PP-002"]);
    expect(others.goods.every((g: { pickupPointId: string }) => g.pickupPointId === "PP-002")).toBe(true);
    const anAgent = await t.staff("agent");
    expect((await t.server.inject({ method: "GET", url: "/api/v1/leader/recent-goods", headers: bearer(anAgent.token) })).statusCode).toBe(403);
  });
});

describe("OpenAPI", () => {
  it("documents the leaders' endpoints with their roles", async () => {
    const doc = json(await t.server.inject({ method: "GET", url: "/openapi.json" }));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/leader/returns", "/api/v1/leader/batch-reports", "/api/v1/leaders/me/scores", "/api/v1/leaders/{leaderId}/scores"]));
    const batch = doc.paths["/api/v1/leader/batch-reports"].post;
    expect(batch.description).toContain("Roles: leader, agent, supervisor.");
    expect(batch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: "header", name: "idempotency-key", required: true })]));
    expect(doc.paths["/api/v1/leaders/me/scores"].get.responses["200"].content["application/json"].schema.properties.satisfaction.description).toContain("null until");
  });
});
