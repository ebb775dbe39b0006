import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { act, clocksByKind, cn, fileClaim, outboxTopics, pendingTimers } from "./sla.fixtures.js";

let t: TestApp;
let agent: { id: string; token: string };
beforeEach(async () => {
  t = await startTestApp();
  agent = await t.staff("agent");
});
afterEach(async () => t.close());

const iso = (local: string) => cn(local).toISOString();

describe("SLA policies", () => {
  it("lists the seeded policies to staff and lets operations change one, validated", async () => {
    const ops = await t.staff("ops_admin");
    const list = await t.server.inject({ method: "GET", url: "/api/v1/sla/policies", headers: { authorization: `Bearer ${agent.token}` } });
    expect(list.statusCode).toBe(200);
    const byKind = Object.fromEntries(json(list).policies.map((p: { kind: string }) => [p.kind, p]));
    expect(byKind.first_response).toMatchObject({ department: "agent", calendar: "cn_customer_service", budgetMinutes: 60, onBreach: "reassign_supervisor", enabled: true });
    expect(byKind.warehouse_receipt).toMatchObject({ department: "warehouse", calendar: "cn_office", budgetMinutes: 450 });
    expect(Object.keys(byKind).sort()).toEqual(["finance_payment", "first_response", "leader_response", "resolution", "warehouse_receipt"]);

    const terms = { department: "agent", calendar: "cn_office", budgetMinutes: 90, warnFraction: 0.5, onBreach: "notify", enabled: true };
    const put = (token: string, body: object, kind = "first_response") => t.server.inject({ method: "PUT", url: `/api/v1/sla/policies/${kind}`, headers: { authorization: `Bearer ${token}` }, payload: body });
    expect((await put(agent.token, terms)).statusCode).toBe(403);
    // the schema refuses what is malformed (400), the service what makes no sense (422)
    expect((await put(ops.token, { ...terms, budgetMinutes: 0 })).statusCode).toBe(400);
    expect((await put(ops.token, { ...terms, calendar: "mars" })).statusCode).toBe(400);
    expect((await put(ops.token, terms, "nap_time")).statusCode).toBe(400);
    expect((await put(ops.token, { ...terms, department: "warehouse", onBreach: "reassign_supervisor" }, "warehouse_receipt")).statusCode).toBe(422);
    expect((await put(ops.token, { ...terms, budgetMinutes: 1, warnFraction: 0.5 })).statusCode).toBe(422);
    const saved = await put(ops.token, terms);
    expect(saved.statusCode).toBe(200);
    expect(json(saved)).toMatchObject({ kind: "first_response", calendar: "cn_office", budgetMinutes: 90, updatedBy: `staff:${ops.id}` });
  });
});

describe("SLA clocks follow cases, under a controlled clock", () => {
  it("gives a claim filed the evening before a holiday its first-response deadline in business hours after it", async () => {
    // customer service closes 除夕–初二 (16–18 Feb 2026): Sunday 21:30 leaves 30 minutes that day
    const { kase } = await fileClaim(t, "2026-02-15 21:30");
    expect(kase.state).toBe("in_review");
    const clocks = await clocksByKind(t, kase.id, agent.token);
    expect(clocks.first_response).toMatchObject({ status: "running", deadlineAt: iso("2026-02-19 08:30"), remainingMinutes: 60 });
    expect(clocks.leader_response).toMatchObject({ deadlineAt: iso("2026-02-15 22:00") });
    // resolution is promised in hours, closed days included
    expect(clocks.resolution).toMatchObject({ deadlineAt: iso("2026-02-16 21:30") });
    const timers = await pendingTimers(t, [clocks.first_response!.id]);
    expect(timers.map((x) => [x.kind, x.due_at.toISOString()]).sort()).toEqual([
      ["sla.breach", iso("2026-02-19 08:30")],
      ["sla.warning", iso("2026-02-19 08:15")],
    ]);

    // on the office calendar, Friday evening before 清明 (4–6 April) runs into Tuesday morning
    const ops = await t.staff("ops_admin");
    const put = await t.server.inject({
      method: "PUT",
      url: "/api/v1/sla/policies/first_response",
      headers: { authorization: `Bearer ${ops.token}` },
      payload: { department: "agent", calendar: "cn_office", budgetMinutes: 60, warnFraction: 0.75, onBreach: "reassign_supervisor", enabled: true },
    });
    expect(put.statusCode).toBe(200);
    const friday = await fileClaim(t, "2026-04-03 18:30");
    expect((await clocksByKind(t, friday.kase.id, agent.token)).first_response).toMatchObject({ deadlineAt: iso("2026-04-07 10:00") });
    // the clock that was already running keeps its terms
    expect((await clocksByKind(t, kase.id, agent.token)).first_response).toMatchObject({ deadlineAt: iso("2026-02-19 08:30") });
  });

  it("stops first response at the first reply, pauses while waiting on the customer and moves the deadline by the pause", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00");
    const before = await clocksByKind(t, kase.id, agent.token);
    expect(before.resolution).toMatchObject({ deadlineAt: iso("2026-03-03 10:00") });

    t.clock.set(iso("2026-03-02 10:20"));
    await act(t, kase.id, agent.token, { action: "request_info", question: "请拍一张外包装的照片" });
    const waiting = await clocksByKind(t, kase.id, agent.token);
    expect(waiting.first_response).toMatchObject({ status: "met", remainingMinutes: 40 });
    expect(waiting.resolution).toMatchObject({ status: "paused", deadlineAt: null });
    // the leader has not answered: their clock waits with the rest
    expect(waiting.leader_response).toMatchObject({ status: "paused", deadlineAt: null });
    expect(await pendingTimers(t, [before.resolution!.id, before.leader_response!.id])).toEqual([]);

    t.clock.set(iso("2026-03-02 12:20"));
    await act(t, kase.id, token, { action: "provide_info", note: "外箱压扁了" });
    const resumed = await clocksByKind(t, kase.id, agent.token);
    expect(resumed.resolution).toMatchObject({ status: "running", deadlineAt: iso("2026-03-03 12:00") });
    expect(resumed.leader_response).toMatchObject({ status: "running", deadlineAt: iso("2026-03-02 12:30"), remainingMinutes: 10 });
    const timers = await pendingTimers(t, [resumed.resolution!.id]);
    expect(timers.find((x) => x.kind === "sla.breach")?.due_at).toEqual(cn("2026-03-03 12:00"));
    // a first response is owed once: the answer does not restart it
    expect(resumed.first_response).toMatchObject({ status: "met" });
  });

  it("warns, then on breach records it, raises the escalation level and hands the case to the least-loaded supervisor on duty", async () => {
    const busy = await t.staff("supervisor", { onDuty: true });
    const free = await t.staff("supervisor", { onDuty: true });
    await t.staff("supervisor", { onDuty: false });
    // the busy supervisor owns another open case
    const other = await fileClaim(t, "2026-03-02 09:00");
    await act(t, other.kase.id, busy.token, { action: "request_info", question: "请补充照片" });

    const { kase } = await fileClaim(t, "2026-03-02 10:00");
    const clock = (local: string) => t.clock.set(iso(local));
    const level = async () => (await t.database.db.selectFrom("cases").select(["escalation_level", "owner_id"]).where("id", "=", kase.id).executeTakeFirstOrThrow());

    clock("2026-03-02 10:22");
    expect(await t.fireTimers()).toBe(0);
    clock("2026-03-02 10:22:30");
    expect(await t.fireTimers()).toBe(1); // the leader's warning: 75 % of 30 minutes
    expect(await outboxTopics(t, kase.id)).toContain("sla.warning");
    expect(await level()).toEqual({ escalation_level: 0, owner_id: null });

    clock("2026-03-02 10:30");
    expect(await t.fireTimers()).toBe(1);
    // the leader's breach only notifies: recorded and escalated a level, nobody reassigned
    expect(await level()).toEqual({ escalation_level: 1, owner_id: null });

    clock("2026-03-02 10:45");
    expect(await t.fireTimers()).toBe(1);
    expect((await clocksByKind(t, kase.id, agent.token)).first_response).toMatchObject({ status: "warning", remainingMinutes: 15 });

    clock("2026-03-02 11:00");
    expect(await t.fireTimers()).toBe(1);
    expect(await level()).toEqual({ escalation_level: 2, owner_id: free.id });
    expect(await t.fireTimers()).toBe(0);

    const supervisor = { authorization: `Bearer ${free.token}` };
    const breaches = json(await t.server.inject({ method: "GET", url: `/api/v1/sla/breaches?caseId=${kase.id}`, headers: supervisor })).breaches;
    expect(breaches).toMatchObject([
      { kind: "first_response", department: "agent", deadlineAt: iso("2026-03-02 11:00"), breachedAt: iso("2026-03-02 11:00"), ownerId: null, onBreach: "reassign_supervisor", escalatedTo: free.id, escalationLevel: 2 },
      { kind: "leader_response", department: "leader", deadlineAt: iso("2026-03-02 10:30"), onBreach: "notify", escalatedTo: null, escalationLevel: 1 },
    ]);
    const leaders = json(await t.server.inject({ method: "GET", url: "/api/v1/sla/breaches?department=leader", headers: supervisor })).breaches;
    expect(leaders.map((b: { caseId: string }) => b.caseId)).toEqual([kase.id]);
    expect((await t.server.inject({ method: "GET", url: "/api/v1/sla/breaches", headers: { authorization: `Bearer ${agent.token}` } })).statusCode).toBe(403);

    const topics = await outboxTopics(t, kase.id);
    expect(topics.filter((x) => x === "sla.breached")).toHaveLength(2);
    expect(topics).toContain("case.escalated");
    const view = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${kase.id}`, headers: supervisor }));
    expect(view.timeline.filter((e: { type: string }) => e.type === "sla_breached").map((e: { data: { kind: string } }) => e.data.kind)).toEqual(["leader_response", "first_response"]);
    const clocks = await clocksByKind(t, kase.id, agent.token);
    expect(clocks.first_response).toMatchObject({ status: "breached", remainingMinutes: 0 });
    expect(clocks.resolution).toMatchObject({ status: "running" });
  });

  it("runs the warehouse's receipt task on the warehouse_receipt policy from the goods sent back to their receipt, and finance's clock until the refund is paid", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00", { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
    const warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
    expect(kase.state).toBe("awaiting_return");
    expect(await clocksByKind(t, kase.id, warehouse.token)).toEqual({});

    t.clock.set(iso("2026-03-02 17:00"));
    await act(t, kase.id, token, { action: "ship_return", trackingNo: "SF100" });
    // one clock for the receipt, the task's: one office day (450 minutes), Monday's last hour, then Tuesday until 17:00
    const shipped = await clocksByKind(t, kase.id, warehouse.token);
    expect(Object.keys(shipped)).toEqual(["task"]);
    expect(shipped.task).toMatchObject({ department: "warehouse", status: "running", deadlineAt: iso("2026-03-03 17:00") });

    t.clock.set(iso("2026-03-03 11:00"));
    // the next morning's shift (a staff session lasts 12 hours)
    const morning = await t.staff("warehouse", { warehouseId: "WH-01" });
    const received = await act(t, kase.id, morning.token, { action: "receive_return" });
    expect(received.state).toBe("refunding");
    const paying = await clocksByKind(t, kase.id, morning.token);
    expect(paying.task).toMatchObject({ status: "met" });
    expect(paying.finance_payment).toMatchObject({ status: "running", deadlineAt: iso("2026-03-04 11:00") });

    await t.payRefunds();
    expect((await clocksByKind(t, kase.id, morning.token)).finance_payment).toMatchObject({ status: "met" });
    expect(await pendingTimers(t, [paying.finance_payment!.id, paying.task!.id])).toEqual([]);
  });

  it("runs resolution until the case is finished, standing still while the customer sends the goods back", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00");
    // two hours in, the agent grants a return and refund: review is over, resolution is not
    t.clock.set(iso("2026-03-02 12:00"));
    expect((await act(t, kase.id, agent.token, { action: "approve", amountFen: 1990, resolution: "return_refund" })).state).toBe("awaiting_return");
    const returning = await clocksByKind(t, kase.id, agent.token);
    expect(returning.first_response).toMatchObject({ status: "missed" });
    expect(returning.resolution).toMatchObject({ status: "paused", deadlineAt: null, remainingMinutes: 1320 });
    expect(await pendingTimers(t, [returning.resolution!.id])).toEqual([]);

    // the customer takes two days to send the goods, which are on their way another day
    t.clock.set(iso("2026-03-04 12:00"));
    await act(t, kase.id, token, { action: "ship_return", trackingNo: "SF300" });
    t.clock.set(iso("2026-03-05 11:00"));
    // staff sessions last 12 hours: the day's shift
    const warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
    expect((await clocksByKind(t, kase.id, warehouse.token)).resolution).toMatchObject({ status: "paused", remainingMinutes: 1320 });
    expect((await act(t, kase.id, warehouse.token, { action: "receive_return" })).state).toBe("refunding");
    const refunding = await clocksByKind(t, kase.id, warehouse.token);
    expect(refunding.resolution).toMatchObject({ status: "running", deadlineAt: iso("2026-03-06 09:00") });
    expect((await pendingTimers(t, [refunding.resolution!.id])).map((x) => x.kind).sort()).toEqual(["sla.breach", "sla.warning"]);

    await t.payRefunds();
    expect((await clocksByKind(t, kase.id, warehouse.token)).resolution).toMatchObject({ status: "met", remainingMinutes: 1320 });
    expect(await pendingTimers(t, [refunding.resolution!.id])).toEqual([]);
  });

  it("shows a case's clocks only to staff who see the case", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00");
    // another pickup point with its own leader
    const elsewhere = { ...makeOrder({ customerId: "C-SLA-ELSEWHERE" }), pickupPoint: { id: "PP-002", name: "梅溪湖自提点", city: "长沙", leader: { id: "LD-002", name: "刘团长", phone: "13700008888" } } };
    expect((await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: elsewhere })).statusCode).toBeLessThan(300);
    const leaderElsewhere = await t.staff("leader", { leaderId: "LD-002" });
    const customer = await t.server.inject({ method: "GET", url: `/api/v1/cases/${kase.id}/sla`, headers: { authorization: `Bearer ${token}` } });
    expect(customer.statusCode).toBe(403);
    const leader = await t.staff("leader", { leaderId: "LD-001" });
    expect(Object.keys(await clocksByKind(t, kase.id, leader.token)).sort()).toEqual(["first_response", "leader_response", "resolution"]);
    expect((await t.server.inject({ method: "GET", url: `/api/v1/cases/${kase.id}/sla`, headers: { authorization: `Bearer ${leaderElsewhere.token}` } })).statusCode).toBe(404);
    expect((await t.server.inject({ method: "GET", url: "/api/v1/cases/AS-NOPE/sla", headers: { authorization: `Bearer ${agent.token}` } })).statusCode).toBe(404);
  });
});
