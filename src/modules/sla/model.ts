import { CN_CUSTOMER_SERVICE, CN_OFFICE, type BusinessCalendar } from "./calendar.js";
import { deadlineOf, isPaused, pause, remainingMinutes, resume, status, type SlaClock } from "./clock.js";

/*
 * Which SLA clocks a case runs, and what they say. Pure: plain data in, plain data out; the
 * service persists the plan and arms the timers.
 */

/** The stages with a policy of their own (seed 004: agent first response, leader response, warehouse, finance, resolution). */
export const SLA_KINDS = ["first_response", "leader_response", "warehouse_receipt", "finance_payment", "resolution"] as const;
export type SlaKind = (typeof SLA_KINDS)[number];
/** A clock's kind: a stage, or a department task's own clock. */
export type ClockKind = SlaKind | "task";

export const DEPARTMENTS = ["agent", "leader", "warehouse", "finance", "supplier_quality"] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const BREACH_ACTIONS = ["notify", "reassign_supervisor"] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

/**
 * Around the clock: promises made to the customer in hours ("handled within 24 h", seed 002)
 * count every hour, closed days included.
 */
export const AROUND_THE_CLOCK: BusinessCalendar = {
  days: { 0: [{ open: "00:00", close: "24:00" }], 1: [{ open: "00:00", close: "24:00" }], 2: [{ open: "00:00", close: "24:00" }], 3: [{ open: "00:00", close: "24:00" }], 4: [{ open: "00:00", close: "24:00" }], 5: [{ open: "00:00", close: "24:00" }], 6: [{ open: "00:00", close: "24:00" }] },
  holidays: [],
  workdays: [],
  workdayHours: [{ open: "00:00", close: "24:00" }],
};

/** The calendars a policy or clock may name. */
export const CALENDARS = { cn_customer_service: CN_CUSTOMER_SERVICE, cn_office: CN_OFFICE, around_the_clock: AROUND_THE_CLOCK } as const satisfies Record<string, BusinessCalendar>;
export type CalendarName = keyof typeof CALENDARS;
export const CALENDAR_NAMES = Object.keys(CALENDARS) as CalendarName[];

export const isCalendarName = (name: string): name is CalendarName => Object.hasOwn(CALENDARS, name);

/** The calendar a stored clock names; an unknown name in the database is a bug. */
export function calendarNamed(name: string): BusinessCalendar {
  if (!isCalendarName(name)) throw new Error(`unknown business calendar ${name}`);
  return CALENDARS[name];
}

// ── planning ────────────────────────────────────────────────────────────────

/** Who answered the customer in a change (see `responseOf` in cases/deadlines.ts). */
export type Responder = "agent" | "leader";

/** What the clocks need to know about one change of a case. */
export interface CaseClockFacts {
  caseId: string;
  /** the state before the change; null when the case was just filed */
  before: string | null;
  after: string;
  /** the case's pickup point has a leader who should answer (团长) */
  leaderAtPickupPoint: boolean;
  /** the responses this change made, in timeline order: an agent's (or supervisor's), or a leader's */
  responders: readonly Responder[];
}

/** A set of clocks: named kinds, or every running clock of the case (tasks included). */
export type StopSet = readonly ClockKind[] | "all";

export interface ClockPlan {
  start: SlaKind[];
  stop: StopSet;
  /** clocks to pause; a clock both paused and resumed stays paused (the state after says so) */
  pause: StopSet;
  resume: StopSet;
}

const REVIEW: readonly string[] = ["submitted", "in_review", "awaiting_customer"];
const RETURNING: readonly string[] = ["awaiting_return", "return_in_transit"];
/** States after which nothing is owed to anyone. */
export const FINISHED: readonly string[] = ["refunded", "reshipped", "compensated", "closed", "rejected", "cancelled", "merged"];

/**
 * The clocks that stand still while the case is in a state. Waiting on the customer's answer
 * stops every clock. The customer's return (the goods still with them, then on the way back) is
 * bounded by the return deadline, not by the platform's handling time: `resolution` waits.
 */
function pausedIn(state: string | null): StopSet {
  if (state === "awaiting_customer") return "all";
  if (state !== null && RETURNING.includes(state)) return ["resolution"];
  return [];
}

/**
 * The clocks a change starts, stops, pauses or resumes:
 * - a case that comes to need a person (filed into review) starts `first_response` and
 *   `resolution`, and `leader_response` where a leader runs the pickup point;
 * - an agent's or supervisor's response stops `first_response`, a leader's `leader_response`;
 *   a decision (the case leaves review, by anyone) stops both;
 * - `resolution` ("handled within 24 h", seed 002) runs until the case is finished, standing
 *   still while the customer is to answer or to send the goods back;
 * - goods the customer sent back are the warehouse's `confirm_receipt` task, whose own clock runs
 *   on the `warehouse_receipt` policy's terms (one clock, not a stage clock beside the task's);
 * - a refund under way starts `finance_payment` until it is paid;
 * - waiting on the customer pauses every running clock; the answer resumes them;
 * - a finished case stops everything.
 */
export function planClocks(f: CaseClockFacts): ClockPlan {
  const plan: ClockPlan = { start: [], stop: [], pause: [], resume: [] };
  const was = (states: readonly string[]) => f.before !== null && states.includes(f.before);
  const entered = (state: string) => f.after === state && f.before !== state;
  // a case filed straight into a finished state never ran a clock
  if (FINISHED.includes(f.after)) return { ...plan, stop: f.before !== null && !FINISHED.includes(f.before) ? "all" : [] };

  const agentResponded = f.responders.includes("agent");
  const leaderResponded = f.responders.includes("leader");
  const stop = new Set<ClockKind>();
  if (f.after === "in_review" && (f.before === null || f.before === "submitted")) {
    // a person answering in the very change that files the case has already responded
    if (!agentResponded) plan.start.push("first_response");
    if (f.leaderAtPickupPoint && !leaderResponded) plan.start.push("leader_response");
    plan.start.push("resolution");
  }
  if (agentResponded) stop.add("first_response");
  if (leaderResponded) stop.add("leader_response");
  if (was(REVIEW) && !REVIEW.includes(f.after)) for (const k of ["first_response", "leader_response"] as const) stop.add(k);
  if (entered("refunding")) plan.start.push("finance_payment");
  if (f.before === "refunding" && f.after !== "refunding") stop.add("finance_payment");
  // a case just filed runs no clock to pause yet
  if (f.before !== null && f.before !== f.after) {
    const [before, after] = [pausedIn(f.before), pausedIn(f.after)];
    plan.pause = before === "all" ? after : minus(after, before);
    plan.resume = minus(before, after);
  }
  return { ...plan, stop: [...stop] };
}

/** The kinds of `a` not in `b`. "All" but a few cannot be said: it stays "all", and the few are paused (pausing wins). */
function minus(a: StopSet, b: StopSet): StopSet {
  if (b === "all") return [];
  if (a === "all") return "all";
  return a.filter((k) => !b.includes(k));
}

export const stops = (set: StopSet, kind: string): boolean => set === "all" || (set as readonly string[]).includes(kind);

// ── one clock ───────────────────────────────────────────────────────────────

/** A clock as stored, in the shape the pure clock functions take. */
export interface StoredClock {
  startedAt: Date;
  budgetMinutes: number;
  pauses: { from: string; to: string | null }[];
}

export const toSlaClock = (c: StoredClock): SlaClock => ({
  startedAt: c.startedAt,
  budgetMinutes: c.budgetMinutes,
  pauses: c.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
});

export const toStoredPauses = (clock: SlaClock) => clock.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null }));

/** When the budget runs out and when the warning is due; both null while paused. */
export function deadlines(cal: BusinessCalendar, clock: SlaClock, warnFraction: number): { deadlineAt: Date | null; warnAt: Date | null } {
  return { deadlineAt: deadlineOf(cal, clock), warnAt: deadlineOf(cal, { ...clock, budgetMinutes: clock.budgetMinutes * warnFraction }) };
}

/** The clock paused at `at` (already paused: unchanged). */
export function pausedAt(clock: SlaClock, at: Date): SlaClock {
  const r = pause(clock, at);
  return r.ok ? r.clock : clock;
}

/** The clock resumed at `at` (not paused: unchanged). */
export function resumedAt(clock: SlaClock, at: Date): SlaClock {
  const r = resume(clock, at);
  return r.ok ? r.clock : clock;
}

/** A clock stopped at `at`: its last pause ends there; met unless the budget ran out before. */
export function stoppedAt(cal: BusinessCalendar, clock: SlaClock, at: Date): { clock: SlaClock; met: boolean } {
  const closed = isPaused(clock) ? resumedAt(clock, at) : clock;
  return { clock: closed, met: status(cal, closed, at) !== "breached" };
}

/**
 * Whether the warning is due at `now`: the share of the budget it comes after is used up (paused
 * or not), or the warning time itself has come.
 */
export function warningDue(cal: BusinessCalendar, clock: SlaClock, warnFraction: number, now: Date): boolean {
  const warnAt = deadlines(cal, clock, warnFraction).warnAt;
  const used = clock.budgetMinutes - remainingMinutes(cal, clock, now);
  return used >= warnFraction * clock.budgetMinutes || (warnAt !== null && warnAt.getTime() <= now.getTime());
}

/** Whether a breach is due at `now`: the budget is spent (at the deadline itself, too). */
export function breachDue(cal: BusinessCalendar, clock: SlaClock, now: Date): boolean {
  return remainingMinutes(cal, clock, now) <= 0 || status(cal, clock, now) === "breached";
}

/** What the API shows of a clock. */
export type ClockStatus = "running" | "paused" | "warning" | "breached" | "met" | "missed";

/** A clock's status and the business minutes left (negative once overdue; at the stop for a stopped clock). */
export function clockStatus(
  cal: BusinessCalendar,
  clock: SlaClock,
  row: { warnFraction: number; breachedAt: Date | null; stoppedAt: Date | null; met: boolean | null },
  now: Date,
): { status: ClockStatus; remainingMinutes: number } {
  const at = row.stoppedAt ?? now;
  const remaining = Math.round(remainingMinutes(cal, clock, at));
  if (row.stoppedAt) return { status: row.met ? "met" : "missed", remainingMinutes: remaining };
  if (row.breachedAt) return { status: "breached", remainingMinutes: remaining };
  return { status: status(cal, clock, now, row.warnFraction), remainingMinutes: remaining };
}
