import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from "./calendar.js";

const MINUTE_MS = 60_000;

/** A stretch during which the clock stood still, e.g. while waiting on the customer; `to` is null while it lasts. */
export interface SlaPause {
  readonly from: Date;
  readonly to: Date | null;
}

/**
 * An SLA clock: a budget of business minutes counted from `startedAt`, minus pauses.
 * Pauses are in time order and do not overlap; only the last one may still be open.
 * Build them with {@link pause} and {@link resume} to keep it that way.
 */
export interface SlaClock {
  readonly startedAt: Date;
  readonly budgetMinutes: number;
  readonly pauses: readonly SlaPause[];
}

/** Where a clock stands at a given moment. */
export type SlaStatus = "running" | "paused" | "warning" | "breached";

/** Result of {@link pause} or {@link resume}: the new clock, or why the change is refused. */
export type ClockChange =
  | { ok: true; clock: SlaClock }
  | { ok: false; error: "already_paused" | "not_paused" | "out_of_order" };

/** True while the last pause has not ended. */
export const isPaused = (clock: SlaClock): boolean => clock.pauses.at(-1)?.to === null;

/**
 * When the budget runs out: the deadline. Null while paused, since a paused clock has no
 * deadline until it resumes (even if the budget ran out before the pause; see {@link status}).
 */
export function deadlineOf(cal: BusinessCalendar, clock: SlaClock): Date | null {
  if (isPaused(clock)) return null;
  return budgetRunsOutAt(cal, clock);
}

/**
 * Business minutes of the budget left at `now`: the budget minus open minutes since the start
 * that were not paused. Negative once overdue (by the open minutes past the deadline).
 */
export function remainingMinutes(cal: BusinessCalendar, clock: SlaClock, now: Date): number {
  return clock.budgetMinutes - usedMinutes(cal, clock, now);
}

/**
 * The clock's state at `now`: "breached" once `now` is past the moment the budget ran out
 * (a pause begun after that does not undo it), "paused" while paused, "warning" once at
 * least `warnAtFraction` of the budget is used, else "running".
 */
export function status(cal: BusinessCalendar, clock: SlaClock, now: Date, warnAtFraction = 0.8): SlaStatus {
  const runsOutAt = budgetRunsOutAt(cal, clock);
  if (runsOutAt !== null && now.getTime() > runsOutAt.getTime()) return "breached";
  if (isPaused(clock)) return "paused";
  return usedMinutes(cal, clock, now) >= warnAtFraction * clock.budgetMinutes ? "warning" : "running";
}

/** Stops the clock at `at`. Refused when already paused or when `at` is before the clock's last event. */
export function pause(clock: SlaClock, at: Date): ClockChange {
  if (isPaused(clock)) return { ok: false, error: "already_paused" };
  if (at.getTime() < lastEventAt(clock).getTime()) return { ok: false, error: "out_of_order" };
  return { ok: true, clock: { ...clock, pauses: [...clock.pauses, { from: at, to: null }] } };
}

/** Restarts a paused clock at `at`. Refused when running or when `at` is before the pause began. */
export function resume(clock: SlaClock, at: Date): ClockChange {
  const open = clock.pauses.at(-1);
  if (!open || open.to !== null) return { ok: false, error: "not_paused" };
  if (at.getTime() < open.from.getTime()) return { ok: false, error: "out_of_order" };
  return { ok: true, clock: { ...clock, pauses: [...clock.pauses.slice(0, -1), { from: open.from, to: at }] } };
}

/** Open minutes counted against the budget between the start and `now`. */
function usedMinutes(cal: BusinessCalendar, clock: SlaClock, now: Date): number {
  const pausedMs = clock.pauses.reduce((sum, p) => {
    const from = latest(p.from, clock.startedAt);
    const to = p.to === null || p.to.getTime() > now.getTime() ? now : p.to;
    return sum + openMsBetween(cal, from, to);
  }, 0);
  return (openMsBetween(cal, clock.startedAt, now) - pausedMs) / MINUTE_MS;
}

/**
 * Walks the running stretches between pauses spending the budget; the moment it is spent,
 * or null if an open pause began before it was.
 */
function budgetRunsOutAt(cal: BusinessCalendar, clock: SlaClock): Date | null {
  let cursor = clock.startedAt;
  let remainingMs = Math.round(clock.budgetMinutes * MINUTE_MS);
  for (const p of clock.pauses) {
    const runningMs = openMsBetween(cal, cursor, p.from);
    if (runningMs >= remainingMs) return addBusinessMinutes(cal, cursor, remainingMs / MINUTE_MS);
    remainingMs -= runningMs;
    if (p.to === null) return null;
    cursor = latest(cursor, p.to);
  }
  return addBusinessMinutes(cal, cursor, remainingMs / MINUTE_MS);
}

/** Open time in whole milliseconds, so that sums and differences of pauses stay exact. */
const openMsBetween = (cal: BusinessCalendar, from: Date, to: Date) =>
  Math.round(businessMinutesBetween(cal, from, to) * MINUTE_MS);

const latest = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

const lastEventAt = (clock: SlaClock): Date => {
  const last = clock.pauses.at(-1);
  return last?.to ?? last?.from ?? clock.startedAt;
};
