import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { ZHUZHOU_POINT, handlingKit } from "./handling.fixtures.js";
import { assignWaitingCases } from "./sweep.js";

/** Automatic assignment of cases that come to need a person (issue 3 §2). */
describe("automatic assignment", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set("2026-11-20T06:00:00.000Z");
    kit = handlingKit(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => kit.everyoneOffDuty());

  it("gives a case filed into review to the agent on duty with its problem type and its city", async () => {
    await t.staff("agent", { onDuty: false });
    await t.staff("agent", { onDuty: true, skills: ["spoiled"] });
    await t.staff("agent", { onDuty: true, regions: ["株洲"] });
    const right = await t.staff("agent", { onDuty: true, skills: ["damaged", "spoiled"], regions: ["长沙"] });
    const c = await kit.reviewCase();
    expect((await kit.caseRow(c.id)).owner_id).toBe(right.id);
    expect((await kit.timeline(c.id)).find((e) => e.type === "owner_changed")).toMatchObject({ actor: "system:assignment", data: { from: null, to: right.id, reason: "automatic" } });
    expect(await kit.outbox(c.id, "case.owner_changed")).toEqual([expect.objectContaining({ payload: expect.objectContaining({ caseId: c.id, to: right.id }) })]);
  });

  it("matches the region against the pickup point's city", async () => {
    const changsha = await t.staff("agent", { onDuty: true, regions: ["长沙"] });
    const zhuzhou = await t.staff("agent", { onDuty: true, regions: ["株洲"] });
    expect((await kit.caseRow((await kit.reviewCase({ pickupPoint: ZHUZHOU_POINT })).id)).owner_id).toBe(zhuzhou.id);
    expect((await kit.caseRow((await kit.reviewCase()).id)).owner_id).toBe(changsha.id);
  });

  it("leaves the case unowned in the queue when nobody is on duty, and says so once", async () => {
    await t.staff("agent", { onDuty: false });
    const supervisor = await t.staff("supervisor", { onDuty: true });
    const c = await kit.reviewCase();
    expect((await kit.caseRow(c.id)).owner_id).toBeNull();
    const waiting = (await kit.timeline(c.id)).filter((e) => e.type === "assignment_waiting");
    expect(waiting).toHaveLength(1);
    expect(await kit.outbox(c.id, "case.assignment_waiting")).toHaveLength(1);
    expect(await kit.outbox(c.id, "case.owner_changed")).toHaveLength(0);
    // a later note on the waiting case does not try again nor say it again
    await kit.call("POST", `/cases/${c.id}/notes`, supervisor.token, { body: "先放着" });
    expect((await kit.timeline(c.id)).filter((e) => e.type === "assignment_waiting")).toHaveLength(1);
    const queue = json(await kit.call("GET", "/queue?view=unassigned&limit=100", supervisor.token));
    expect(queue.cases.map((r: { caseId: string }) => r.caseId)).toContain(c.id);
  });

  it("gives waiting cases to an agent who comes on duty, oldest first, up to their capacity", async () => {
    // earlier tests' waiting cases are closed, so these three are the only ones
    const earlier = await t.database.db.selectFrom("cases").select("id").where("state", "=", "in_review").where("owner_id", "is", null).execute();
    for (const { id } of earlier) await kit.reject(id);
    const first = await kit.reviewCase();
    t.clock.advance(60_000);
    const second = await kit.reviewCase();
    t.clock.advance(60_000);
    const third = await kit.reviewCase();
    const sweep = () => assignWaitingCases({ db: t.database.db, clock: t.clock });
    // nobody on duty yet: the sweep leaves them waiting and writes nothing
    expect(await sweep()).toBe(0);
    expect((await kit.timeline(first.id)).filter((e) => e.type === "assignment_waiting")).toHaveLength(1);
    const agent = await t.staff("agent", { onDuty: true, capacity: 2 });
    expect(await sweep()).toBe(2);
    expect((await kit.caseRow(first.id)).owner_id).toBe(agent.id);
    expect((await kit.caseRow(second.id)).owner_id).toBe(agent.id);
    expect((await kit.caseRow(third.id)).owner_id).toBeNull();
    expect((await kit.timeline(first.id)).find((e) => e.type === "owner_changed")).toMatchObject({ actor: "system:assignment", data: { to: agent.id, reason: "waited" } });
    expect(await kit.outbox(first.id, "case.owner_changed")).toHaveLength(1);
    // a second sweep changes nothing
    expect(await sweep()).toBe(0);
    expect(await kit.outbox(first.id, "case.owner_changed")).toHaveLength(1);
  });

  it("fills an agent up to their capacity, then leaves the next case waiting", async () => {
    const agent = await t.staff("agent", { onDuty: true, capacity: 2 });
    const first = await kit.reviewCase();
    const second = await kit.reviewCase();
    const third = await kit.reviewCase();
    expect((await kit.caseRow(first.id)).owner_id).toBe(agent.id);
    expect((await kit.caseRow(second.id)).owner_id).toBe(agent.id);
    expect((await kit.caseRow(third.id)).owner_id).toBeNull();
    // a finished case frees its place
    await kit.reject(first.id);
    expect((await kit.caseRow((await kit.reviewCase()).id)).owner_id).toBe(agent.id);
  });

  it("gives the case to the least loaded agent", async () => {
    const busy = await t.staff("agent", { onDuty: true });
    const c1 = await kit.reviewCase();
    expect((await kit.caseRow(c1.id)).owner_id).toBe(busy.id);
    const idle = await t.staff("agent", { onDuty: true });
    expect((await kit.caseRow((await kit.reviewCase()).id)).owner_id).toBe(idle.id);
  });

  it("takes turns among equally loaded agents (round-robin), whatever their ids", async () => {
    const a = await t.staff("agent", { onDuty: true, id: "S-rr-a" });
    const b = await t.staff("agent", { onDuty: true, id: "S-rr-b" });
    const given: string[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60_000);
      const c = await kit.reviewCase();
      given.push((await kit.caseRow(c.id)).owner_id!);
      // closed at once: the loads stay equal, only the turns decide
      await kit.reject(c.id);
    }
    expect(given).toEqual([a.id, b.id, a.id, b.id]);
  });

  it("spreads a burst of filings over the agents on duty instead of queueing them all on one", async () => {
    const agents = [await t.staff("agent", { onDuty: true, capacity: 10 }), await t.staff("agent", { onDuty: true, capacity: 10 }), await t.staff("agent", { onDuty: true, capacity: 10 })];
    const filings = [];
    for (let i = 0; i < 12; i++) filings.push(await kit.orderToClaim());
    const burst = await Promise.all(filings.map((file) => file()));
    const owners = await Promise.all(burst.map(async (c) => (await kit.caseRow(c.id)).owner_id));
    const load = agents.map((a) => owners.filter((o) => o === a.id).length);
    // every case went to one of them, once
    expect(owners.every((o) => agents.some((a) => a.id === o))).toBe(true);
    for (const c of burst) {
      expect((await kit.timeline(c.id)).filter((e) => e.type === "owner_changed")).toHaveLength(1);
      expect(await kit.outbox(c.id, "case.owner_changed")).toHaveLength(1);
    }
    // spread: nobody left out, nobody given the lion's share (queueing on one row gave one agent 10)
    expect(Math.min(...load)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...load)).toBeLessThanOrEqual(6);
  });

  it("fills every agent to capacity and no further under a burst larger than all their places", async () => {
    const agents = [await t.staff("agent", { onDuty: true, capacity: 2 }), await t.staff("agent", { onDuty: true, capacity: 2 }), await t.staff("agent", { onDuty: true, capacity: 2 })];
    const filings = [];
    for (let i = 0; i < 8; i++) filings.push(await kit.orderToClaim());
    const burst = await Promise.all(filings.map((file) => file()));
    const owners = await Promise.all(burst.map(async (c) => (await kit.caseRow(c.id)).owner_id));
    expect(agents.map((a) => owners.filter((o) => o === a.id).length)).toEqual([2, 2, 2]);
    expect(owners.filter((o) => o === null)).toHaveLength(2);
  });

  it("never overfills an agent when two cases are filed at the same moment", async () => {
    const agent = await t.staff("agent", { onDuty: true, capacity: 1 });
    const [x, y] = await Promise.all([kit.reviewCase(), kit.reviewCase()]);
    const owners = [(await kit.caseRow(x!.id)).owner_id, (await kit.caseRow(y!.id)).owner_id];
    expect(owners.filter((o) => o === agent.id)).toHaveLength(1);
    expect(owners.filter((o) => o === null)).toHaveLength(1);
  });
});

/** 首问负责制: the first agent to act owns the case. */
describe("first-touch ownership", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  beforeAll(async () => {
    t = await startTestApp();
    kit = handlingKit(t);
  });
  afterAll(() => t.close());

  it("makes the first agent who acts on an unowned case its owner; a second agent acting changes nothing", async () => {
    const first = await t.staff("agent");
    const second = await t.staff("agent");
    const c = await kit.reviewCase();
    expect((await kit.caseRow(c.id)).owner_id).toBeNull();
    expect((await kit.call("POST", `/cases/${c.id}/actions`, first.token, { action: "request_info", question: "请补充照片" })).statusCode).toBe(200);
    expect((await kit.caseRow(c.id)).owner_id).toBe(first.id);
    const customer = await t.tokenFor(c.customerId);
    await kit.call("POST", `/cases/${c.id}/actions`, customer, { action: "provide_info", note: "已补充" });
    // back in review with an owner: not assigned again
    expect((await kit.caseRow(c.id)).owner_id).toBe(first.id);
    await kit.call("POST", `/cases/${c.id}/actions`, second.token, { action: "approve", amountFen: 100 });
    expect((await kit.caseRow(c.id)).owner_id).toBe(first.id);
  });
});
