import { hostname } from "node:os";
import { sql } from "kysely";
import type { Db, Queryable, Tx } from "../db/database.js";

/*
 * Durable timers: a row per future action in `timers` (migration 0003). Any node's worker claims
 * due rows with `for update skip locked` and fires each in a transaction of its own that marks it
 * fired, so a crash before commit means it fires later, never twice, and a restart loses none.
 */

/** A timer to arm. `payload` carries what the handler needs besides the subject. */
export interface TimerSpec {
  kind: string;
  subjectId: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** A timer handed to its handler. */
export interface DueTimer {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  /** failed attempts before this one */
  attempts: number;
}

/**
 * Does what the timer is for, in the transaction that marks it fired. It re-checks the state it
 * acts on (a case may have moved on since the timer was armed) and throws only on failure: the
 * timer is then retried later, with nothing it wrote kept. It takes its locks in the order the
 * changes of what it acts on take them (a case, then its clocks), or it can deadlock with them.
 */
export type TimerHandler = (tx: Tx, timer: DueTimer, now: Date) => Promise<void>;
export type TimerHandlers = Record<string, TimerHandler>;

/**
 * Arms a timer; re-arming a kind for the same subject replaces the pending one
 * (`timers_pending_once`). Returns false when the pending timer is being fired by a worker at
 * this very moment: it is left to fire, and its handler, seeing the state as it is by then, must
 * arm the timer again itself when what it announces is not due yet.
 */
export async function scheduleTimer(tx: Queryable, timer: TimerSpec): Promise<boolean> {
  return (await scheduleTimers(tx, [timer])) === 1;
}

/**
 * Arms several timers in two statements. `fresh: true` says no pending timer of these kinds
 * and subjects can exist (a clock just created), which saves the statement that replaces them.
 * Returns how many were armed.
 */
export async function scheduleTimers(tx: Queryable, timers: readonly TimerSpec[], options: { fresh?: boolean } = {}): Promise<number> {
  if (timers.length === 0) return 0;
  if (!options.fresh) {
    // skip locked: a pending timer a worker holds is firing now, and waiting for it could deadlock
    // with a handler waiting for the case this transaction has locked
    await tx
      .updateTable("timers")
      .set({ cancelled_at: sql`now()` })
      .where("id", "in", (eb) =>
        eb
          .selectFrom("timers")
          .select("id")
          .where(eb(eb.refTuple("kind", "subject_id"), "in", timers.map((t) => eb.tuple(t.kind, t.subjectId))))
          .where("fired_at", "is", null)
          .where("cancelled_at", "is", null)
          .forUpdate()
          .skipLocked(),
      )
      .execute();
  }
  const inserted = await tx
    .insertInto("timers")
    .values(timers.map((t) => ({ kind: t.kind, subject_id: t.subjectId, due_at: t.dueAt, payload: JSON.stringify(t.payload ?? {}) })))
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/**
 * Cancels the pending timers of these kinds for these subjects. `dueAfter` leaves the timers due
 * by then to fire: what they announce has already happened (a deadline passed before the clock
 * stopped). A timer a worker is firing at this moment is left alone, as in {@link scheduleTimers}.
 */
export async function cancelTimers(tx: Queryable, c: { kinds: readonly string[]; subjectIds: readonly string[]; now: Date; dueAfter?: Date }): Promise<number> {
  if (c.kinds.length === 0 || c.subjectIds.length === 0) return 0;
  const result = await tx
    .updateTable("timers")
    .set({ cancelled_at: c.now })
    .where("id", "in", (eb) => {
      let q = eb
        .selectFrom("timers")
        .select("id")
        .where("kind", "in", [...c.kinds])
        .where("subject_id", "in", [...c.subjectIds])
        .where("fired_at", "is", null)
        .where("cancelled_at", "is", null);
      if (c.dueAfter) q = q.where("due_at", ">", c.dueAfter);
      return q.forUpdate().skipLocked();
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface TimerWorkerDeps {
  db: Db;
  clock: () => Date;
  handlers: TimerHandlers;
  /** who fires, recorded in `fired_by`: host and process */
  nodeId: string;
  /** a handler failed (the timer is retried) or the worker itself did */
  onError?: (error: unknown, timer?: DueTimer) => void;
}

/** This process, as `fired_by` names it. */
export const processNodeId = (): string => `${hostname()}:${process.pid}`;

/** Wait before retrying a failed timer: 10 s, doubling, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

/**
 * Fires every timer due now whose kind has a handler, earliest first, and returns how many
 * fired. Each timer is one transaction: claim it (`skip locked`, so other nodes take other rows),
 * run its handler, mark it fired, commit. A handler holds the locks it takes (a case, its clocks)
 * only until its own timer commits, never while other timers fire, so a request that holds a case
 * waits for one handler at most and never closes a cycle with a batch. A failing handler's writes
 * are rolled back to a savepoint and its timer backs off, still claimed, in the same transaction.
 */
export async function fireDueTimers(deps: TimerWorkerDeps): Promise<number> {
  const kinds = Object.keys(deps.handlers);
  if (kinds.length === 0) return 0;
  let fired = 0;
  for (;;) {
    const now = deps.clock();
    const outcome = await deps.db.transaction().execute(async (tx) => {
      const timer = await claimDueTimer(tx, kinds, now);
      if (!timer) return null;
      await sql`savepoint timer_handler`.execute(tx);
      try {
        await deps.handlers[timer.kind]!(tx, timer, now);
        // fired wins over a cancellation the handler's own changes made (it cancelled itself)
        await tx.updateTable("timers").set({ fired_at: now, fired_by: deps.nodeId, cancelled_at: null }).where("id", "=", timer.id).execute();
        return { timer, fired: true as const };
      } catch (error) {
        await sql`rollback to savepoint timer_handler`.execute(tx);
        const attempts = timer.attempts + 1;
        await tx
          .updateTable("timers")
          .set({ attempts, last_error: describe(error), due_at: new Date(now.getTime() + retryDelayMs(attempts)) })
          .where("id", "=", timer.id)
          .execute();
        return { timer, fired: false as const, error };
      }
    });
    if (!outcome) return fired;
    if (outcome.fired) fired++;
    else deps.onError?.(outcome.error, outcome.timer);
  }
}

/** The earliest due timer of these kinds no other worker holds, locked until the caller commits. */
async function claimDueTimer(tx: Tx, kinds: string[], now: Date): Promise<DueTimer | null> {
  const row = await tx
    .selectFrom("timers")
    .select(["id", "kind", "subject_id", "due_at", "payload", "attempts"])
    .where("due_at", "<=", now)
    .where("fired_at", "is", null)
    .where("cancelled_at", "is", null)
    .where("kind", "in", kinds)
    .orderBy("due_at")
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row ? { id: String(row.id), kind: row.kind, subjectId: row.subject_id, dueAt: row.due_at, payload: row.payload, attempts: row.attempts } : null;
}

/**
 * Runs the timer worker in this process until the returned stop function is called. Safe on
 * every node at once: rows are claimed with `skip locked`.
 */
export function startTimerWorker(deps: TimerWorkerDeps & { intervalMs?: number }): () => Promise<void> {
  let stopped = false;
  let timeout: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await fireDueTimers(deps);
    } catch (e) {
      deps.onError?.(e);
    }
    if (!stopped) timeout = setTimeout(() => (running = tick()), deps.intervalMs ?? 1_000);
  };
  running = tick();
  return async () => {
    stopped = true;
    clearTimeout(timeout);
    await running;
  };
}

/** What `last_error` keeps: the error's message, short. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}
