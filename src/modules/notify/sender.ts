/**
 * The sender: works off due deliveries through the channels, retrying with backoff until a
 * delivery is sent or dead. No transaction is held during the network calls.
 */
import type { Db } from "../../db/database.js";
import type { Channels, Delivery, ResolvedRecipient, SendResult } from "./channels.js";
import { afterFailure, DEFAULT_RETRY, type ChannelName, type RecipientKind, type RetryPolicy } from "./model.js";
import { claimDueDeliveries, killExhaustedLeases, recipientKey, recordAttempt, resolveRecipients } from "./store.js";

export interface SenderDeps {
  db: Db;
  clock: () => Date;
  channels: Channels;
  retry?: RetryPolicy;
  /** jitter source, [0, 1) */
  random?: () => number;
  /** how long a claimed delivery is the claimant's; after that another sender takes it up */
  leaseMs?: number;
  /** how many sends of one batch run at once */
  concurrency?: number;
}

/** Longer than a batch takes even when every webhook times out (50 ÷ 8 × 5 s ≈ 32 s). */
export const DEFAULT_LEASE_MS = 120_000;

/**
 * Sends one batch of due deliveries: claims them (a short transaction that marks them sending
 * with a lease), sends, then records each outcome on its own. A sender that dies in between
 * leaves its rows sending; when the lease runs out another sender takes them up. Returns how
 * many deliveries it attempted.
 */
export async function sendDueNotifications(deps: SenderDeps, limit = 50): Promise<number> {
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.clock();
  const claimed = await deps.db.transaction().execute(async (tx) => {
    await killExhaustedLeases(tx, now, retry.maxAttempts);
    return claimDueDeliveries(tx, now, new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)), limit);
  });
  if (claimed.length === 0) return 0;
  const refs = claimed.map((c) => ({ kind: c.recipient_kind as RecipientKind, id: c.recipient_id }));
  const addresses = await resolveRecipients(deps.db, refs);

  const attempt = async (c: (typeof claimed)[number]) => {
    const delivery: Delivery = {
      key: `dlv_${c.id}`,
      topic: c.topic,
      channel: c.channel as ChannelName,
      recipient: { kind: c.recipient_kind as RecipientKind, id: c.recipient_id },
      message: c.message,
      attempt: c.attempts,
    };
    const result = await sendOne(deps.channels, delivery, addresses.get(recipientKey(delivery.recipient)) ?? null);
    const at = deps.clock();
    if (result.ok) return recordAttempt(deps.db, c, { state: "sent", provider_ref: result.providerRef, sent_at: at, updated_at: at });
    const next = afterFailure(c.attempts, result.retryable, at, (deps.random ?? Math.random)(), retry);
    const error = result.error.slice(0, 500);
    await recordAttempt(deps.db, c, next.state === "dead" ? { state: "dead", last_error: error, updated_at: at } : { state: "pending", last_error: error, next_attempt_at: next.nextAttemptAt, updated_at: at });
  };

  // a few at a time: one slow webhook does not hold up the SMS behind it
  const queue = [...claimed];
  const lanes = Array.from({ length: Math.min(deps.concurrency ?? 8, queue.length) }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await attempt(c);
  });
  await Promise.all(lanes);
  return claimed.length;
}

async function sendOne(channels: Channels, delivery: Delivery, to: ResolvedRecipient | null): Promise<SendResult> {
  const channel = channels[delivery.channel];
  // a channel not configured on this node may be on the next one, or after a restart
  if (!channel) return { ok: false, error: `no ${delivery.channel} channel configured`, retryable: true };
  if (!to) return { ok: false, error: `${delivery.recipient.kind} ${delivery.recipient.id} not found, disabled or deleted`, retryable: false };
  try {
    return await channel.send(delivery, to);
  } catch (e) {
    // a provider adapter that throws is treated as a provider that failed for now
    return { ok: false, error: e instanceof Error ? e.message : String(e), retryable: true };
  }
}
