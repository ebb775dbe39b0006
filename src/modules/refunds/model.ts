/** A refund's life: pending → submitted → succeeded, or → failed → (retried) submitted … */
export type RefundState = "pending" | "submitted" | "succeeded" | "failed";
export const REFUND_STATES: readonly RefundState[] = ["pending", "submitted", "succeeded", "failed"];

/**
 * After this many failed attempts the gateway gives up on a refund: it is not retried, and
 * finance pays it by bank transfer (a retry after a manual transfer would pay the customer twice).
 */
export const GATEWAY_MAX_ATTEMPTS = 3;

/** Refunds go back the way the customer paid (原路退回, 办法第十四条) unless they chose balance. */
export type RefundMethod = "original" | "balance";

/** Backoff before the next attempt after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
