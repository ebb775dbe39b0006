import type { Db, Queryable, Tx } from "../../db/database.js";
import { appendOutbox, type OutboxRow } from "../../db/outbox.js";
import type { PaymentGateway, RefundResult } from "./gateway.js";
import { retryDelayMs, type RefundMethod } from "./model.js";
import { addLedgerEntry, claimDueRefunds, insertRefund, lockRefund, markSubmitted, updateRefund } from "./store.js";

/**
 * Books a refund for a case, to be paid by the worker. Keyed by case and request, so the same
 * request recorded twice books one refund. Returns the domain events to put in the outbox.
 */
export async function requestRefund(tx: Queryable, r: { caseId: string; orderId: string; amountFen: number; now: Date; method?: RefundMethod; requestKey?: string }): Promise<OutboxRow[]> {
  if (r.amountFen <= 0) return [];
  const requestKey = r.requestKey ?? "approved";
  const id = `rf_${r.caseId}_${requestKey}`;
  const inserted = await insertRefund(tx, { id, case_id: r.caseId, order_id: r.orderId, amount_fen: r.amountFen, method: r.method ?? "original", request_key: requestKey, now: r.now });
  if (!inserted) return [];
  await addLedgerEntry(tx, { case_id: r.caseId, refund_id: id, entry: "requested", amount_fen: r.amountFen, at: r.now });
  return [{ topic: "refund.requested", aggregate_id: r.caseId, payload: { refundId: id, caseId: r.caseId, amountFen: r.amountFen } }];
}

/** What the cases module does when a refund is paid: move the case on. */
export type OnRefundPaid = (tx: Tx, refund: { id: string; caseId: string; amountFen: number }, now: Date) => Promise<void>;
/** What follows when the gateway gives up on a refund (finance gets a manual refund task). */
export type OnRefundGaveUp = (tx: Tx, refund: { id: string; caseId: string; amountFen: number; attempts: number; lastError: string }, now: Date) => Promise<void>;

export interface RefundWorkerDeps {
  db: Db;
  gateway: PaymentGateway;
  clock: () => Date;
  onPaid: OnRefundPaid;
  /** a submitted refund with no answer for this long is submitted again */
  staleAfterMs?: number;
  /** failed attempts after which the gateway gives up (GATEWAY_MAX_ATTEMPTS); unset: retried for ever */
  maxAttempts?: number;
  onGaveUp?: OnRefundGaveUp;
}

/** Hands due refunds to the gateway. Returns how many were submitted. */
export async function submitDueRefunds(deps: RefundWorkerDeps, limit = 50): Promise<number> {
  const now = deps.clock();
  const due = await deps.db.transaction().execute(async (tx) => {
    const rows = await claimDueRefunds(tx, now, new Date(now.getTime() - (deps.staleAfterMs ?? 120_000)), limit, deps.maxAttempts);
    await markSubmitted(tx, rows.map((r) => r.id), now);
    return rows;
  });
  for (const r of due) {
    const answer = await deps.gateway.submit({ refundId: r.id, orderId: r.order_id, amountFen: r.amount_fen, method: r.method }).catch((e: Error) => ({ accepted: false, error: e.message }));
    if (!answer.accepted) await settleRefund(deps, { refundId: r.id, ok: false, error: answer.error ?? "refused" });
  }
  return due.length;
}

/**
 * Records the gateway's answer. Success books the payment once (the ledger's unique index
 * makes a second booking impossible) and tells the case; failure schedules a retry or, after
 * `maxAttempts`, gives up: the refund is no longer retried and `onGaveUp` hands it to finance.
 */
export async function settleRefund(deps: Pick<RefundWorkerDeps, "db" | "clock" | "onPaid" | "maxAttempts" | "onGaveUp">, result: RefundResult): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const refund = await lockRefund(tx, result.refundId);
    if (!refund || refund.state === "succeeded") return;
    if (result.ok) {
      await updateRefund(tx, refund.id, { state: "succeeded", gateway_ref: result.gatewayRef, last_error: null, updated_at: now });
      await addLedgerEntry(tx, { case_id: refund.case_id, refund_id: refund.id, entry: "paid", amount_fen: refund.amount_fen, at: now, data: { gatewayRef: result.gatewayRef } });
      await deps.onPaid(tx, { id: refund.id, caseId: refund.case_id, amountFen: refund.amount_fen }, now);
      return;
    }
    await updateRefund(tx, refund.id, { state: "failed", last_error: result.error, next_attempt_at: new Date(now.getTime() + retryDelayMs(refund.attempts)), updated_at: now });
    await addLedgerEntry(tx, { case_id: refund.case_id, refund_id: refund.id, entry: "failed", amount_fen: 0, at: now, data: { error: result.error, attempt: refund.attempts } });
    const gaveUp = deps.maxAttempts !== undefined && refund.attempts >= deps.maxAttempts;
    await appendOutbox(tx, [{ topic: "refund.failed", aggregate_id: refund.case_id, payload: { refundId: refund.id, caseId: refund.case_id, attempts: refund.attempts, error: result.error, gaveUp } }]);
    // the same failure answered twice hands the refund over once
    if (gaveUp && refund.state !== "failed") await deps.onGaveUp?.(tx, { id: refund.id, caseId: refund.case_id, amountFen: refund.amount_fen, attempts: refund.attempts, lastError: result.error }, now);
  });
}

/**
 * Runs the refund worker in this process: listens for gateway results and polls for due
 * refunds. Safe on every node: rows are claimed with SKIP LOCKED. Returns a stop function.
 */
export function startRefundWorker(deps: RefundWorkerDeps & { intervalMs?: number; onError?: (e: unknown) => void }): () => Promise<void> {
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<unknown>) => {
    const t = p.then(() => undefined, (e) => deps.onError?.(e));
    pending.add(t);
    void t.finally(() => pending.delete(t));
  };
  deps.gateway.onResult((result) => track(settleRefund(deps, result)));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      while (!stopped && (await submitDueRefunds(deps)) > 0);
    } catch (e) {
      deps.onError?.(e);
    }
    if (!stopped) timer = setTimeout(() => track(tick()), deps.intervalMs ?? 500);
  };
  track(tick());
  return async () => {
    stopped = true;
    clearTimeout(timer);
    while (pending.size) await Promise.all([...pending]);
  };
}
