import { randomBytes } from "node:crypto";
import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
// cases imports this file (after-change.ts, through tasks' index), so only cases' store is
// imported at run time: it imports nothing of cases that leads back here
import { appendEvents } from "../cases/store.js";
import type { CaseChange } from "../cases/index.js";
import { stageTerms, startClock, stopClocks } from "../sla/index.js";
import { TASK_TERMS, homeDepartment, partyOf, planCaseTasks, type OutcomeInput, type TaskDepartment, type TaskKind } from "./model.js";
import { insertRootCause, insertTask, lockOpenTasksOfCase, partiesOfCase, updateTask, type TaskRow } from "./store.js";

/*
 * A task's life as the database keeps it: opening (with its SLA clock), finishing (clock stopped,
 * an investigation's root cause recorded), and the tasks that follow a case's changes. Each
 * returns the domain events and the timeline entry for the caller to write.
 */

/** Who opens the tasks a case's change opens or cancels. */
export const TASKS_ACTOR = "system:tasks";

/** A timeline entry a task's change puts on its case (no state change: customers do not see it). */
export interface TaskActivity {
  type: "task_opened" | "task_taken" | "task_completed" | "task_cancelled";
  actor: { id: string };
  data: Record<string, unknown>;
}

export interface TaskOpening {
  caseId: string;
  department: TaskDepartment;
  kind: TaskKind;
  warehouseId?: string | null;
  supplierId?: string | null;
  refundId?: string | null;
  assigneeId?: string | null;
  note?: string;
  createdBy: string;
}

export interface TaskChange {
  task: TaskRow;
  events: OutboxRow[];
  activity: TaskActivity;
}

/**
 * Opens a task and starts its own SLA clock on the terms of its kind. Null when the same task
 * (case, kind, party) is already open: opening is idempotent.
 */
export async function openTask(tx: Queryable, o: TaskOpening, now: Date): Promise<TaskChange | null> {
  const row = await insertTask(tx, {
    id: `tk_${randomBytes(8).toString("hex")}`,
    case_id: o.caseId,
    department: o.department,
    kind: o.kind,
    warehouse_id: o.warehouseId ?? null,
    supplier_id: o.supplierId ?? null,
    refund_id: o.refundId ?? null,
    assignee_id: o.assigneeId ?? null,
    note: o.note ?? "",
    created_by: o.createdBy,
    now,
  });
  if (!row) return null;
  // the warehouse's receipt of returned goods is an SLA stage operations set; other tasks' terms are fixed
  const terms = (o.kind === "confirm_receipt" ? await stageTerms(tx, "warehouse_receipt") : null) ?? TASK_TERMS[o.kind];
  const clock = await startClock(tx, {
    caseId: o.caseId,
    taskId: row.id,
    kind: "task",
    department: o.department,
    calendar: terms.calendar,
    budgetMinutes: terms.budgetMinutes,
    warnFraction: terms.warnFraction,
    ...("onBreach" in terms ? { onBreach: terms.onBreach } : {}),
    now,
  });
  const task = clock ? await updateTask(tx, row.id, { clock_id: clock.id, updated_at: now }) : row;
  const facts = taskFacts(task);
  return {
    task,
    events: [taskEvent("task.opened", task, now, { deadlineAt: clock?.deadlineAt.toISOString() ?? null, note: task.note })],
    activity: { type: "task_opened", actor: { id: o.createdBy }, data: { ...facts, note: task.note, deadlineAt: clock?.deadlineAt.toISOString() ?? null } },
  };
}

/** Marks a task taken by a member of staff. */
export async function takeTask(tx: Queryable, task: TaskRow, staffId: string, actor: string, now: Date): Promise<TaskChange> {
  const taken = await updateTask(tx, task.id, { state: "in_progress", assignee_id: staffId, taken_at: now, updated_at: now });
  return {
    task: taken,
    events: [taskEvent("task.taken", taken, now, { from: task.assignee_id })],
    activity: { type: "task_taken", actor: { id: actor }, data: { ...taskFacts(taken), from: task.assignee_id } },
  };
}

export type TaskEnd = { state: "done"; by: string; assigneeId?: string | null; outcome: OutcomeInput } | { state: "cancelled"; by: string; reason: string };

/**
 * Finishes a task, done or cancelled, and stops its SLA clock (met when inside the budget). A done
 * investigation records its root cause on the case for analytics.
 */
export async function finishTask(tx: Queryable, task: TaskRow, end: TaskEnd, now: Date): Promise<TaskChange> {
  const finished = await updateTask(tx, task.id, {
    state: end.state,
    finished_at: now,
    finished_by: end.by,
    updated_at: now,
    ...(end.state === "done" ? { outcome: { ...end.outcome }, ...(end.assigneeId !== undefined ? { assignee_id: end.assigneeId } : {}) } : { cancel_reason: end.reason }),
  });
  const [stopped] = await stopClocks(tx, { caseId: task.case_id, taskId: task.id, now });
  const sla = stopped ? { met: stopped.met } : {};
  if (end.state === "done" && task.kind === "investigate" && end.outcome.rootCause && end.outcome.correctiveAction)
    await insertRootCause(tx, { task_id: task.id, case_id: task.case_id, category: end.outcome.rootCause, corrective_action: end.outcome.correctiveAction, supplier_id: task.supplier_id, recorded_by: end.by, recorded_at: now });
  const detail = end.state === "done" ? { outcome: end.outcome, ...sla } : { reason: end.reason, ...sla };
  return {
    task: finished,
    events: [taskEvent(end.state === "done" ? "task.completed" : "task.cancelled", finished, now, detail)],
    activity: { type: end.state === "done" ? "task_completed" : "task_cancelled", actor: { id: end.by }, data: { ...taskFacts(finished), ...detail } },
  };
}

/**
 * Called once per case change by afterCaseChange: goods sent back open the warehouse's
 * confirm_receipt, a reship opens prepare_reship; the case reaching the goal of a task (goods
 * received, reshipped, refunded) completes it in the name of whoever moved the case; a finished
 * case cancels what is still open. Writes the timeline entries; returns the domain events.
 */
export async function followCaseTasks(tx: Queryable, change: CaseChange, now: Date): Promise<OutboxRow[]> {
  const reached = change.timeline.filter((t) => t.to_state !== null && t.to_state !== t.from_state).map((t) => ({ state: t.to_state as string, actor: t.actor }));
  const steps = planCaseTasks(change.before?.state ?? null, reached, change.after.state);
  if (steps.length === 0) return [];
  const caseId = change.after.id;
  const changes: TaskChange[] = [];
  for (const step of steps) {
    if (step.op === "open") {
      for (const party of await partiesFor(tx, caseId, step.kind)) {
        const opened = await openTask(tx, { caseId, department: homeDepartment(step.kind), kind: step.kind, ...party, createdBy: TASKS_ACTOR }, now);
        if (opened) changes.push(opened);
      }
      continue;
    }
    const open = await lockOpenTasksOfCase(tx, caseId);
    for (const task of open) {
      if (step.op === "complete" && task.kind === step.kind)
        changes.push(await finishTask(tx, task, { state: "done", by: step.by, outcome: { summary: `done when the case became ${step.reached}` } }, now));
      if (step.op === "cancel_open") changes.push(await finishTask(tx, task, { state: "cancelled", by: TASKS_ACTOR, reason: step.reason }, now));
    }
  }
  await appendEvents(
    tx,
    changes.map((c) => ({ case_id: caseId, at: now, type: c.activity.type, actor: c.activity.actor.id, from_state: null, to_state: null, data: c.activity.data })),
  );
  return changes.flatMap((c) => c.events);
}

/** One task per warehouse (or supplier) of the case's goods; one unscoped task when they name none. */
async function partiesFor(tx: Queryable, caseId: string, kind: TaskKind): Promise<{ warehouseId?: string; supplierId?: string }[]> {
  const party = partyOf(homeDepartment(kind));
  if (party === null) return [{}];
  const { warehouseIds, supplierIds } = await partiesOfCase(tx, caseId);
  const ids = party === "warehouse" ? warehouseIds : supplierIds;
  if (ids.length === 0) return [{}];
  return ids.map((id) => (party === "warehouse" ? { warehouseId: id } : { supplierId: id }));
}

/** What every task event and timeline entry says about the task. */
export function taskFacts(t: TaskRow) {
  return { taskId: t.id, caseId: t.case_id, department: t.department, kind: t.kind, state: t.state, warehouseId: t.warehouse_id, supplierId: t.supplier_id, refundId: t.refund_id, assigneeId: t.assignee_id };
}

function taskEvent(topic: string, t: TaskRow, now: Date, data: Record<string, unknown>): OutboxRow {
  return { topic, aggregate_id: t.case_id, payload: { ...taskFacts(t), ...data, at: now.toISOString() } };
}
