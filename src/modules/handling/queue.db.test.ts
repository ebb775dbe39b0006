import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { ZHUZHOU_POINT, handlingKit } from "./handling.fixtures.js";

type Row = { caseId: string; nextDeadline: { at: string; kind: string; warnAt: string | null } | null; viewers: { staffId: string }[] };

describe("the queue, internal notes and who is viewing", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  let agent: { id: string; token: string };
  let colleague: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set("2026-11-20T06:00:00.000Z");
    kit = handlingKit(t);
    agent = await t.staff("agent");
    colleague = await t.staff("agent");
  });
  afterAll(() => t.close());

  /** Gives a case exactly one running SLA clock with this deadline (or none), whatever else runs clocks. */
  async function deadline(caseId: string, at: string | null, kind = "first_response") {
    const db = t.database.db;
    await db.updateTable("sla_clocks").set({ stopped_at: t.clock() }).where("case_id", "=", caseId).where("stopped_at", "is", null).execute();
    if (at === null) return;
    await db
      .insertInto("sla_clocks")
      .values({ case_id: caseId, task_id: null, kind, department: "agent", calendar: "cn-customer-service", started_at: t.clock(), budget_minutes: 60, pauses: "[]", deadline_at: new Date(at) })
      .execute();
  }
  const queueIds = async (query: string, token = agent.token) => (json(await kit.call("GET", `/queue?${query}`, token)).cases as Row[]).map((r) => r.caseId);

  it("orders open cases by the nearest running deadline, cases without one last, then oldest first; pages with a cursor", async () => {
    const late = await kit.reviewCase();
    t.clock.advance(1000);
    const none1 = await kit.reviewCase();
    t.clock.advance(1000);
    const soon = await kit.reviewCase();
    t.clock.advance(1000);
    const none2 = await kit.reviewCase();
    const done = await kit.reviewCase();
    await deadline(late.id, "2026-11-19T09:00:00.000Z", "resolution");
    await deadline(soon.id, "2026-11-19T08:00:00.000Z");
    await deadline(none1.id, null);
    await deadline(none2.id, null);
    await kit.reject(done.id);
    const ours = new Set([late.id, none1.id, soon.id, none2.id, done.id]);

    const all = (json(await kit.call("GET", "/queue?limit=100", agent.token)).cases as Row[]).filter((r) => ours.has(r.caseId));
    expect(all.map((r) => r.caseId)).toEqual([soon.id, late.id, none1.id, none2.id]);
    expect(all[0]!.nextDeadline).toEqual({ at: "2026-11-19T08:00:00.000Z", kind: "first_response", warnAt: null });
    expect(all[1]!.nextDeadline).toEqual({ at: "2026-11-19T09:00:00.000Z", kind: "resolution", warnAt: null });
    expect(all[2]!.nextDeadline).toBeNull();

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = json(await kit.call("GET", `/queue?limit=2${cursor ? `&cursor=${cursor}` : ""}`, agent.token));
      expect(page.cases.length).toBeLessThanOrEqual(2);
      paged.push(...page.cases.map((r: Row) => r.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.filter((id) => ours.has(id))).toEqual([soon.id, late.id, none1.id, none2.id]);
    expect(new Set(paged).size).toBe(paged.length);
    expect((await kit.call("GET", "/queue?cursor=not-a-cursor", agent.token)).statusCode).toBe(422);
  });

  it("tells when each row's clock starts warning, so a screen colours it as the deadline nears", async () => {
    const kase = await kit.reviewCase();
    const row = (json(await kit.call("GET", "/queue?limit=100", agent.token)).cases as Row[]).find((r) => r.caseId === kase.id);
    const { at, warnAt } = row!.nextDeadline!;
    const clock = await t.database.db.selectFrom("sla_clocks").select(["warn_at", "deadline_at"]).where("case_id", "=", kase.id).where("stopped_at", "is", null).orderBy("deadline_at").executeTakeFirstOrThrow();
    expect(at).toBe(clock.deadline_at!.toISOString());
    expect(warnAt).toBe(clock.warn_at!.toISOString());
    expect(Date.parse(warnAt!)).toBeLessThan(Date.parse(at));
  });

  it("filters by view, problem type, state and pickup point", async () => {
    const mine = await kit.reviewCase();
    await kit.call("POST", `/cases/${mine.id}/take`, agent.token);
    const free = await kit.reviewCase();
    expect(await queueIds("view=mine&limit=100")).toEqual([mine.id]);
    const unassigned = await queueIds("view=unassigned&limit=100");
    expect(unassigned).toContain(free.id);
    expect(unassigned).not.toContain(mine.id);
    expect(await queueIds("problemType=spoiled&limit=100")).toEqual([]);
    expect(await queueIds("state=rejected&limit=100")).toEqual([]);
    expect(await queueIds("state=in_review&pickupPointId=PP-001&limit=100")).toEqual(expect.arrayContaining([mine.id, free.id]));
  });

  it("shows a leader the cases of their pickup points only, and refuses customers", async () => {
    const theirs = await kit.reviewCase({ pickupPoint: ZHUZHOU_POINT });
    const leader = await t.staff("leader", { leaderId: ZHUZHOU_POINT.leader.id });
    const elsewhere = await kit.reviewCase();
    const seen = await queueIds("limit=100", leader.token);
    expect(seen).toEqual([theirs.id]);
    expect(seen).not.toContain(elsewhere.id);
    expect((await kit.call("GET", "/queue", await t.tokenFor(elsewhere.customerId))).statusCode).toBe(403);
  });

  it("keeps internal notes from the customer: staff see on the timeline that a note was added, the customer not even that", async () => {
    const c = await kit.reviewCase();
    const added = await kit.call("POST", `/cases/${c.id}/notes`, agent.token, { body: "疑似重复投诉，核对历史订单" });
    expect(added.statusCode).toBe(201);
    expect(json(added)).toMatchObject({ caseId: c.id, kind: "note", authorId: agent.id, body: "疑似重复投诉，核对历史订单" });
    const customer = await t.tokenFor(c.customerId);
    const view = await kit.call("GET", `/cases/${c.id}`, customer);
    expect(json(view).timeline.map((e: { type: string }) => e.type)).not.toContain("note_added");
    const staffView = await kit.call("GET", `/cases/${c.id}`, colleague.token);
    expect(json(staffView).timeline.find((e: { type: string }) => e.type === "note_added")?.data).not.toHaveProperty("body");
    expect(view.body).not.toContain("重复投诉");
    expect((await kit.call("GET", `/cases/${c.id}/notes`, customer)).statusCode).toBe(403);
    expect((await kit.call("POST", `/cases/${c.id}/notes`, customer, { body: "x" })).statusCode).toBe(403);
    expect(json(await kit.call("GET", `/cases/${c.id}/notes`, colleague.token)).notes).toHaveLength(1);
    await kit.reviewCase({ pickupPoint: ZHUZHOU_POINT }); // the other leader comes with their point's first order
    const otherLeader = await t.staff("leader", { leaderId: ZHUZHOU_POINT.leader.id });
    expect((await kit.call("GET", `/cases/${c.id}/notes`, otherLeader.token)).statusCode).toBe(404);
  });

  it("adds a note once when retried with the same Idempotency-Key", async () => {
    const c = await kit.reviewCase();
    const send = () => t.server.inject({ method: "POST", url: `/api/v1/cases/${c.id}/notes`, headers: { ...kit.bearer(agent.token), "idempotency-key": "note-retry-0001" }, payload: { body: "已致电客户" } });
    const first = await send();
    const again = await send();
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(json(again).id).toBe(json(first).id);
    expect(json(await kit.call("GET", `/cases/${c.id}/notes`, agent.token)).notes).toHaveLength(1);
  });

  it("tells an agent who else has the case open, until their heartbeat is 30 s old", async () => {
    const c = await kit.reviewCase();
    expect(json(await kit.call("POST", `/cases/${c.id}/presence`, agent.token))).toEqual({ others: [], windowSeconds: 30 });
    t.clock.advance(20_000);
    const second = json(await kit.call("POST", `/cases/${c.id}/presence`, colleague.token));
    expect(second.others).toEqual([expect.objectContaining({ staffId: agent.id, role: "agent" })]);
    const row = (json(await kit.call("GET", "/queue?limit=100", agent.token)).cases as Row[]).find((r) => r.caseId === c.id)!;
    expect(row.viewers.map((v) => v.staffId).sort()).toEqual([agent.id, colleague.id].sort());
    t.clock.advance(15_000);
    expect(json(await kit.call("GET", `/cases/${c.id}/presence`, agent.token)).viewers.map((v: { staffId: string }) => v.staffId)).toEqual([colleague.id]);
    expect((await kit.call("DELETE", `/cases/${c.id}/presence`, colleague.token)).statusCode).toBe(204);
    expect(json(await kit.call("GET", `/cases/${c.id}/presence`, agent.token)).viewers).toEqual([]);
    expect((await kit.call("POST", `/cases/${c.id}/presence`, await t.tokenFor(c.customerId))).statusCode).toBe(403);
  });

  it("prunes a case's stale heartbeats on every read and write of its presence, whoever left them", async () => {
    const viewerRows = async (caseId: string) => (await t.database.db.selectFrom("case_viewers").select("staff_id").where("case_id", "=", caseId).execute()).map((r) => r.staff_id);
    const [a, b, c] = [await kit.reviewCase(), await kit.reviewCase(), await kit.reviewCase()];
    // the colleague looks at all three, then goes away without a goodbye and never comes back
    for (const k of [a, b, c]) await kit.call("POST", `/cases/${k.id}/presence`, colleague.token);
    t.clock.advance(31_000);
    await kit.call("POST", `/cases/${a.id}/presence`, agent.token);
    expect(await viewerRows(a.id)).toEqual([agent.id]);
    await kit.call("GET", `/cases/${b.id}/presence`, agent.token);
    expect(await viewerRows(b.id)).toEqual([]);
    await kit.call("GET", "/queue?limit=100", agent.token);
    expect(await viewerRows(c.id)).toEqual([]);
  });
});
