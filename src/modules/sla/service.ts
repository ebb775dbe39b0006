import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
import { invalid } from "../../http/problem.js";
import { cancelTimers, scheduleTimer, scheduleTimers, type DueTimer, type TimerSpec } from "../../jobs/timers.js";
import { isPaused } from "./clock.js";
import {
  breachDue,
  calendarNamed,
  deadlines,
  isCalendarName,
  pausedAt,
  planClocks,
  resumedAt,
  stoppedAt,
  stops,
  toSlaClock,
  toStoredPauses,
  type BreachAction,
  type CaseClockFacts,
  type ClockKind,
  type SlaKind,
  type StopSet,
  warningDue,
} from "./model.js";
import { clockById, insertBreach, insertClocks, lockClock, lockRunningClocks, policiesOf, updateClock, type ClockRow, type NewClock } from "./store.js";

/** Timer kinds of a clock; the subject is the clock's id. */
export const SLA_WARNING = "sla.warning";
export const SLA_BREACH = "sla.breach";
const CLOCK_TIMERS = [SLA_WARNING, SLA_BREACH];

/**
 * Makes a case's clocks follow one change of the case (see `planClocks`): starts, stops, pauses
 * and resumes them, and arms or cancels their warning and breach timers, in the caller's
 * transaction. Returns domain events for the caller's outbox (none today).
 */
export async function syncCaseClocks(tx: Queryable, facts: CaseClockFacts, now: Date): Promise<OutboxRow[]> {
  const plan = planClocks(facts);
  const touchesRunning = [plan.stop, plan.pause, plan.resume].some((set) => set === "all" || set.length > 0);
  if (touchesRunning) await changeRunningClocks(tx, facts.caseId, { stop: plan.stop, pause: plan.pause, resume: plan.resume }, now);
  if (plan.start.length) await startStageClocks(tx, facts.caseId, plan.start, now);
  return [];
}

/**
 * The terms a stage's policy sets (calendar, budget, warning, breach), for a task whose clock is
 * that stage's: the warehouse's confirm_receipt runs on `warehouse_receipt`. Null when the stage's
 * policy is switched off.
 */
export async function stageTerms(tx: Queryable, kind: SlaKind): Promise<{ calendar: string; budgetMinutes: number; warnFraction: number; onBreach: BreachAction } | null> {
  const [p] = await policiesOf(tx, [kind]);
  return p ? { calendar: p.calendar, budgetMinutes: p.budget_minutes, warnFraction: p.warn_fraction, onBreach: p.on_breach as BreachAction } : null;
}

/** A department task's clock, or any clock on terms the caller sets. */
export interface ClockStart {
  caseId: string;
  taskId?: string | null;
  kind: ClockKind;
  department: string;
  /** a calendar name: cn_customer_service, cn_office, around_the_clock */
  calendar: string;
  budgetMinutes: number;
  now: Date;
  /** share of the budget used when the warning goes out; 0.8 unless said */
  warnFraction?: number;
  onBreach?: BreachAction;
}

/**
 * Starts a clock and arms its warning and breach. Returns its id and deadline, or null when a
 * clock of that kind already runs for the case (or task): it is kept, not doubled.
 */
export async function startClock(tx: Queryable, s: ClockStart): Promise<{ id: string; deadlineAt: Date } | null> {
  if (!isCalendarName(s.calendar)) throw invalid(`unknown business calendar ${s.calendar}`);
  if (!Number.isInteger(s.budgetMinutes) || s.budgetMinutes <= 0) throw invalid("an SLA budget is a whole number of minutes above 0");
  const warnFraction = s.warnFraction ?? 0.8;
  if (!(warnFraction > 0 && warnFraction < 1)) throw invalid("the warning comes after a share of the budget between 0 and 1");
  const [row] = await insertAndArm(tx, [newClock({ ...s, taskId: s.taskId ?? null, warnFraction, onBreach: s.onBreach ?? "notify" })]);
  return row?.deadline_at ? { id: String(row.id), deadlineAt: row.deadline_at } : null;
}

/**
 * Stops the running clocks of a case: of one task, of one kind, or all. Each is met if it
 * stopped before its budget ran out. Returns what was stopped.
 */
export async function stopClocks(tx: Queryable, s: { caseId: string; taskId?: string; kind?: ClockKind; now: Date }) {
  const matches = (c: ClockRow) => (s.taskId === undefined || c.task_id === s.taskId) && (s.kind === undefined || c.kind === s.kind);
  return changeRunningClocks(tx, s.caseId, { stop: "all", pause: [], resume: [], only: matches }, s.now);
}

/** The clock a timer is about, unlocked: the handler locks the case before the clock. */
export const clockOfTimer = (db: Queryable, timer: DueTimer) => clockById(db, timer.subjectId);

/**
 * Marks a clock warned once the share of its budget the warning comes after is used: the
 * sla.warning handler, after the caller locked the case. A clock that stopped or already warned
 * says nothing. One not there yet (it resumed with a later deadline while its timer was firing,
 * so re-arming found the timer taken) arms its warning again; a paused one waits for its resume,
 * which arms it. Returns the `sla.warning` event for the caller's outbox.
 */
export async function warnClock(tx: Queryable, clockId: string, now: Date): Promise<OutboxRow[]> {
  const row = await lockClock(tx, clockId);
  if (!row || row.stopped_at || row.warned_at) return [];
  const cal = calendarNamed(row.calendar);
  const clock = toSlaClock(slaShape(row));
  if (!warningDue(cal, clock, row.warn_fraction, now)) {
    const { warnAt } = deadlines(cal, clock, row.warn_fraction);
    if (warnAt) await scheduleTimer(tx, { kind: SLA_WARNING, subjectId: String(row.id), dueAt: warnAt, payload: { kind: row.kind } });
    return [];
  }
  await updateClock(tx, row.id, { warned_at: now });
  return [{ topic: "sla.warning", aggregate_id: row.case_id, payload: { ...clockPayload(row), at: now.toISOString() } }];
}

/**
 * Marks a clock breached if its budget is spent (or it stopped late and was never marked): the
 * first half of the sla.breach handler, after the caller locked the case. Null when there is
 * nothing to record: met, already recorded, or not due yet — a clock that resumed with a later
 * deadline while its timer was firing arms its breach again (a paused one waits for its resume).
 */
export async function markBreached(tx: Queryable, clockId: string, now: Date): Promise<{ clock: ClockRow; running: boolean } | null> {
  const row = await lockClock(tx, clockId);
  if (!row || row.breached_at) return null;
  const cal = calendarNamed(row.calendar);
  const clock = toSlaClock(slaShape(row));
  if (row.stopped_at && row.met !== false) return null;
  if (!row.stopped_at) {
    const { deadlineAt } = deadlines(cal, clock, row.warn_fraction);
    // the deadline itself counts as due, so a timer is never armed again for a moment already past
    const due = breachDue(cal, clock, now) || (deadlineAt !== null && deadlineAt.getTime() <= now.getTime());
    if (!due) {
      if (deadlineAt) await scheduleTimer(tx, { kind: SLA_BREACH, subjectId: String(row.id), dueAt: deadlineAt, payload: { kind: row.kind } });
      return null;
    }
  }
  await updateClock(tx, row.id, { breached_at: now });
  // a clock paused after its budget ran out stores no deadline: the moment the budget ran out is it
  const deadlineAt = row.deadline_at ?? deadlines(cal, stoppedAt(cal, clock, now).clock, row.warn_fraction).deadlineAt;
  return { clock: { ...row, breached_at: now, deadline_at: deadlineAt }, running: row.stopped_at === null };
}

/** The breach record and its domain event, once the case's side of the escalation is known. */
export async function recordBreach(tx: Queryable, b: { clock: ClockRow; ownerId: string | null; escalatedTo: string | null; escalationLevel: number; now: Date }): Promise<OutboxRow[]> {
  const breach = await insertBreach(tx, { clock: b.clock, breachedAt: b.now, ownerId: b.ownerId, escalatedTo: b.escalatedTo, escalationLevel: b.escalationLevel });
  if (!breach) return [];
  const payload = { ...clockPayload(b.clock), breachId: String(breach.id), ownerId: b.ownerId, escalatedTo: b.escalatedTo, escalationLevel: b.escalationLevel, onBreach: b.clock.on_breach, at: b.now.toISOString() };
  return [{ topic: "sla.breached", aggregate_id: b.clock.case_id, payload }];
}

// ── internals ───────────────────────────────────────────────────────────────

async function startStageClocks(tx: Queryable, caseId: string, kinds: SlaKind[], now: Date) {
  const policies = await policiesOf(tx, kinds);
  const clocks = policies.map((p) =>
    newClock({ caseId, taskId: null, kind: p.kind as SlaKind, department: p.department, calendar: p.calendar, budgetMinutes: p.budget_minutes, warnFraction: p.warn_fraction, onBreach: p.on_breach as BreachAction, now }),
  );
  await insertAndArm(tx, clocks);
}

function newClock(s: Required<Omit<ClockStart, "taskId">> & { taskId: string | null }): NewClock {
  const cal = calendarNamed(s.calendar);
  const { deadlineAt, warnAt } = deadlines(cal, { startedAt: s.now, budgetMinutes: s.budgetMinutes, pauses: [] }, s.warnFraction);
  return {
    case_id: s.caseId,
    task_id: s.taskId,
    kind: s.kind,
    department: s.department,
    calendar: s.calendar,
    started_at: s.now,
    budget_minutes: s.budgetMinutes,
    deadline_at: deadlineAt,
    warn_at: warnAt,
    warn_fraction: s.warnFraction,
    on_breach: s.onBreach,
  };
}

async function insertAndArm(tx: Queryable, clocks: NewClock[]) {
  const inserted = await insertClocks(tx, clocks);
  await scheduleTimers(tx, inserted.flatMap((c) => timersOf({ ...c, id: String(c.id), warned_at: null, breached_at: null })), { fresh: true });
  return inserted;
}

/** The warning and breach a running clock still owes. */
function timersOf(c: { id: string; case_id?: string; kind: string; warn_at: Date | null; deadline_at: Date | null; warned_at: Date | null; breached_at: Date | null }): TimerSpec[] {
  const timers: TimerSpec[] = [];
  const payload = { kind: c.kind };
  if (c.warn_at && !c.warned_at) timers.push({ kind: SLA_WARNING, subjectId: c.id, dueAt: c.warn_at, payload });
  if (c.deadline_at && !c.breached_at) timers.push({ kind: SLA_BREACH, subjectId: c.id, dueAt: c.deadline_at, payload });
  return timers;
}

interface RunningChange {
  stop: StopSet;
  pause: StopSet;
  resume: StopSet;
  /** limits the change to these clocks */
  only?: (c: ClockRow) => boolean;
}

async function changeRunningClocks(tx: Queryable, caseId: string, change: RunningChange, now: Date) {
  const running = await lockRunningClocks(tx, caseId);
  const halted: string[] = [];
  const rearm: TimerSpec[] = [];
  const stopped: { id: string; kind: string; taskId: string | null; met: boolean }[] = [];
  for (const row of running) {
    if (change.only && !change.only(row)) continue;
    const id = String(row.id);
    const cal = calendarNamed(row.calendar);
    const clock = toSlaClock(slaShape(row));
    if (stops(change.stop, row.kind)) {
      const s = stoppedAt(cal, clock, now);
      await updateClock(tx, id, { pauses: toStoredPauses(s.clock), stopped_at: now, met: s.met });
      halted.push(id);
      stopped.push({ id, kind: row.kind, taskId: row.task_id, met: s.met });
    } else if (stops(change.pause, row.kind)) {
      // pausing wins over resuming: the state the case entered keeps the clock still
      if (isPaused(clock)) continue;
      await updateClock(tx, id, { pauses: toStoredPauses(pausedAt(clock, now)), deadline_at: null, warn_at: null });
      halted.push(id);
    } else if (stops(change.resume, row.kind) && isPaused(clock)) {
      const resumed = resumedAt(clock, now);
      const { deadlineAt, warnAt } = deadlines(cal, resumed, row.warn_fraction);
      await updateClock(tx, id, { pauses: toStoredPauses(resumed), deadline_at: deadlineAt, warn_at: warnAt });
      rearm.push(...timersOf({ ...row, id, deadline_at: deadlineAt, warn_at: warnAt }));
    }
  }
  // timers already due stay: what they announce happened before the clock stopped or paused
  await cancelTimers(tx, { kinds: CLOCK_TIMERS, subjectIds: halted, now, dueAfter: now });
  await scheduleTimers(tx, rearm);
  return stopped;
}

const slaShape = (row: ClockRow) => ({ startedAt: row.started_at, budgetMinutes: row.budget_minutes, pauses: row.pauses });

function clockPayload(row: ClockRow) {
  return { clockId: String(row.id), caseId: row.case_id, taskId: row.task_id, kind: row.kind, department: row.department, deadlineAt: row.deadline_at?.toISOString() ?? null };
}
