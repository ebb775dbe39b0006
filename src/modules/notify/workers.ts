import type { OutboxConsumer, RelayDeps } from "./dispatcher.js";
import { notificationRouter, relayOutbox } from "./dispatcher.js";
import { sendDueNotifications, type SenderDeps } from "./sender.js";

export interface NotificationWorkerDeps extends SenderDeps {
  /** who takes the outbox's events; the notification router by default */
  consumers?: readonly OutboxConsumer[];
  relayIntervalMs?: number;
  sendIntervalMs?: number;
  onError?: (e: unknown) => void;
}

/** Relays until the outbox has nothing unpublished left. Returns how many events it published. */
export async function relayAll(deps: RelayDeps): Promise<number> {
  let total = 0;
  for (let n = await relayOutbox(deps); n > 0; n = await relayOutbox(deps)) total += n;
  return total;
}

/**
 * Sends until nothing is due now (a failed delivery waits for its next attempt, so this ends).
 * Returns how many attempts it made.
 */
export async function sendAllDue(deps: SenderDeps): Promise<number> {
  let total = 0;
  for (let n = await sendDueNotifications(deps); n > 0; n = await sendDueNotifications(deps)) total += n;
  return total;
}

/**
 * Runs the outbox relay and the notification sender in this process, each polling on its own.
 * Safe on every node: both claim rows with SKIP LOCKED. Returns a stop function that waits for
 * the round in progress.
 */
export function startNotificationWorkers(deps: NotificationWorkerDeps): () => Promise<void> {
  const relayDeps: RelayDeps = { db: deps.db, clock: deps.clock, consumers: deps.consumers ?? [notificationRouter()] };
  const loops = [poll(() => relayAll(relayDeps), deps.relayIntervalMs ?? 500, deps.onError), poll(() => sendAllDue(deps), deps.sendIntervalMs ?? 1_000, deps.onError)];
  return async () => void (await Promise.all(loops.map((stop) => stop())));
}

function poll(work: () => Promise<unknown>, intervalMs: number, onError?: (e: unknown) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = work()
      .then(() => undefined, (e) => onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
