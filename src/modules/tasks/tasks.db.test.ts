import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { call, caseInReview, clockOfTask, cn, fileClaim, returnInTransit, tasksOf, timelineTypes, topics } from "./tasks.fixtures.js";

/** Department tasks (issue 3 §4): opened by a case's changes or by an agent, each with its own owner and SLA. */
describe("department tasks", () => {
  let t: TestApp;
  const staff = {} as Record<"wh1" | "wh2" | "agent" | "supervisor" | "sq1" | "sq2" | "finance", { id: string; token: string }>;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(cn("2026-11-23 10:00"));
    // the parties exist once an order names them; WH-02 and SUP-02 are named by an order of their own
    await fileClaim(t, { problemType: "damaged", wantedResolution: "refund_only" }, { items: [{}, { supply: { ...otherSupply } }] });
    staff.wh1 = await t.staff("warehouse", { warehouseId: "WH-01" });
    staff.wh2 = await t.staff("warehouse", { warehouseId: "WH-02" });
    staff.agent = await t.staff("agent");
    staff.supervisor = await t.staff("supervisor");
    staff.sq1 = await t.staff("supplier_quality", { supplierId: "SUP-01" });
    staff.sq2 = await t.staff("supplier_quality", { supplierId: "SUP-02" });
    staff.finance = await t.staff("finance");
  });
  afterAll(() => t.close());

  it("opens a confirm_receipt task for the goods' warehouse when the return is sent, with its own running clock", async () => {
    t.clock.set(cn("2026-11-23 10:00"));
    const caseId = await returnInTransit(t);
    const [task, ...others] = await tasksOf(t, staff.wh1.token, caseId);
    expect(others).toEqual([]);
    // 450 office minutes from Monday 10:00: Monday's 390, then Tuesday 09:00–10:00
    expect(task).toMatchObject({ department: "warehouse", kind: "confirm_receipt", state: "open", warehouseId: "WH-01", assigneeId: null, createdBy: "system:tasks", sla: { status: "running", deadlineAt: cn("2026-11-24 10:00") } });
    expect(await clockOfTask(t, task!.id)).toMatchObject({ case_id: caseId, kind: "task", department: "warehouse", stopped_at: null });
    expect(await topics(t, caseId, "task.")).toEqual(["task.opened"]);
    expect(await timelineTypes(t, staff.agent.token, caseId)).toContain("task_opened");
  });

  it("keeps a warehouse's tasks from another warehouse", async () => {
    t.clock.set(cn("2026-11-23 10:30"));
    const caseId = await returnInTransit(t);
    const [task] = await tasksOf(t, staff.wh1.token, caseId);
    expect((await call(t, staff.wh2.token, "GET", `/api/v1/cases/${caseId}/tasks`)).statusCode).toBe(404);
    expect((await call(t, staff.wh2.token, "POST", `/api/v1/tasks/${task!.id}/take`)).statusCode).toBe(404);
    const theirs = json(await call(t, staff.wh2.token, "GET", "/api/v1/tasks")).tasks as { id: string }[];
    expect(theirs.map((x) => x.id)).not.toContain(task!.id);
    const mine = json(await call(t, staff.wh1.token, "GET", "/api/v1/tasks?department=warehouse")).tasks as { id: string; warehouseId: string }[];
    expect(mine.map((x) => x.id)).toContain(task!.id);
    expect(new Set(mine.map((x) => x.warehouseId))).toEqual(new Set(["WH-01"]));
    // finance sees every case, but not the warehouse's work
    expect(await tasksOf(t, staff.finance.token, caseId)).toEqual([]);
  });

  it("completes confirm_receipt when the warehouse confirms the goods received, and stops its clock in time", async () => {
    t.clock.set(cn("2026-11-23 11:00"));
    const caseId = await returnInTransit(t);
    const [task] = await tasksOf(t, staff.wh1.token, caseId);
    const taken = json(await call(t, staff.wh1.token, "POST", `/api/v1/tasks/${task!.id}/take`));
    expect(taken).toMatchObject({ state: "in_progress", assigneeId: staff.wh1.id });
    expect((await call(t, staff.agent.token, "POST", `/api/v1/tasks/${task!.id}/take`)).statusCode).toBe(403);

    t.clock.set(cn("2026-11-23 15:00"));
    const received = await call(t, staff.wh1.token, "POST", `/api/v1/cases/${caseId}/actions`, { action: "receive_return" });
    expect(json(received).state).toBe("refunding");
    const [done] = await tasksOf(t, staff.wh1.token, caseId);
    expect(done).toMatchObject({ state: "done", finishedBy: `staff:${staff.wh1.id}`, finishedAt: cn("2026-11-23 15:00"), sla: { status: "met" } });
    expect(await clockOfTask(t, task!.id)).toMatchObject({ met: true, stopped_at: new Date(cn("2026-11-23 15:00")) });
    expect(await topics(t, caseId, "task.")).toEqual(["task.opened", "task.taken", "task.completed"]);
  });

  it("runs an exchange through the warehouse: receipt confirmed as a task, then a reship prepared with its tracking number", async () => {
    t.clock.set(cn("2026-11-23 13:30"));
    const filed = await fileClaim(t, { problemType: "wrong_item", wantedResolution: "exchange", description: "发成了卷纸" });
    if (filed.kase.state === "in_review") await call(t, staff.agent.token, "POST", `/api/v1/cases/${filed.kase.id}/actions`, { action: "approve", amountFen: 0 });
    const caseId = filed.kase.id as string;
    await call(t, filed.token, "POST", `/api/v1/cases/${caseId}/actions`, { action: "ship_return", trackingNo: "YT998877" });
    const [receipt] = await tasksOf(t, staff.wh1.token, caseId);
    const confirmed = await call(t, staff.wh1.token, "POST", `/api/v1/tasks/${receipt!.id}/complete`, { outcome: { summary: "卷纸已收回，包装完好", condition: "as_claimed" } });
    expect(json(confirmed)).toMatchObject({ state: "done", outcome: { condition: "as_claimed" } });
    expect(json(await call(t, staff.agent.token, "GET", `/api/v1/cases/${caseId}`)).state).toBe("reshipping");

    const reship = (await tasksOf(t, staff.wh1.token, caseId)).find((x) => x.kind === "prepare_reship");
    expect(reship).toMatchObject({ state: "open", warehouseId: "WH-01", sla: { status: "running" } });
    expect((await call(t, staff.wh1.token, "POST", `/api/v1/tasks/${reship!.id}/complete`, { outcome: { summary: "已发出" } })).statusCode).toBe(422);
    const shipped = await call(t, staff.wh1.token, "POST", `/api/v1/tasks/${reship!.id}/complete`, { outcome: { summary: "已发出", trackingNo: "SF555", courier: "顺丰" } });
    expect(json(shipped)).toMatchObject({ state: "done", outcome: { trackingNo: "SF555" }, sla: { status: "met" } });
    expect((await call(t, staff.wh1.token, "POST", `/api/v1/tasks/${reship!.id}/cancel`, { reason: "late" })).statusCode).toBe(409);
  });

  it("closes prepare_reship when the reship is delivered, in the name of whoever reported it", async () => {
    t.clock.set(cn("2026-11-23 14:00"));
    const caseId = await caseInReview(t);
    expect(json(await call(t, staff.agent.token, "POST", `/api/v1/cases/${caseId}/actions`, { action: "approve", resolution: "reship" })).state).toBe("reshipping");
    const [reship] = await tasksOf(t, staff.wh1.token, caseId);
    expect(reship).toMatchObject({ kind: "prepare_reship", state: "open" });
    await call(t, staff.wh1.token, "POST", `/api/v1/cases/${caseId}/actions`, { action: "reship_delivered" });
    const [done] = await tasksOf(t, staff.wh1.token, caseId);
    expect(done).toMatchObject({ state: "done", finishedBy: `staff:${staff.wh1.id}` });
    expect((await clockOfTask(t, reship!.id)).stopped_at).not.toBeNull();
  });

  it("hands an investigation to the goods' supplier, who records the root cause on the case", async () => {
    t.clock.set(cn("2026-11-23 15:00"));
    const caseId = await caseInReview(t);
    const hand = (body: object) => call(t, staff.agent.token, "POST", `/api/v1/cases/${caseId}/tasks`, body);
    expect((await hand({ department: "warehouse", kind: "investigate", note: "查一下" })).statusCode).toBe(422);
    expect((await hand({ department: "supplier_quality", kind: "investigate", note: "查一下", assigneeId: staff.sq2.id })).statusCode).toBe(422);
    const created = await hand({ department: "supplier_quality", kind: "investigate", note: "同一批次多起破损，请查包装" });
    expect(created.statusCode, created.body).toBe(201);
    const task = json(created);
    expect(task).toMatchObject({ department: "supplier_quality", supplierId: "SUP-01", state: "open", createdBy: `staff:${staff.agent.id}` });
    expect((await hand({ department: "supplier_quality", kind: "investigate", note: "again" })).statusCode).toBe(409);

    expect((json(await call(t, staff.sq2.token, "GET", "/api/v1/tasks")).tasks as { id: string }[]).map((x) => x.id)).not.toContain(task.id);
    expect((json(await call(t, staff.sq1.token, "GET", "/api/v1/tasks?department=supplier_quality")).tasks as { id: string }[]).map((x) => x.id)).toContain(task.id);
    const complete = (outcome: object) => call(t, staff.sq1.token, "POST", `/api/v1/tasks/${task.id}/complete`, { outcome });
    expect((await complete({ summary: "查过了" })).statusCode).toBe(422);
    const done = await complete({ summary: "外箱抗压不足", rootCause: "packaging", correctiveAction: "改用五层瓦楞箱" });
    expect(json(done)).toMatchObject({ state: "done", assigneeId: staff.sq1.id, outcome: { rootCause: "packaging" } });
    const cause = await t.database.db.selectFrom("case_root_causes").selectAll().where("case_id", "=", caseId).executeTakeFirstOrThrow();
    expect(cause).toMatchObject({ task_id: task.id, category: "packaging", corrective_action: "改用五层瓦楞箱", supplier_id: "SUP-01", recorded_by: `staff:${staff.sq1.id}` });
    expect(await topics(t, caseId, "task.")).toEqual(["task.opened", "task.completed"]);
    const timeline = json(await call(t, staff.agent.token, "GET", `/api/v1/cases/${caseId}`)).timeline as { type: string; data: Record<string, unknown> }[];
    expect(timeline.find((e) => e.type === "task_completed")?.data).toMatchObject({ kind: "investigate", outcome: { rootCause: "packaging" } });
  });

  it("cancels a case's open tasks when the case is cancelled", async () => {
    t.clock.set(cn("2026-11-23 16:00"));
    const filed = await fileClaim(t, { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
    const caseId = filed.kase.id as string;
    const followUp = json(await call(t, staff.agent.token, "POST", `/api/v1/cases/${caseId}/tasks`, { department: "agent", kind: "follow_up", note: "回访顾客" }));
    await call(t, filed.token, "POST", `/api/v1/cases/${caseId}/actions`, { action: "cancel", reason: "不退了" });
    const [task] = await tasksOf(t, staff.agent.token, caseId);
    expect(task).toMatchObject({ id: followUp.id, state: "cancelled", cancelReason: "the case was cancelled", finishedBy: "system:tasks" });
    expect((await clockOfTask(t, followUp.id)).stopped_at).not.toBeNull();
  });

  it("refuses to book a refund the gateway already paid as paid by hand", async () => {
    const filed = await fileClaim(t, { problemType: "not_delivered", wantedResolution: "refund_only" }, { deliveredAt: null });
    await t.payRefunds();
    const refund = await t.database.db.selectFrom("refunds").select(["id", "state"]).where("case_id", "=", filed.kase.id).executeTakeFirstOrThrow();
    expect(refund.state).toBe("succeeded");
    const res = await call(t, staff.finance.token, "POST", `/api/v1/refunds/${refund.id}/manual`, { reference: "BANK-1" });
    expect(res.statusCode).toBe(409);
    expect(json(res).type).toBe("https://anxin.dev/problems/already-paid");
  });

  // last: it moves the clock days ahead and fires every timer due
  it("records a breach when a task outlives its budget", async () => {
    t.clock.set(cn("2026-11-23 17:00"));
    const caseId = await caseInReview(t);
    const task = json(await call(t, staff.supervisor.token, "POST", `/api/v1/cases/${caseId}/tasks`, { department: "supplier_quality", kind: "investigate", note: "查一下" }));
    // three office days of budget: Thursday 17:00
    expect(task.sla.deadlineAt).toBe(cn("2026-11-26 17:00"));
    t.clock.set(cn("2026-11-26 17:01"));
    await t.fireTimers();
    const breach = await t.database.db.selectFrom("sla_breaches").selectAll().where("task_id", "=", task.id).executeTakeFirstOrThrow();
    expect(breach).toMatchObject({ case_id: caseId, kind: "task", department: "supplier_quality", on_breach: "notify" });
    // staff sessions end after days: log in again
    const sq = await t.staff("supplier_quality", { supplierId: "SUP-01" });
    const [view] = await tasksOf(t, sq.token, caseId);
    expect(view).toMatchObject({ state: "open", sla: { status: "breached" } });
    expect(await topics(t, caseId, "sla.")).toContain("sla.breached");
  });
});

const otherSupply = {
  batch: { id: "B20261119-TIS-02", producedOn: "2026-11-19", bestBefore: "2027-11-19" },
  supplier: { id: "SUP-02", name: "维达纸业" },
  warehouse: { id: "WH-02", name: "长沙雨花仓", city: "长沙" },
  sortedAt: "2026-11-19T20:00:00.000Z",
  route: { id: "RT-03", name: "岳麓3号线" },
  driver: { id: "DRV-07", name: "张师傅", phone: "13800001234" },
  deliveredAt: "2026-11-20T01:00:00.000Z",
  pickedUpAt: "2026-11-20T02:00:00.000Z",
};
