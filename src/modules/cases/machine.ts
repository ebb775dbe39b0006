import type { Resolution } from "../policy/index.js";

/**
 * The case state machine: a transition table and one pure function. The service applies the
 * returned state and effects; a transition the table does not allow is an expected failure.
 */
export const CASE_STATES = [
  "submitted", // filed, not yet decided
  "in_review", // waiting for a person
  "awaiting_customer", // a person asked the customer for more evidence; SLA clocks stand still
  "approved", // decided in the customer's favour, next step not started
  "rejected",
  "awaiting_return", // customer must bring or send the goods back
  "return_in_transit",
  "return_received",
  "refunding",
  "refunded",
  "reshipping",
  "reshipped",
  "compensated",
  "closed",
  "cancelled",
  "merged", // a duplicate, folded into another case
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The plain stages a customer sees (seed 004). */
export type CustomerStage = "审核中" | "待退货" | "退货中" | "处理中" | "已完成" | "已关闭";

export function customerStage(state: CaseState): CustomerStage {
  switch (state) {
    case "submitted":
    case "in_review":
    case "awaiting_customer":
      return "审核中";
    case "approved":
    case "return_received":
    case "refunding":
    case "reshipping":
      return "处理中";
    case "awaiting_return":
      return "待退货";
    case "return_in_transit":
      return "退货中";
    case "refunded":
    case "reshipped":
    case "compensated":
    case "closed":
      return "已完成";
    case "rejected":
    case "cancelled":
    case "merged":
      return "已关闭";
  }
}

export const STAGE_EN: Record<CustomerStage, string> = {
  审核中: "under review",
  待退货: "awaiting return",
  退货中: "return in transit",
  处理中: "processing",
  已完成: "completed",
  已关闭: "closed",
};

/** Why a case is rejected: a stable code for reports, beside the words the customer reads. */
export const REJECT_CODES = ["outside_window", "excluded_goods", "insufficient_evidence", "not_as_described", "duplicate", "suspected_abuse", "other"] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** What a person can grant instead of money back. Points count one per fen of value. */
export const COMPENSATION_KINDS = ["coupon", "balance", "points"] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export type CaseEvent =
  | { type: "route_to_review"; reason: string }
  | {
      type: "approve";
      amountFen: number;
      /** a person may grant another resolution than policy chose (e.g. reship instead of refund) */
      resolution?: Resolution;
      compensationKind?: CompensationKind;
      note?: string;
    }
  | { type: "reject"; reason: string; reasonCode?: RejectCode }
  | { type: "request_info"; question: string }
  | { type: "provide_info"; note?: string; evidenceIds?: string[] }
  | { type: "request_return" }
  | { type: "ship_return"; trackingNo?: string }
  | { type: "receive_return" }
  | { type: "start_refund" }
  | { type: "refund_paid" }
  | { type: "start_reship" }
  | { type: "reship_delivered" }
  | { type: "compensate" }
  | { type: "close" }
  | { type: "cancel"; reason?: string }
  | { type: "expire_return" }
  | { type: "merge"; into: string };
export type CaseEventType = CaseEvent["type"];

/** What the service must do besides changing the state. */
export type CaseEffect =
  | { type: "release_claim" } // the claimed quantities go back to the order lines
  | { type: "request_refund" }
  | { type: "request_reship" }
  | { type: "grant_compensation" };

const TABLE: Record<CaseEventType, { from: readonly CaseState[]; to: CaseState; effects?: CaseEffect["type"][] }> = {
  route_to_review: { from: ["submitted"], to: "in_review" },
  approve: { from: ["submitted", "in_review", "awaiting_customer"], to: "approved" },
  reject: { from: ["submitted", "in_review", "awaiting_customer"], to: "rejected", effects: ["release_claim"] },
  request_info: { from: ["in_review"], to: "awaiting_customer" },
  provide_info: { from: ["awaiting_customer"], to: "in_review" },
  request_return: { from: ["approved"], to: "awaiting_return" },
  ship_return: { from: ["awaiting_return"], to: "return_in_transit" },
  // goods handed back at the pickup point skip the transit stage
  receive_return: { from: ["awaiting_return", "return_in_transit"], to: "return_received" },
  start_refund: { from: ["approved", "return_received"], to: "refunding", effects: ["request_refund"] },
  refund_paid: { from: ["refunding"], to: "refunded" },
  start_reship: { from: ["approved", "return_received"], to: "reshipping", effects: ["request_reship"] },
  reship_delivered: { from: ["reshipping"], to: "reshipped" },
  compensate: { from: ["approved"], to: "compensated", effects: ["grant_compensation"] },
  close: { from: ["refunded", "reshipped", "compensated"], to: "closed" },
  cancel: { from: ["submitted", "in_review", "awaiting_customer", "approved", "awaiting_return"], to: "cancelled", effects: ["release_claim"] },
  // the customer never brought the goods back within the policy's days: nothing is refunded
  expire_return: { from: ["awaiting_return"], to: "cancelled", effects: ["release_claim"] },
  merge: { from: ["submitted", "in_review", "awaiting_customer"], to: "merged", effects: ["release_claim"] },
};

export type TransitionResult =
  | { ok: true; from: CaseState; state: CaseState; effects: CaseEffect[] }
  | { ok: false; error: "invalid_transition"; from: CaseState; event: CaseEventType; allowed: CaseEventType[] };

/** The next state of a case for an event, or why the event does not apply now. */
export function transition(state: CaseState, event: CaseEvent): TransitionResult {
  const rule = TABLE[event.type];
  if (!rule.from.includes(state))
    return { ok: false, error: "invalid_transition", from: state, event: event.type, allowed: allowedEvents(state) };
  return { ok: true, from: state, state: rule.to, effects: (rule.effects ?? []).map((type) => ({ type }) as CaseEffect) };
}

/** Events that apply to a case in this state: what a UI may offer. */
export function allowedEvents(state: CaseState): CaseEventType[] {
  return (Object.keys(TABLE) as CaseEventType[]).filter((e) => TABLE[e].from.includes(state));
}

/**
 * The step that follows by itself once a case reaches `state`: an approved case starts its
 * resolution, returned goods start the refund (or the exchange's reship). Null: wait for someone.
 */
export function automaticStep(state: CaseState, resolution: Resolution, returnRequired: boolean): CaseEvent | null {
  switch (state) {
    case "approved":
      if (returnRequired || resolution === "exchange" || resolution === "return_refund") return { type: "request_return" };
      if (resolution === "reship") return { type: "start_reship" };
      if (resolution === "compensation") return { type: "compensate" };
      return { type: "start_refund" };
    case "return_received":
      return resolution === "exchange" ? { type: "start_reship" } : { type: "start_refund" };
    default:
      return null;
  }
}

export function isCaseState(s: string): s is CaseState {
  return (CASE_STATES as readonly string[]).includes(s);
}
