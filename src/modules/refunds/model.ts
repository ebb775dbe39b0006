/** A refund's life: pending → submitted → succeeded, or → failed → (retried) submitted … */
export type RefundState = "pending" | "submitted" | "succeeded" | "failed";

/** Refunds go back the way the customer paid (原路退回, 办法第十四条) unless they chose balance. */
export type RefundMethod = "original" | "balance";

/** Backoff before the next attempt after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
