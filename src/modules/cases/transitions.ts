import { appendOutbox, type OutboxRow } from "../../db/outbox.js";
import type { Queryable } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import type { Decision } from "../policy/index.js";
import { requestRefund } from "../refunds/index.js";
import { grantCompensation, grantKindOf } from "../compensation/index.js";
import { automaticStep, customerStage, transition, type CaseEffect, type CaseEvent, type CaseState } from "./machine.js";
import { adjustClaims } from "../orders/index.js";
import { appendEvents, caseItems, type CaseRow, type TimelineRow } from "./store.js";
import { afterCaseChange } from "./after-change.js";

export interface Actor {
  /** e.g. "customer:C1", "system:policy", "integrator:key_ab12" */
  id: string;
}

export interface CasePlan {
  /** the case as it will be saved */
  kase: CaseRow;
  timeline: TimelineRow[];
  effects: CaseEffect[];
  outbox: OutboxRow[];
}

const DAY_MS = 86_400_000;

/**
 * Runs events through the state machine, then the steps that follow by themselves (approved →
 * refund, return received → refund …). Pure: returns the case as it will be, its timeline
 * entries, the effects to carry out and the domain events; or throws the 409 of a transition
 * the state does not allow.
 */
export function planEvents(kase: CaseRow, events: CaseEvent[], actor: Actor, now: Date, data: Record<string, unknown> = {}): CasePlan {
  const decision = kase.decision as Partial<Decision> & { returnDays?: number };
  let next: CaseRow = { ...kase };
  const timeline: TimelineRow[] = [];
  const effects: CaseEffect[] = [];
  const queue = [...events];
  for (let event = queue.shift(); event; event = queue.shift()) {
    const state = next.state as CaseState;
    const result = transition(state, event);
    if (!result.ok)
      throw new Problem(409, "invalid-transition", "Not possible in this state", `a case that is ${result.from} cannot ${result.event}`, {
        state: result.from,
        allowedActions: result.allowed,
      });
    if (event.type === "approve") {
      if (event.amountFen > kase.claimed_fen)
        throw new Problem(422, "validation", "Amount too large", `approved ${event.amountFen} fen exceeds the ${kase.claimed_fen} fen claimed`);
      next.approved_fen = event.amountFen;
      // a part of a refund-only claim is a partial refund; a person may also grant another resolution
      next.resolution = event.resolution ?? (event.amountFen < kase.claimed_fen && kase.resolution === "refund_only" ? "partial_refund" : next.resolution);
      next.compensation_kind = next.resolution === "compensation" ? (event.compensationKind ?? "coupon") : null;
    }
    if (event.type === "merge") next.merged_into = event.into;
    if (result.state === "awaiting_return") next.return_due_at = new Date(now.getTime() + (decision.returnDays ?? 7) * DAY_MS);
    // 办法第十三条: the refund is due within 7 days of receiving the returned goods
    if (result.state === "return_received") next.refund_due_at = new Date(now.getTime() + (decision.refundDueDays ?? 7) * DAY_MS);
    timeline.push({ case_id: kase.id, at: now, type: event.type, actor: actor.id, from_state: state, to_state: result.state, data: { ...eventData(event), ...data } });
    effects.push(...result.effects);
    next.state = result.state;
    if (queue.length === 0) {
      // policy's word on returning the goods holds for the resolution policy chose
      const returnRequired = next.resolution === kase.resolution ? (decision.returnRequired ?? false) : false;
      const step = automaticStep(result.state, next.resolution as Decision["resolution"], returnRequired);
      if (step) queue.push(step);
    }
  }
  next = { ...next, updated_at: now, revision: kase.revision + 1 };
  const outbox: OutboxRow[] = timeline.map((t) => ({
    topic: `case.${t.type}`,
    aggregate_id: kase.id,
    payload: { caseId: kase.id, orderId: kase.order_id, customerId: kase.customer_id, from: t.from_state, to: t.to_state, at: now.toISOString() },
  }));
  const stage = customerStage(next.state as CaseState);
  if (customerStage(kase.state as CaseState) !== stage)
    outbox.push({ topic: "case.stage_changed", aggregate_id: kase.id, payload: { caseId: kase.id, customerId: kase.customer_id, stage, at: now.toISOString() } });
  return { kase: next, timeline, effects, outbox };
}

/**
 * Applies events to a locked case and saves it: the case row, the timeline, the effects and
 * the outbox, all in the caller's transaction, so either everything is recorded or nothing is.
 */
export async function applyEvents(tx: Queryable, kase: CaseRow, events: CaseEvent[], actor: Actor, now: Date, data: Record<string, unknown> = {}): Promise<CasePlan> {
  const plan = planEvents(kase, events, actor, now, data);
  const k = plan.kase;
  await tx
    .updateTable("cases")
    .set({
      state: k.state,
      resolution: k.resolution,
      compensation_kind: k.compensation_kind,
      merged_into: k.merged_into,
      approved_fen: k.approved_fen,
      return_due_at: k.return_due_at,
      refund_due_at: k.refund_due_at,
      updated_at: k.updated_at,
      revision: k.revision,
    })
    .where("id", "=", k.id)
    .execute();
  await appendEvents(tx, plan.timeline);
  const raised = await runEffects(tx, k, plan.effects, now);
  const followed = await afterCaseChange(tx, { before: kase, after: k, timeline: plan.timeline }, now);
  await appendOutbox(tx, [...plan.outbox, ...raised, ...followed]);
  return plan;
}

/**
 * Records something that happened on a case without changing its state (a staff reply, a note, a
 * handover): the timeline entry, then what follows any change (SLA clocks see a first response,
 * tasks close), in the caller's transaction. Returns the domain events for the caller's outbox.
 */
export async function recordCaseActivity(tx: Queryable, kase: CaseRow, entry: { type: string; actor: Actor; data?: Record<string, unknown> }, now: Date): Promise<OutboxRow[]> {
  const timeline: TimelineRow[] = [{ case_id: kase.id, at: now, type: entry.type, actor: entry.actor.id, from_state: null, to_state: null, data: entry.data ?? {} }];
  await appendEvents(tx, timeline);
  return afterCaseChange(tx, { before: kase, after: kase, timeline }, now);
}

/** Carries out effects; returns the domain events they raise, for the caller's single outbox write. */
export async function runEffects(tx: Queryable, kase: CaseRow, effects: CaseEffect[], now: Date): Promise<OutboxRow[]> {
  const raised: OutboxRow[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case "release_claim": {
        const items = await caseItems(tx, kase.id);
        await adjustClaims(tx, items.map((i) => ({ orderItemId: i.order_item_id, quantity: i.quantity, amountFen: i.amount_fen })), -1);
        break;
      }
      case "request_refund":
        raised.push(...(await requestRefund(tx, { caseId: kase.id, orderId: kase.order_id, amountFen: kase.approved_fen - kase.refunded_fen, now })));
        break;
      case "request_reship":
        raised.push({ topic: "reship.requested", aggregate_id: kase.id, payload: { caseId: kase.id, orderId: kase.order_id } });
        break;
      case "grant_compensation":
        raised.push(...(await grantCompensation(tx, { caseId: kase.id, customerId: kase.customer_id, kind: grantKindOf(kase.compensation_kind), amountFen: kase.approved_fen, now })));
        break;
    }
  }
  return raised;
}

function eventData(event: CaseEvent): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}
