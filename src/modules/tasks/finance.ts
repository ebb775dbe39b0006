import type { Db, Queryable, Tx } from "../../db/database.js";
import { Problem, forbidden, notFound } from "../../http/problem.js";
import { lockCase, markRefundPaid } from "../cases/index.js";
import { actorId, isStaff, type Principal } from "../people/index.js";
import { GATEWAY_MAX_ATTEMPTS, listRefunds, refundById, settleRefund, type OnRefundGaveUp, type RefundListRow, type RefundState } from "../refunds/index.js";
import { finishTask, openTask } from "./lifecycle.js";
import { refundView } from "./schemas.js";
import { lockOpenTaskOfRefund } from "./store.js";
import { recordTaskChange } from "./timeline.js";

/*
 * Finance's side of refunds: when the gateway gives up on a refund, finance gets a manual_refund
 * task; finance pays by bank transfer (线下打款) and books it through the same settlement the
 * gateway's answers take, so the ledger's "paid once" index and the case's move to refunded apply.
 * Wired by the app (the refund worker's `onGaveUp`) and the routes; it needs cases.
 */

const PAYMENTS_ACTOR = "system:payments";

/**
 * The refund worker's `onGaveUp`: opens finance's manual_refund task for the refund, with its own
 * SLA clock, on the case's timeline. Runs in the transaction that records the last failure
 * (refund locked, then the case: the order of every refund settlement).
 */
export const openManualRefundTask: OnRefundGaveUp = async (tx, refund, now) => {
  const kase = await lockCase(tx, refund.caseId);
  if (!kase) return;
  const note = `the payment gateway failed ${refund.attempts} times (last: ${refund.lastError}); pay ${refund.amountFen} fen by bank transfer and record its reference`;
  const opened = await openTask(tx, { caseId: kase.id, department: "finance", kind: "manual_refund", refundId: refund.id, note, createdBy: PAYMENTS_ACTOR }, now);
  if (opened) await recordTaskChange(tx, kase, opened, now);
};

/**
 * Books a refund the gateway gave up on as paid by hand, with the bank transfer's reference, and
 * completes its finance task. The same reference again answers the same; a refund already paid
 * (by the gateway, or by hand with another reference) is a 409, as is one the gateway still
 * retries or has in flight — paying it by hand as well could pay the customer twice.
 */
export async function payRefundManually(deps: { db: Db; clock: () => Date }, refundId: string, payment: { reference: string; note?: string }, p: Principal) {
  if (!isStaff(p)) throw forbidden("only finance pays refunds by hand");
  const gatewayRef = `manual:${payment.reference}`;
  const refund = await refundById(deps.db, refundId);
  if (!refund) throw notFound("refund", refundId);
  const answered = answerIfPaid(refund, gatewayRef);
  if (answered) return answered;
  if (refund.state !== "failed" || refund.attempts < GATEWAY_MAX_ATTEMPTS)
    throw new Problem(409, "conflict", "The gateway has not given up", `the refund is ${refund.state} after ${refund.attempts} of ${GATEWAY_MAX_ATTEMPTS} gateway attempts: it is paid by hand only once the gateway gives up`, {
      state: refund.state,
      attempts: refund.attempts,
    });
  const by = actorId(p);
  const onPaid = async (tx: Tx, paid: { id: string; caseId: string; amountFen: number }, now: Date) => {
    // the case before its task, as every case change locks them
    const kase = await lockCase(tx, paid.caseId);
    const task = await lockOpenTaskOfRefund(tx, paid.id);
    if (kase && task) {
      const outcome = { summary: payment.note ?? "paid by bank transfer", reference: payment.reference };
      await recordTaskChange(tx, kase, await finishTask(tx, task, { state: "done", by, assigneeId: task.assignee_id ?? p.staffId, outcome }, now), now);
    }
    await markRefundPaid(tx, paid, now);
  };
  await settleRefund({ db: deps.db, clock: deps.clock, onPaid }, { refundId, ok: true, gatewayRef });
  const settled = await refundById(deps.db, refundId);
  const answer = settled && answerIfPaid(settled, gatewayRef);
  // settled meanwhile by a concurrent payment: answerIfPaid has thrown its 409
  if (!answer) throw new Problem(409, "conflict", "Not paid", `refund ${refundId} could not be booked as paid`);
  return answer;
}

/** The refunds by state and attempts, for finance: `state=failed&minAttempts=3` is what to pay by hand. */
export async function refundsForFinance(db: Queryable, q: { state?: RefundState; minAttempts?: number; limit: number }) {
  return (await listRefunds(db, { state: q.state, minAttempts: q.minAttempts }, q.limit)).map(refundView);
}

/** A paid refund's answer: the same when paid with this reference, 409 when paid otherwise; null when unpaid. */
function answerIfPaid(refund: RefundListRow, gatewayRef: string) {
  if (refund.state !== "succeeded") return null;
  if (refund.gateway_ref === gatewayRef) return refundView(refund);
  const how = refund.gateway_ref?.startsWith("manual:") ? `by hand with reference ${refund.gateway_ref.slice("manual:".length)}` : `by the gateway (${refund.gateway_ref})`;
  throw new Problem(409, "already-paid", "Already paid", `refund ${refund.id} was already paid ${how}`, { gatewayRef: refund.gateway_ref });
}

