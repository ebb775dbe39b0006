import type { CalendarName } from "../sla/index.js";
import { FINISHED } from "../sla/index.js";

/*
 * Department tasks: work a case hands to the warehouse, finance, supplier quality or an agent
 * (issue 3 §4), each with its own owner and SLA clock. Pure rules: no database, no clock.
 */

export const TASK_DEPARTMENTS = ["warehouse", "finance", "supplier_quality", "agent"] as const;
export type TaskDepartment = (typeof TASK_DEPARTMENTS)[number];

export const TASK_KINDS = ["confirm_receipt", "prepare_reship", "manual_refund", "investigate", "follow_up"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** open → in_progress → done | cancelled (open → done or cancelled directly too). */
export const TASK_STATES = ["open", "in_progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const OPEN_TASK_STATES: readonly TaskState[] = ["open", "in_progress"];

/** Where a quality problem came from: what an investigation records on the case for analytics. */
export const ROOT_CAUSES = ["packaging", "cold_chain", "supplier_quality", "sorting", "delivery", "other"] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** What the goods looked like when the warehouse received them back. */
export const RECEIPT_CONDITIONS = ["as_claimed", "not_as_claimed", "incomplete"] as const;

/** The kinds each department works; a follow-up can go to anyone. */
export const KINDS_OF: Record<TaskDepartment, readonly TaskKind[]> = {
  warehouse: ["confirm_receipt", "prepare_reship", "follow_up"],
  finance: ["manual_refund", "follow_up"],
  supplier_quality: ["investigate", "follow_up"],
  agent: ["follow_up"],
};

/** The staff roles that work a department's tasks (a supervisor may work any). */
export function memberRoles(department: TaskDepartment): readonly string[] {
  return department === "agent" ? ["agent", "supervisor"] : [department];
}

/** Which party of the goods scopes a department's tasks: its members see only their own. */
export function partyOf(department: TaskDepartment): "warehouse" | "supplier" | null {
  return department === "warehouse" ? "warehouse" : department === "supplier_quality" ? "supplier" : null;
}

/**
 * A task's SLA terms. The `sla_policies` table is keyed by case stage (its kind is checked
 * against the five stages and the policy API enumerates them), so task terms live here. Office
 * departments count office hours (CN_OFFICE: 450 minutes a business day).
 */
export const TASK_TERMS: Record<TaskKind, { calendar: CalendarName; budgetMinutes: number; warnFraction: number }> = {
  // the warehouse confirms a return within a business day of it being sent (seed 004)
  confirm_receipt: { calendar: "cn_office", budgetMinutes: 450, warnFraction: 0.8 },
  prepare_reship: { calendar: "cn_office", budgetMinutes: 450, warnFraction: 0.8 },
  // 办法第十三条 gives 7 days to refund after receipt; finance answers within one business day
  manual_refund: { calendar: "cn_office", budgetMinutes: 450, warnFraction: 0.8 },
  investigate: { calendar: "cn_office", budgetMinutes: 3 * 450, warnFraction: 0.8 },
  follow_up: { calendar: "cn_office", budgetMinutes: 450, warnFraction: 0.8 },
};

/** The case state whose arrival means the task's work is done, whoever did it. */
const GOAL: Partial<Record<TaskKind, string>> = {
  confirm_receipt: "return_received",
  prepare_reship: "reshipped",
  manual_refund: "refunded",
};

/** The automatic task a case's arrival in a state opens (goods sent to the warehouse, a reship to prepare). */
const OPENED_BY: Partial<Record<string, TaskKind>> = {
  // the warehouse has nothing to confirm until the customer has sent the goods: goods handed back
  // at the pickup point skip this state and are confirmed by the leader
  return_in_transit: "confirm_receipt",
  reshipping: "prepare_reship",
};

// ── following the case ──────────────────────────────────────────────────────

/** A state the case reached in one change, and who moved it there. */
export interface ReachedState {
  state: string;
  actor: string;
}

export type TaskStep =
  | { op: "open"; kind: TaskKind }
  | { op: "complete"; kind: TaskKind; by: string; reached: string }
  | { op: "cancel_open"; reason: string };

/**
 * What one change of a case does to its tasks, in order: every state it passed through opens
 * (goods in transit, a reship) or completes (goods received, reshipped, refunded) the automatic
 * tasks; a case that comes to a finished state cancels what is still open.
 */
export function planCaseTasks(before: string | null, reached: readonly ReachedState[], after: string): TaskStep[] {
  const steps: TaskStep[] = [];
  for (const r of reached) {
    const opens = OPENED_BY[r.state];
    if (opens) steps.push({ op: "open", kind: opens });
    for (const kind of TASK_KINDS) if (GOAL[kind] === r.state) steps.push({ op: "complete", kind, by: r.actor, reached: r.state });
  }
  // the SLA clocks of a finished case stop too (sla planClocks): nothing is owed on it any more
  const finishes = FINISHED.includes(after) && (before === null || !FINISHED.includes(before));
  if (finishes) steps.push({ op: "cancel_open", reason: `the case was ${after}` });
  return steps;
}

/**
 * Why a member of staff may not open this task on a case in this state, or null: a request that
 * cannot make sense (422), or one the case's state refuses (409).
 */
export function openingRefusal(department: TaskDepartment, kind: TaskKind, caseState: string): { status: 409 | 422; detail: string } | null {
  if (!KINDS_OF[department].includes(kind)) return { status: 422, detail: `the ${department} department does not work ${kind} tasks (it works ${KINDS_OF[department].join(", ")})` };
  if (kind === "manual_refund") return { status: 422, detail: "a manual refund task opens by itself when the gateway gives up on a refund" };
  if (caseState === "merged") return { status: 409, detail: "the case was merged into another: hand the work over there" };
  // an investigation or a follow-up outlives the customer's resolution; work on the goods does not
  if ((kind === "confirm_receipt" || kind === "prepare_reship") && FINISHED.includes(caseState))
    return { status: 409, detail: `a case that is ${caseState} has no goods to ${kind === "confirm_receipt" ? "receive" : "reship"}` };
  return null;
}

// ── working a task ──────────────────────────────────────────────────────────

/** A member of staff working tasks. */
export interface TaskWorker {
  staffId: string;
  role: string;
  warehouseId: string | null;
  supplierId: string | null;
}

/** The part of a task its rules look at. */
export interface TaskFacts {
  department: TaskDepartment;
  state: TaskState;
  assigneeId: string | null;
  warehouseId: string | null;
  supplierId: string | null;
}

/** Whether a member of staff works this task's department and party: the warehouse of the goods, their supplier. */
export function worksOn(task: Pick<TaskFacts, "department" | "warehouseId" | "supplierId">, w: TaskWorker): boolean {
  if (w.role === "supervisor") return true;
  if (!memberRoles(task.department).includes(w.role)) return false;
  const party = partyOf(task.department);
  if (party === "warehouse") return task.warehouseId !== null && task.warehouseId === w.warehouseId;
  if (party === "supplier") return task.supplierId !== null && task.supplierId === w.supplierId;
  return true;
}

export type TaskAction = "take" | "complete" | "cancel";

export type TaskDecision =
  | { ok: true; state: TaskState; assigneeId: string | null }
  | { ok: false; error: "not_yours" | "finished" | "taken"; detail: string };

/**
 * The next state and owner of a task for an action by a member of the department (the caller has
 * checked `worksOn`): taking makes you the owner; only the owner or a supervisor completes or
 * cancels a task someone owns; a finished task stays finished.
 */
export function decideTask(task: TaskFacts, action: TaskAction, w: TaskWorker): TaskDecision {
  if (!OPEN_TASK_STATES.includes(task.state)) return { ok: false, error: "finished", detail: `the task is ${task.state}` };
  const someoneElse = task.assigneeId !== null && task.assigneeId !== w.staffId;
  if (someoneElse && w.role !== "supervisor")
    return { ok: false, error: "taken", detail: `the task belongs to ${task.assigneeId}; they or a supervisor may ${action} it` };
  switch (action) {
    case "take":
      if (task.state === "in_progress" && task.assigneeId === w.staffId) return { ok: false, error: "taken", detail: "you already work on this task" };
      return { ok: true, state: "in_progress", assigneeId: w.staffId };
    case "complete":
      return { ok: true, state: "done", assigneeId: task.assigneeId ?? w.staffId };
    case "cancel":
      return { ok: true, state: "cancelled", assigneeId: task.assigneeId };
  }
}

// ── outcomes ────────────────────────────────────────────────────────────────

/** What a member of staff reports on completing a task: a summary, and the fields of its kind. */
export interface OutcomeInput {
  summary: string;
  condition?: (typeof RECEIPT_CONDITIONS)[number];
  trackingNo?: string;
  courier?: string;
  reference?: string;
  rootCause?: RootCause;
  correctiveAction?: string;
}

/** The fields each kind requires, and those it takes besides. */
const OUTCOME_FIELDS: Record<TaskKind, { required: (keyof OutcomeInput)[]; optional: (keyof OutcomeInput)[] }> = {
  confirm_receipt: { required: [], optional: ["condition"] },
  prepare_reship: { required: ["trackingNo"], optional: ["courier"] },
  manual_refund: { required: ["reference"], optional: [] },
  investigate: { required: ["rootCause", "correctiveAction"], optional: [] },
  follow_up: { required: [], optional: [] },
};

/** The outcome a task of this kind keeps, or what is missing or out of place in it. */
export function checkOutcome(kind: TaskKind, input: OutcomeInput): { ok: true; outcome: OutcomeInput } | { ok: false; error: string } {
  const { required, optional } = OUTCOME_FIELDS[kind];
  const missing = required.filter((f) => input[f] === undefined);
  if (missing.length) return { ok: false, error: `a ${kind} outcome needs ${missing.join(" and ")}` };
  const foreign = (Object.keys(input) as (keyof OutcomeInput)[]).filter((f) => f !== "summary" && input[f] !== undefined && !required.includes(f) && !optional.includes(f));
  if (foreign.length) return { ok: false, error: `a ${kind} outcome has no ${foreign.join(" or ")}` };
  return { ok: true, outcome: input };
}

/** The department a kind of task goes to when the platform opens it. */
export function homeDepartment(kind: TaskKind): TaskDepartment {
  switch (kind) {
    case "confirm_receipt":
    case "prepare_reship":
      return "warehouse";
    case "manual_refund":
      return "finance";
    case "investigate":
      return "supplier_quality";
    case "follow_up":
      return "agent";
  }
}
