import type { Queryable } from "../../db/database.js";
import { calendarNamed, clockStatus, toSlaClock, type ClockStatus } from "./model.js";
import { clocksOfCase, listBreaches, type BreachFilter } from "./store.js";

/** One clock of a case as the API shows it. */
export interface ClockView {
  id: string;
  kind: string;
  department: string;
  taskId: string | null;
  calendar: string;
  startedAt: string;
  budgetMinutes: number;
  status: ClockStatus;
  /** null while paused */
  deadlineAt: string | null;
  /** business minutes left at `now` (at the stop, once stopped); negative once overdue */
  remainingMinutes: number;
  warnedAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
}

/** Every clock of a case, oldest first, with where it stands at `now`. */
export async function caseClockViews(db: Queryable, caseId: string, now: Date): Promise<ClockView[]> {
  const rows = await clocksOfCase(db, caseId);
  return rows.map((r) => {
    const { status, remainingMinutes } = clockStatus(
      calendarNamed(r.calendar),
      toSlaClock({ startedAt: r.started_at, budgetMinutes: r.budget_minutes, pauses: r.pauses }),
      { warnFraction: r.warn_fraction, breachedAt: r.breached_at, stoppedAt: r.stopped_at, met: r.met },
      now,
    );
    return {
      id: String(r.id),
      kind: r.kind,
      department: r.department,
      taskId: r.task_id,
      calendar: r.calendar,
      startedAt: r.started_at.toISOString(),
      budgetMinutes: r.budget_minutes,
      status,
      deadlineAt: r.deadline_at?.toISOString() ?? null,
      remainingMinutes,
      warnedAt: r.warned_at?.toISOString() ?? null,
      breachedAt: r.breached_at?.toISOString() ?? null,
      stoppedAt: r.stopped_at?.toISOString() ?? null,
    };
  });
}

/** A breach as the API lists it. */
export interface BreachView {
  id: string;
  clockId: string;
  caseId: string;
  taskId: string | null;
  kind: string;
  department: string;
  deadlineAt: string;
  breachedAt: string;
  ownerId: string | null;
  onBreach: string;
  escalatedTo: string | null;
  escalationLevel: number;
}

/** Breaches newest first, filtered; page on with `before` (the last id seen). */
export async function breachViews(db: Queryable, filter: BreachFilter, limit: number): Promise<BreachView[]> {
  const rows = await listBreaches(db, filter, limit);
  return rows.map((b) => ({
    id: String(b.id),
    clockId: String(b.clock_id),
    caseId: b.case_id,
    taskId: b.task_id,
    kind: b.kind,
    department: b.department,
    deadlineAt: b.deadline_at.toISOString(),
    breachedAt: b.breached_at.toISOString(),
    ownerId: b.owner_id,
    onBreach: b.on_breach,
    escalatedTo: b.escalated_to,
    escalationLevel: b.escalation_level,
  }));
}
