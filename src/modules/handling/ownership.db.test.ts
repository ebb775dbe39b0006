import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { ZHUZHOU_POINT, handlingKit } from "./handling.fixtures.js";

const problem = (slug: string) => `https://anxin.dev/problems/${slug}`;

/** Take, hand over, reassign (首问负责: the owner stays responsible until they hand over). */
describe("ownership", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  let owner: { id: string; token: string };
  let other: { id: string; token: string };
  let supervisor: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp();
    kit = handlingKit(t);
    owner = await t.staff("agent");
    other = await t.staff("agent");
    supervisor = await t.staff("supervisor");
  });
  afterAll(() => t.close());

  it("lets an agent take an unowned case, and refuses a second taker with 409", async () => {
    const c = await kit.reviewCase();
    const taken = await kit.call("POST", `/cases/${c.id}/take`, owner.token);
    expect(taken.statusCode).toBe(200);
    expect(json(taken)).toMatchObject({ caseId: c.id, ownerId: owner.id, ownerName: expect.any(String), ownedSince: expect.any(String) });
    // taking your own case again changes nothing
    expect(json(await kit.call("POST", `/cases/${c.id}/take`, owner.token)).ownerId).toBe(owner.id);
    const refused = await kit.call("POST", `/cases/${c.id}/take`, other.token);
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ type: problem("already-owned"), ownerId: owner.id });
    expect(await kit.outbox(c.id, "case.owner_changed")).toHaveLength(1);
  });

  it("lets the owner hand over, keeps the note internal, and refuses another agent with 403", async () => {
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, owner.token);
    const stranger = await kit.call("POST", `/cases/${c.id}/handover`, other.token, { toStaffId: other.id });
    expect(stranger.statusCode).toBe(403);
    expect((await kit.caseRow(c.id)).owner_id).toBe(owner.id);

    const handed = await kit.call("POST", `/cases/${c.id}/handover`, owner.token, { toStaffId: other.id, note: "客户下午三点后方便接电话" });
    expect(json(handed)).toMatchObject({ ownerId: other.id });
    const entry = (await kit.timeline(c.id)).filter((e) => e.type === "owner_changed").at(-1);
    expect(entry).toMatchObject({ actor: `staff:${owner.id}`, data: { from: owner.id, to: other.id, reason: "handover", noteId: expect.any(Number) } });
    expect(await kit.outbox(c.id, "case.owner_changed")).toHaveLength(2);
    const notes = json(await kit.call("GET", `/cases/${c.id}/notes`, other.token)).notes;
    expect(notes).toEqual([expect.objectContaining({ kind: "handover", body: "客户下午三点后方便接电话", authorId: owner.id })]);
    const seenByCustomer = await kit.call("GET", `/cases/${c.id}`, await t.tokenFor(c.customerId));
    expect(seenByCustomer.body).not.toContain("三点");
    // the former owner no longer may hand it on
    expect((await kit.call("POST", `/cases/${c.id}/handover`, owner.token, { toStaffId: owner.id })).statusCode).toBe(403);
  });

  it("answers a retried handover as the first, and writes nothing again", async () => {
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, owner.token);
    const send = () => kit.call("POST", `/cases/${c.id}/handover`, owner.token, { toStaffId: other.id, note: "已联系过客户" });
    const first = await send();
    const again = await send();
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(json(first));
    expect((await kit.timeline(c.id)).filter((e) => e.type === "owner_changed")).toHaveLength(2);
    expect(await kit.outbox(c.id, "case.owner_changed")).toHaveLength(2);
    expect(json(await kit.call("GET", `/cases/${c.id}/notes`, other.token)).notes).toHaveLength(1);
  });

  it("refuses an agent handing over a case nobody owns yet", async () => {
    const c = await kit.reviewCase();
    expect((await kit.call("POST", `/cases/${c.id}/handover`, other.token, { toStaffId: owner.id })).statusCode).toBe(403);
  });

  it("lets a supervisor hand over anyone's case, and reassign or unassign it", async () => {
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, owner.token);
    expect(json(await kit.call("POST", `/cases/${c.id}/handover`, supervisor.token, { toStaffId: other.id }))).toMatchObject({ ownerId: other.id });
    expect(json(await kit.call("POST", `/cases/${c.id}/assign`, supervisor.token, { staffId: owner.id }))).toMatchObject({ ownerId: owner.id });
    expect(json(await kit.call("POST", `/cases/${c.id}/assign`, supervisor.token, { staffId: null }))).toMatchObject({ ownerId: null, ownedSince: null });
    const changes = (await kit.timeline(c.id)).filter((e) => e.type === "owner_changed").map((e) => (e.data as { reason: string }).reason);
    expect(changes).toEqual(["taken", "handover", "reassigned", "unassigned"]);
    // only a supervisor reassigns
    expect((await kit.call("POST", `/cases/${c.id}/assign`, owner.token, { staffId: owner.id })).statusCode).toBe(403);
  });

  it("hands a case only to an agent or supervisor who can still log in", async () => {
    const c = await kit.reviewCase();
    const warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
    const res = await kit.call("POST", `/cases/${c.id}/assign`, supervisor.token, { staffId: warehouse.id });
    expect(res.statusCode).toBe(422);
    expect((await kit.call("POST", `/cases/${c.id}/assign`, supervisor.token, { staffId: "S-nobody" })).statusCode).toBe(422);
  });

  it("refuses to change the owner of a finished case", async () => {
    const c = await kit.reviewCase();
    await kit.reject(c.id);
    expect((await kit.call("POST", `/cases/${c.id}/take`, owner.token)).statusCode).toBe(409);
  });

  it("answers 404 for a case out of the caller's scope and 403 to a customer", async () => {
    expect((await kit.call("POST", "/cases/AS-none/take", owner.token)).statusCode).toBe(404);
    const c = await kit.reviewCase();
    expect((await kit.call("POST", `/cases/${c.id}/take`, await t.tokenFor(c.customerId))).statusCode).toBe(403);
  });
});

describe("escalation", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  beforeAll(async () => {
    t = await startTestApp();
    kit = handlingKit(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => kit.everyoneOffDuty());

  it("raises the level and gives the case to the least-loaded supervisor on duty; the reason stays internal", async () => {
    const agent = await t.staff("agent");
    const busy = await t.staff("supervisor", { onDuty: true });
    const c0 = await kit.reviewCase();
    await kit.call("POST", `/cases/${c0.id}/take`, busy.token);
    const free = await t.staff("supervisor", { onDuty: true });
    await t.staff("supervisor", { onDuty: false });
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, agent.token);
    const res = await kit.call("POST", `/cases/${c.id}/escalate`, agent.token, { reason: "客户情绪激动，要求投诉" });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ escalationLevel: 1, ownerId: free.id });
    expect(await kit.outbox(c.id, "case.escalated")).toEqual([expect.objectContaining({ payload: expect.objectContaining({ level: 1, supervisorId: free.id, reason: "客户情绪激动，要求投诉" }) })]);
    expect((await kit.timeline(c.id)).map((e) => e.type).slice(-2)).toEqual(["owner_changed", "escalated"]);
    expect((await kit.call("GET", `/cases/${c.id}`, await t.tokenFor(c.customerId))).body).not.toContain("情绪");
    const queue = json(await kit.call("GET", "/queue?view=escalated&limit=100", free.token));
    expect(queue.cases).toEqual([expect.objectContaining({ caseId: c.id, escalationLevel: 1, ownerId: free.id })]);
  });

  it("escalates without a new owner when no supervisor is on duty", async () => {
    const agent = await t.staff("agent");
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, agent.token);
    expect(json(await kit.call("POST", `/cases/${c.id}/escalate`, agent.token, { reason: "超时" }))).toMatchObject({ escalationLevel: 1, ownerId: agent.id });
    expect(json(await kit.call("POST", `/cases/${c.id}/escalate`, agent.token, { reason: "仍未解决" }))).toMatchObject({ escalationLevel: 2 });
  });

  it("escalates once when retried with the same Idempotency-Key, even at the same moment", async () => {
    const agent = await t.staff("agent");
    await t.staff("supervisor", { onDuty: true });
    const c = await kit.reviewCase();
    await kit.call("POST", `/cases/${c.id}/take`, agent.token);
    const send = (key: string, reason = "客户要求升级") =>
      t.server.inject({ method: "POST", url: `/api/v1/cases/${c.id}/escalate`, headers: { ...kit.bearer(agent.token), "idempotency-key": key }, payload: { reason } });
    const [first, twin] = await Promise.all([send("escalate-retry-01"), send("escalate-retry-01")]);
    const again = await send("escalate-retry-01");
    expect([first.statusCode, twin.statusCode, again.statusCode]).toEqual([200, 200, 200]);
    expect(json(first)).toMatchObject({ escalationLevel: 1 });
    expect(json(twin)).toEqual(json(first));
    expect(json(again)).toEqual(json(first));
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect((await kit.caseRow(c.id)).escalation_level).toBe(1);
    expect(await kit.outbox(c.id, "case.escalated")).toHaveLength(1);
    expect((await kit.timeline(c.id)).filter((e) => e.type === "escalated")).toHaveLength(1);
    const notes = json(await kit.call("GET", `/cases/${c.id}/notes`, agent.token)).notes;
    expect(notes.filter((n: { kind: string }) => n.kind === "escalation")).toHaveLength(1);
    // the key names one request: another reason under it is refused; a new key escalates again
    expect((await send("escalate-retry-01", "另一个原因")).statusCode).toBe(422);
    expect(json(await send("escalate-retry-02"))).toMatchObject({ escalationLevel: 2 });
  });

  it("lets a leader escalate a case of their pickup point, and no other", async () => {
    const leader = await t.staff("leader", { leaderId: "LD-001" });
    const mine = await kit.reviewCase();
    const theirs = await kit.reviewCase({ pickupPoint: ZHUZHOU_POINT });
    expect((await kit.call("POST", `/cases/${mine.id}/escalate`, leader.token, { reason: "团长反馈" })).statusCode).toBe(200);
    expect((await kit.call("POST", `/cases/${theirs.id}/escalate`, leader.token, { reason: "团长反馈" })).statusCode).toBe(404);
    expect((await kit.caseRow(theirs.id)).escalation_level).toBe(0);
  });
});

/** Clients cache cases on their revision: every change of owner or escalation level moves it on. */
describe("case revision", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set("2026-11-20T06:00:00.000Z");
    kit = handlingKit(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => kit.everyoneOffDuty());

  /** Runs a change at a later moment; answers how far it moved the revision, checking updated_at. */
  async function bump(caseId: string, change: () => Promise<{ statusCode: number }>, status = 200) {
    const before = await kit.caseRow(caseId);
    t.clock.advance(60_000);
    expect((await change()).statusCode).toBe(status);
    const after = await kit.caseRow(caseId);
    expect(after.updated_at.toISOString()).toBe(t.clock().toISOString());
    return after.revision - before.revision;
  }

  it("moves on with take, handover, reassignment, escalation and automatic assignment", async () => {
    const agent = await t.staff("agent");
    const other = await t.staff("agent");
    const supervisor = await t.staff("supervisor");
    const c = await kit.reviewCase();
    expect(await bump(c.id, () => kit.call("POST", `/cases/${c.id}/take`, agent.token))).toBe(1);
    expect(await bump(c.id, () => kit.call("POST", `/cases/${c.id}/handover`, agent.token, { toStaffId: other.id }))).toBe(1);
    expect(await bump(c.id, () => kit.call("POST", `/cases/${c.id}/assign`, supervisor.token, { staffId: agent.id }))).toBe(1);
    // no supervisor on duty: the level alone changes
    expect(await bump(c.id, () => kit.call("POST", `/cases/${c.id}/escalate`, agent.token, { reason: "超时" }))).toBe(1);

    const unassigned = await kit.reviewCase();
    await t.staff("agent", { onDuty: true });
    const assigned = await kit.reviewCase();
    expect((await kit.caseRow(assigned.id)).revision).toBe((await kit.caseRow(unassigned.id)).revision + 1);
  });

  it("moves on when the first agent to write to the customer becomes the owner (首问负责)", async () => {
    const agent = await t.staff("agent");
    const c = await kit.reviewCase();
    expect(await bump(c.id, () => kit.call("POST", `/cases/${c.id}/messages`, agent.token, { body: "您好，我来处理您的问题" }), 201)).toBe(1);
    expect((await kit.caseRow(c.id)).owner_id).toBe(agent.id);
  });
});
