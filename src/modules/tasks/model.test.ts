import { describe, expect, it } from "vitest";
import { checkOutcome, decideTask, openingRefusal, planCaseTasks, worksOn, type TaskFacts, type TaskWorker } from "./model.js";

const at = (state: string, actor = "staff:W-1") => ({ state, actor });

describe("planCaseTasks", () => {
  it.each([
    ["goods sent back open the warehouse's confirm_receipt", "awaiting_return", [at("return_in_transit", "customer:C-1")], "return_in_transit", [{ op: "open", kind: "confirm_receipt" }]],
    [
      "goods received for an exchange complete confirm_receipt and open prepare_reship",
      "return_in_transit",
      [at("return_received"), at("reshipping")],
      "reshipping",
      [
        { op: "complete", kind: "confirm_receipt", by: "staff:W-1", reached: "return_received" },
        { op: "open", kind: "prepare_reship" },
      ],
    ],
    ["goods received for a refund complete confirm_receipt", "return_in_transit", [at("return_received"), at("refunding")], "refunding", [{ op: "complete", kind: "confirm_receipt", by: "staff:W-1", reached: "return_received" }]],
    [
      "a delivered reship completes prepare_reship, then the finished case cancels the rest",
      "reshipping",
      [at("reshipped", "integrator:k1")],
      "reshipped",
      [
        { op: "complete", kind: "prepare_reship", by: "integrator:k1", reached: "reshipped" },
        { op: "cancel_open", reason: "the case was reshipped" },
      ],
    ],
    [
      "a refund paid completes manual_refund",
      "refunding",
      [at("refunded", "system:payments")],
      "refunded",
      [
        { op: "complete", kind: "manual_refund", by: "system:payments", reached: "refunded" },
        { op: "cancel_open", reason: "the case was refunded" },
      ],
    ],
    ["a claim filed straight into a reship opens prepare_reship", null, [at("submitted", "customer:C-1"), at("approved", "system:policy"), at("reshipping", "system:policy")], "reshipping", [{ op: "open", kind: "prepare_reship" }]],
    [
      "goods handed back at the pickup point open no warehouse task (and complete one opened by hand)",
      "awaiting_return",
      [at("return_received", "staff:L-1"), at("refunding", "staff:L-1")],
      "refunding",
      [{ op: "complete", kind: "confirm_receipt", by: "staff:L-1", reached: "return_received" }],
    ],
    ["a cancelled case cancels its open tasks", "awaiting_return", [at("cancelled", "customer:C-1")], "cancelled", [{ op: "cancel_open", reason: "the case was cancelled" }]],
    ["closing a refunded case cancels nothing more", "refunded", [at("closed", "staff:A-1")], "closed", []],
    ["an activity without a change of state does nothing", "in_review", [], "in_review", []],
  ] as const)("%s", (_, before, reached, after, steps) => {
    expect(planCaseTasks(before, reached, after)).toEqual(steps);
  });
});

describe("openingRefusal", () => {
  it.each([
    ["warehouse", "confirm_receipt", "return_in_transit", null],
    ["supplier_quality", "investigate", "refunded", null],
    ["agent", "follow_up", "closed", null],
    ["warehouse", "investigate", "in_review", 422],
    ["finance", "manual_refund", "refunding", 422],
    ["supplier_quality", "investigate", "merged", 409],
    ["warehouse", "prepare_reship", "reshipped", 409],
  ] as const)("%s %s on a %s case → %s", (department, kind, state, status) => {
    expect(openingRefusal(department, kind, state)?.status ?? null).toBe(status);
  });
});

const worker = (role: string, party: Partial<TaskWorker> = {}): TaskWorker => ({ staffId: `S-${role}`, role, warehouseId: null, supplierId: null, ...party });

describe("worksOn", () => {
  const warehouseTask = { department: "warehouse", warehouseId: "WH-01", supplierId: null } as const;
  const supplierTask = { department: "supplier_quality", warehouseId: null, supplierId: "SUP-01" } as const;
  it.each([
    ["the warehouse of the goods", warehouseTask, worker("warehouse", { warehouseId: "WH-01" }), true],
    ["another warehouse", warehouseTask, worker("warehouse", { warehouseId: "WH-02" }), false],
    ["an agent, on a warehouse task", warehouseTask, worker("agent"), false],
    ["a supervisor, on any task", warehouseTask, worker("supervisor"), true],
    ["the supplier of the goods", supplierTask, worker("supplier_quality", { supplierId: "SUP-01" }), true],
    ["another supplier", supplierTask, worker("supplier_quality", { supplierId: "SUP-02" }), false],
    ["finance, on a finance task", { department: "finance", warehouseId: null, supplierId: null } as const, worker("finance"), true],
    ["a warehouse without a warehouse, on an unscoped warehouse task", { ...warehouseTask, warehouseId: null }, worker("warehouse"), false],
  ])("%s", (_, task, w, expected) => {
    expect(worksOn(task, w)).toBe(expected);
  });
});

describe("decideTask", () => {
  const task = (over: Partial<TaskFacts> = {}): TaskFacts => ({ department: "warehouse", state: "open", assigneeId: null, warehouseId: "WH-01", supplierId: null, ...over });
  const me = worker("warehouse", { staffId: "W-1", warehouseId: "WH-01" });
  it.each([
    ["taking an open task makes me its owner", task(), "take", me, { ok: true, state: "in_progress", assigneeId: "W-1" }],
    ["taking a task assigned to me starts it", task({ assigneeId: "W-1" }), "take", me, { ok: true, state: "in_progress", assigneeId: "W-1" }],
    ["completing an unowned task makes me its owner", task(), "complete", me, { ok: true, state: "done", assigneeId: "W-1" }],
    ["cancelling keeps the owner", task({ state: "in_progress", assigneeId: "W-1" }), "cancel", me, { ok: true, state: "cancelled", assigneeId: "W-1" }],
    ["a supervisor completes someone else's task", task({ state: "in_progress", assigneeId: "W-9" }), "complete", worker("supervisor", { staffId: "SV-1" }), { ok: true, state: "done", assigneeId: "W-9" }],
  ] as const)("%s", (_, t, action, w, expected) => {
    expect(decideTask(t, action, w)).toEqual(expected);
  });

  it.each([
    ["someone else's task", task({ state: "in_progress", assigneeId: "W-9" }), "complete", "taken"],
    ["a task I already work on", task({ state: "in_progress", assigneeId: "W-1" }), "take", "taken"],
    ["a finished task", task({ state: "done", assigneeId: "W-1" }), "cancel", "finished"],
    ["a cancelled task", task({ state: "cancelled" }), "take", "finished"],
  ] as const)("refuses %s", (_, t, action, error) => {
    expect(decideTask(t, action, me)).toMatchObject({ ok: false, error });
  });
});

describe("checkOutcome", () => {
  it.each([
    ["investigate", { summary: "漏气", rootCause: "packaging", correctiveAction: "加厚泡沫箱" }, true],
    ["investigate", { summary: "查了" }, false],
    ["prepare_reship", { summary: "发出", trackingNo: "SF100" }, true],
    ["prepare_reship", { summary: "发出" }, false],
    ["confirm_receipt", { summary: "收到", condition: "as_claimed" }, true],
    ["confirm_receipt", { summary: "收到", trackingNo: "SF100" }, false],
    ["manual_refund", { summary: "已打款", reference: "BANK-1" }, true],
    ["follow_up", { summary: "已回电" }, true],
  ] as const)("%s %j → %s", (kind, outcome, ok) => {
    expect(checkOutcome(kind, outcome).ok).toBe(ok);
  });
});
