import { createHash } from "node:crypto";

/** What the payment provider answers for a refund, eventually. */
export type RefundResult = { refundId: string; ok: true; gatewayRef: string } | { refundId: string; ok: false; error: string };

/**
 * A payment gateway's refund API. `submit` only hands the refund over; the result arrives later
 * through `onResult`. Gateways deduplicate by refundId, so submitting the same refund again is
 * safe and never pays twice: it reports the first outcome.
 */
export interface PaymentGateway {
  submit(refund: { refundId: string; orderId: string; amountFen: number; method: string }): Promise<{ accepted: boolean; error?: string }>;
  onResult(listener: (result: RefundResult) => void): void;
}

export interface SimulatedGatewayOptions {
  /** share of refunds that fail, decided by a hash of refund id and attempt: 0..1 */
  failureRate?: number;
  /** delay before the result arrives */
  latencyMs?: number;
  /** while true the gateway refuses every submission, as a gateway that is down */
  down?: () => boolean;
}

/** An in-process stand-in for WeChat Pay / Alipay refunds: asynchronous, can fail, never pays twice. */
export function simulatedGateway(options: SimulatedGatewayOptions = {}) {
  const listeners: ((r: RefundResult) => void)[] = [];
  const paid = new Map<string, { amountFen: number; gatewayRef: string }>();
  const attempts = new Map<string, number>();
  const payouts: { refundId: string; amountFen: number }[] = [];

  const emit = (result: RefundResult) => {
    const deliver = () => listeners.forEach((l) => l(result));
    if (options.latencyMs === 0) queueMicrotask(deliver);
    else setTimeout(deliver, options.latencyMs ?? 50).unref();
  };

  const gateway: PaymentGateway & { payouts: typeof payouts } = {
    payouts,
    async submit(refund) {
      if (options.down?.()) return { accepted: false, error: "gateway unavailable" };
      const done = paid.get(refund.refundId);
      if (done) {
        emit({ refundId: refund.refundId, ok: true, gatewayRef: done.gatewayRef });
        return { accepted: true };
      }
      const attempt = (attempts.get(refund.refundId) ?? 0) + 1;
      attempts.set(refund.refundId, attempt);
      const roll = parseInt(createHash("sha256").update(`${refund.refundId}:${attempt}`).digest("hex").slice(0, 8), 16) / 0xffffffff;
      if (roll < (options.failureRate ?? 0)) {
        emit({ refundId: refund.refundId, ok: false, error: "insufficient merchant balance (simulated)" });
        return { accepted: true };
      }
      const gatewayRef = `SIM${createHash("sha256").update(refund.refundId).digest("hex").slice(0, 16).toUpperCase()}`;
      paid.set(refund.refundId, { amountFen: refund.amountFen, gatewayRef });
      payouts.push({ refundId: refund.refundId, amountFen: refund.amountFen });
      emit({ refundId: refund.refundId, ok: true, gatewayRef });
      return { accepted: true };
    },
    onResult(listener) {
      listeners.push(listener);
    },
  };
  return gateway;
}
export type SimulatedGateway = ReturnType<typeof simulatedGateway>;
