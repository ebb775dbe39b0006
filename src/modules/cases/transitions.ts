import type { Queryable } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import { requestRefund } from "../refunds/index.js";
import type { Decision } from "../policy/index.js";
import { automaticStep, customerStage, transition, type CaseEffect, type CaseEvent, type CaseState } from "./machine.js";
import { appendOutbox } from "../../db/outbox.js";
import { adjustClaims, appendEvents, caseItems, type CaseRow } from "./store.js";

export interface Actor {
  /** e.g. "customer:C1", "system:policy", "integrator:key_ab12" */
  id: string;
}

/**
 * Applies events to a locked case, in order, then the steps that follow by themselves
 * (approved → refund, return received → refund…): checks each against the state machine,
 * carries out the effects, appends the timeline and the outbox, and saves the case once.
 * All of it happens in the caller's transaction, so either everything is recorded or nothing is.
 */
export async function applyEvents(tx: Queryable, kase: CaseRow, events: CaseEvent[], actor: Actor, now: Date, data: Record<string, unknown> = {}): Promise<CaseRow> {
  let state = kase.state as CaseState;
  let approvedFen = kase.approved_fen;
  let returnDueAt = kase.return_due_at;
  let refundDueAt = kase.refund_due_at;
  const timeline: Parameters<typeof appendEvents>[1] = [];
  const effects: CaseEffect[] = [];
  const decision = kase.decision as Partial<Decision> & { returnDays?: number };
  const queue = [...events];
  for (let event = queue.shift(); event; event = queue.shift()) {
    const result = transition(state, event);
    if (!result.ok)
      throw new Problem(409, "invalid-transition", "Not possible in this state", `a case that is ${result.from} cannot ${result.event}`, {
        state: result.from,
        allowedActions: result.allowed,
      });
    if (event.type === "approve") {
      if (event.amountFen > kase.claimed_fen)
        throw new Problem(422, "validation", "Amount too large", `approved ${event.amountFen} fen exceeds the ${kase.claimed_fen} fen claimed`);
      approvedFen = event.amountFen;
    }
    if (result.state === "awaiting_return") returnDueAt = addDays(now, decision.returnDays ?? 7);
    // 办法第十三条: the refund is due within 7 days of receiving the returned goods
    if (result.state === "return_received") refundDueAt = addDays(now, decision.refundDueDays ?? 7);
    timeline.push({ case_id: kase.id, at: now, type: event.type, actor: actor.id, from_state: state, to_state: result.state, data: { ...eventData(event), ...data } });
    effects.push(...result.effects);
    state = result.state;
    if (queue.length === 0) {
      const next = automaticStep(state, kase.resolution as Decision["resolution"], decision.returnRequired ?? false);
      if (next) queue.push(next);
    }
  }
  const saved: CaseRow = { ...kase, state, approved_fen: approvedFen, return_due_at: returnDueAt, refund_due_at: refundDueAt, updated_at: now, revision: kase.revision + 1 };
  await tx
    .updateTable("cases")
    .set({ state, approved_fen: approvedFen, return_due_at: returnDueAt, refund_due_at: refundDueAt, updated_at: now, revision: saved.revision })
    .where("id", "=", kase.id)
    .execute();
  await appendEvents(tx, timeline);
  await runEffects(tx, saved, effects, now);
  await appendOutbox(tx, [
    ...timeline.map((t) => ({
      topic: `case.${t.type}`,
      aggregate_id: kase.id,
      payload: { caseId: kase.id, orderId: kase.order_id, customerId: kase.customer_id, from: t.from_state, to: t.to_state, at: now.toISOString() },
    })),
    ...(customerStage(kase.state as CaseState) !== customerStage(state)
      ? [{ topic: "case.stage_changed", aggregate_id: kase.id, payload: { caseId: kase.id, customerId: kase.customer_id, stage: customerStage(state), at: now.toISOString() } }]
      : []),
  ]);
  return saved;
}

async function runEffects(tx: Queryable, kase: CaseRow, effects: CaseEffect[], now: Date): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case "release_claim": {
        const items = await caseItems(tx, kase.id);
        await adjustClaims(tx, items.map((i) => ({ orderItemId: i.order_item_id, quantity: i.quantity, amountFen: i.amount_fen })), -1);
        break;
      }
      case "request_refund":
        await requestRefund(tx, { caseId: kase.id, orderId: kase.order_id, amountFen: kase.approved_fen - kase.refunded_fen, now });
        break;
      case "request_reship":
        await appendOutbox(tx, [{ topic: "reship.requested", aggregate_id: kase.id, payload: { caseId: kase.id, orderId: kase.order_id } }]);
        break;
      case "grant_compensation":
        await appendOutbox(tx, [{ topic: "compensation.granted", aggregate_id: kase.id, payload: { caseId: kase.id, customerId: kase.customer_id, amountFen: kase.approved_fen } }]);
        break;
    }
  }
}

function eventData(event: CaseEvent): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}

const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
