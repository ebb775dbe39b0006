import { describe, expect, it } from "vitest";
import { CASE_STATES, allowedEvents, automaticStep, customerStage, transition, type CaseEvent, type CaseEventType, type CaseState } from "./machine.js";

const EVENTS: Record<CaseEventType, CaseEvent> = {
  route_to_review: { type: "route_to_review", reason: "needs a person" },
  approve: { type: "approve", amountFen: 100 },
  reject: { type: "reject", reason: "outside window" },
  request_return: { type: "request_return" },
  ship_return: { type: "ship_return" },
  receive_return: { type: "receive_return" },
  start_refund: { type: "start_refund" },
  refund_paid: { type: "refund_paid" },
  start_reship: { type: "start_reship" },
  reship_delivered: { type: "reship_delivered" },
  compensate: { type: "compensate" },
  close: { type: "close" },
  cancel: { type: "cancel" },
  request_info: { type: "request_info", question: "a photo of the label, please" },
  provide_info: { type: "provide_info", note: "here it is" },
  expire_return: { type: "expire_return" },
  merge: { type: "merge", into: "AS20261120-OTHER" },
};

// Every allowed transition, written out: the table under test must match it exactly.
const ALLOWED: [CaseState, CaseEventType, CaseState][] = [
  ["submitted", "route_to_review", "in_review"],
  ["submitted", "approve", "approved"],
  ["submitted", "reject", "rejected"],
  ["submitted", "cancel", "cancelled"],
  ["submitted", "merge", "merged"],
  ["in_review", "approve", "approved"],
  ["in_review", "reject", "rejected"],
  ["in_review", "cancel", "cancelled"],
  ["in_review", "request_info", "awaiting_customer"],
  ["in_review", "merge", "merged"],
  ["awaiting_customer", "provide_info", "in_review"],
  ["awaiting_customer", "approve", "approved"],
  ["awaiting_customer", "reject", "rejected"],
  ["awaiting_customer", "cancel", "cancelled"],
  ["awaiting_customer", "merge", "merged"],
  ["approved", "request_return", "awaiting_return"],
  ["approved", "start_refund", "refunding"],
  ["approved", "start_reship", "reshipping"],
  ["approved", "compensate", "compensated"],
  ["approved", "cancel", "cancelled"],
  ["awaiting_return", "ship_return", "return_in_transit"],
  ["awaiting_return", "receive_return", "return_received"],
  ["awaiting_return", "cancel", "cancelled"],
  ["awaiting_return", "expire_return", "cancelled"],
  ["return_in_transit", "receive_return", "return_received"],
  ["return_received", "start_refund", "refunding"],
  ["return_received", "start_reship", "reshipping"],
  ["refunding", "refund_paid", "refunded"],
  ["reshipping", "reship_delivered", "reshipped"],
  ["refunded", "close", "closed"],
  ["reshipped", "close", "closed"],
  ["compensated", "close", "closed"],
];

describe("case state machine", () => {
  for (const state of CASE_STATES) {
    for (const type of Object.keys(EVENTS) as CaseEventType[]) {
      const expected = ALLOWED.find(([from, ev]) => from === state && ev === type);
      const name = expected ? `${state} --${type}--> ${expected[2]}` : `refuses ${type} in ${state}`;
      it(name, () => {
        const result = transition(state, EVENTS[type]);
        if (expected) expect(result).toMatchObject({ ok: true, from: state, state: expected[2] });
        else expect(result).toMatchObject({ ok: false, error: "invalid_transition", from: state, event: type });
      });
    }
  }

  it("releases the claimed quantities when a case is rejected or cancelled", () => {
    expect(transition("in_review", EVENTS.reject)).toMatchObject({ effects: [{ type: "release_claim" }] });
    expect(transition("awaiting_return", EVENTS.cancel)).toMatchObject({ effects: [{ type: "release_claim" }] });
  });

  it("asks for a refund when refunding starts, and for a reship when reshipping starts", () => {
    expect(transition("return_received", EVENTS.start_refund)).toMatchObject({ effects: [{ type: "request_refund" }] });
    expect(transition("approved", EVENTS.start_reship)).toMatchObject({ effects: [{ type: "request_reship" }] });
  });

  it("offers only the events that apply, and terminal states offer none", () => {
    expect(allowedEvents("awaiting_return").sort()).toEqual(["cancel", "expire_return", "receive_return", "ship_return"]);
    for (const terminal of ["closed", "cancelled", "rejected", "merged"] as const) expect(allowedEvents(terminal)).toEqual([]);
  });

  it("maps every state to one of the customer's plain stages", () => {
    expect(customerStage("in_review")).toBe("审核中");
    expect(customerStage("awaiting_return")).toBe("待退货");
    expect(customerStage("return_in_transit")).toBe("退货中");
    expect(customerStage("refunding")).toBe("处理中");
    expect(customerStage("refunded")).toBe("已完成");
    expect(customerStage("rejected")).toBe("已关闭");
    expect(customerStage("cancelled")).toBe("已关闭");
    expect(customerStage("awaiting_customer")).toBe("审核中");
    expect(customerStage("merged")).toBe("已关闭");
  });
});

describe("steps that follow by themselves", () => {
  it("starts the resolution of an approved case", () => {
    expect(automaticStep("approved", "refund_only", false)).toEqual({ type: "start_refund" });
    expect(automaticStep("approved", "return_refund", true)).toEqual({ type: "request_return" });
    expect(automaticStep("approved", "exchange", false)).toEqual({ type: "request_return" });
    expect(automaticStep("approved", "reship", false)).toEqual({ type: "start_reship" });
    expect(automaticStep("approved", "compensation", false)).toEqual({ type: "compensate" });
  });

  it("refunds returned goods, or reships for an exchange", () => {
    expect(automaticStep("return_received", "return_refund", true)).toEqual({ type: "start_refund" });
    expect(automaticStep("return_received", "exchange", true)).toEqual({ type: "start_reship" });
  });

  it("waits for people everywhere else", () => {
    for (const state of CASE_STATES.filter((s) => s !== "approved" && s !== "return_received")) expect(automaticStep(state, "refund_only", false)).toBeNull();
  });
});
