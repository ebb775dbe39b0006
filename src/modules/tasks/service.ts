import type { Db, Queryable, Tx } from "../../db/database.js";
import { Problem, forbidden, invalid, notFound } from "../../http/problem.js";
import { applyEvents, lockVisibleCase, transition, type CaseRow, type CaseState } from "../cases/index.js";
import { actorId, isStaff, staffById, type Principal, type StaffPrincipal } from "../people/index.js";
import { payRefundManually } from "./finance.js";
import { finishTask, openTask, takeTask, type TaskChange } from "./lifecycle.js";
import { checkOutcome, decideTask, memberRoles, openingRefusal, partyOf, worksOn, type OutcomeInput, type TaskDepartment, type TaskKind, type TaskState, type TaskWorker } from "./model.js";
import { taskView, type NewTask, type TaskViewBody } from "./schemas.js";
import { caseVisible, listTasks, lockTask, partiesOfCase, taskById, type TaskRow } from "./store.js";
import { recordTaskChange } from "./timeline.js";

/*
 * What staff do with tasks: hand work to a department, take it, complete it with an outcome,
 * cancel it. Each change is one transaction: the task, its SLA clock, the case's timeline and the
 * outbox. Imported by the routes (it needs cases, so tasks' index does not export it).
 */

/** What the task services need: the database and the clock. */
export interface TaskDeps {
  db: Db;
  clock: () => Date;
}

/** Hands work on a case to a department (agent, supervisor). 201 with the task. */
export async function createTask(deps: TaskDeps, caseId: string, input: NewTask, p: Principal): Promise<TaskViewBody> {
  const staff = staffOf(p);
  const department = input.department as TaskDepartment;
  const kind = input.kind as TaskKind;
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    const refusal = openingRefusal(department, kind, kase.state);
    if (refusal) throw refusal.status === 422 ? invalid(refusal.detail) : new Problem(409, "conflict", "Not possible in this state", refusal.detail, { state: kase.state });
    const party = await partyFor(tx, caseId, department, input);
    if (input.assigneeId) await assertMember(tx, input.assigneeId, { department, ...party });
    const opened = await openTask(tx, { caseId, department, kind, ...party, assigneeId: input.assigneeId ?? null, note: input.note, createdBy: actorId(staff) }, now);
    if (!opened) throw new Problem(409, "conflict", "Already handed over", `a ${kind} task of this case is already open at the ${department} department`);
    await recordTaskChange(tx, kase, opened, now);
    return viewOf(tx, opened.task.id, p);
  });
}

/** The tasks of a case the caller sees, nearest deadline first. */
export async function caseTasks(deps: TaskDeps, caseId: string, p: Principal): Promise<TaskViewBody[]> {
  if (!(await caseVisible(deps.db, caseId, p))) throw notFound("case", caseId);
  return (await listTasks(deps.db, p, { caseId }, 500)).map(taskView);
}

/** A department's work list in the caller's scope, nearest deadline first. */
export async function departmentTasks(deps: TaskDeps, p: Principal, q: { department?: TaskDepartment; state?: TaskState; mine: boolean; limit: number }): Promise<TaskViewBody[]> {
  const staff = staffOf(p);
  const rows = await listTasks(deps.db, p, { department: q.department, state: q.state ?? null, ...(q.mine ? { assigneeId: staff.staffId } : {}) }, q.limit);
  return rows.map(taskView);
}

/** The body of a take, complete or cancel. */
export type TaskWork = { action: "take" } | { action: "complete"; outcome: OutcomeInput } | { action: "cancel"; reason: string };

/**
 * Takes, completes or cancels a task, as a member of its department and party or a supervisor.
 * Completing a warehouse's confirm_receipt confirms the goods received on the case (the refund or
 * the exchange's reship follows); completing a manual_refund pays the refund by hand.
 */
export async function workOnTask(deps: TaskDeps, taskId: string, work: TaskWork, p: Principal): Promise<TaskViewBody> {
  const staff = staffOf(p);
  const peek = await visibleTask(deps.db, taskId, p);
  const worker = workerOf(staff);
  if (!worksOn(taskFactsOf(peek), worker)) throw forbidden(`the ${peek.department} department (of the goods' warehouse or supplier) works this task`);
  if (work.action === "complete" && peek.kind === "manual_refund" && peek.refund_id) {
    const reference = work.outcome.reference;
    if (!reference) throw invalid("a manual_refund outcome needs reference");
    await payRefundManually(deps, peek.refund_id, { reference, note: work.outcome.summary }, p);
    return viewOf(deps.db, taskId, p);
  }
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    // the case first, then the task: the order of every case change
    const kase = await lockCaseFor(tx, peek.case_id, p);
    const task = await lockTask(tx, taskId);
    if (!task) throw notFound("task", taskId);
    const decision = decideTask(taskFactsOf(task), work.action, worker);
    if (!decision.ok)
      throw decision.error === "taken"
        ? new Problem(409, "already-owned", "Someone else's task", decision.detail, { assigneeId: task.assignee_id })
        : new Problem(409, "conflict", "The task is finished", decision.detail, { state: task.state });
    const actor = actorId(staff);
    let change: TaskChange;
    if (work.action === "take") change = await takeTask(tx, task, staff.staffId, actor, now);
    else if (work.action === "cancel") change = await finishTask(tx, task, { state: "cancelled", by: actor, reason: work.reason }, now);
    else {
      const checked = checkOutcome(task.kind as TaskKind, work.outcome);
      if (!checked.ok) throw invalid(checked.error);
      change = await finishTask(tx, task, { state: "done", by: actor, assigneeId: decision.assigneeId, outcome: checked.outcome }, now);
    }
    await recordTaskChange(tx, kase, change, now);
    if (work.action === "complete" && task.kind === "confirm_receipt" && receivable(kase)) await applyEvents(tx, kase, [{ type: "receive_return" }], { id: actor }, now, { taskId });
    return viewOf(tx, taskId, p);
  });
}

// ── helpers ─────────────────────────────────────────────────────────────────


/** Goods still on their way back can be confirmed received. */
const receivable = (kase: CaseRow) => transition(kase.state as CaseState, { type: "receive_return" }).ok;

function staffOf(p: Principal): StaffPrincipal {
  if (!isStaff(p)) throw forbidden("only staff work tasks");
  return p;
}

const workerOf = (s: StaffPrincipal): TaskWorker => ({ staffId: s.staffId, role: s.role, warehouseId: s.warehouseId, supplierId: s.supplierId });

const taskFactsOf = (t: TaskRow) => ({ department: t.department as TaskDepartment, state: t.state as TaskState, assigneeId: t.assignee_id, warehouseId: t.warehouse_id, supplierId: t.supplier_id });

async function lockCaseFor(tx: Queryable, caseId: string, p: Principal): Promise<CaseRow> {
  const kase = await lockVisibleCase(tx, caseId, p);
  if (!kase) throw notFound("case", caseId);
  return kase;
}

/** A task the caller may see, or 404 as if it did not exist. */
async function visibleTask(db: Queryable, taskId: string, p: Principal): Promise<TaskRow> {
  const task = await taskById(db, taskId, p);
  if (!task) throw notFound("task", taskId);
  return task;
}

async function viewOf(db: Queryable, taskId: string, p: Principal): Promise<TaskViewBody> {
  const [row] = await listTasks(db, p, { taskId }, 1);
  if (!row) throw notFound("task", taskId);
  return taskView(row);
}

/**
 * The warehouse or supplier a department's task is scoped to: the one named, which must be a
 * party of the case's goods, or the only one they name.
 */
async function partyFor(tx: Tx, caseId: string, department: TaskDepartment, input: NewTask): Promise<{ warehouseId?: string; supplierId?: string }> {
  const party = partyOf(department);
  if (party === null) return {};
  const { warehouseIds, supplierIds } = await partiesOfCase(tx, caseId);
  const ids = party === "warehouse" ? warehouseIds : supplierIds;
  const named = party === "warehouse" ? input.warehouseId : input.supplierId;
  const field = party === "warehouse" ? "warehouseId" : "supplierId";
  if (named !== undefined && !ids.includes(named)) throw invalid(`${named} is not a ${party} of this case's goods (${ids.join(", ") || "none"})`);
  const chosen = named ?? (ids.length === 1 ? ids[0] : undefined);
  if (chosen === undefined)
    throw invalid(ids.length === 0 ? `this case's goods name no ${party}: the ${department} department cannot see the task` : `the case's goods come from several: name one as ${field} (${ids.join(", ")})`);
  return { [field]: chosen };
}

/** The assignee must be a member of the department who can log in, of the task's warehouse or supplier. */
async function assertMember(tx: Queryable, staffId: string, task: { department: TaskDepartment; warehouseId?: string; supplierId?: string }) {
  const s = await staffById(tx, staffId);
  if (!s || s.disabled_at) throw invalid(`staff ${staffId} does not exist or is disabled`);
  const worker = { staffId: s.id, role: s.role, warehouseId: s.warehouse_id, supplierId: s.supplier_id };
  if (!memberRoles(task.department).includes(s.role) || !worksOn({ department: task.department, warehouseId: task.warehouseId ?? null, supplierId: task.supplierId ?? null }, worker))
    throw invalid(`${staffId} is a ${s.role}${s.warehouse_id ? ` of ${s.warehouse_id}` : ""}${s.supplier_id ? ` of ${s.supplier_id}` : ""}: not a member of the ${task.department} department for this task`);
}

