import { Type, type Static, type TSchema } from "typebox";
import { REFUND_STATES, type RefundListRow } from "../refunds/index.js";
import { RECEIPT_CONDITIONS, ROOT_CAUSES, TASK_DEPARTMENTS, TASK_KINDS, TASK_STATES } from "./model.js";
import type { TaskListRow } from "./store.js";

/** The HTTP shapes of tasks and of the refunds finance pays by hand, and the rows they come from. */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: "date-time" });
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export const TaskIdParams = Type.Object({ taskId: Type.String({ maxLength: 64 }) });
export const RefundIdParams = Type.Object({ refundId: Type.String({ maxLength: 200 }) });

export const OutcomeSchema = Type.Object(
  {
    summary: Text(2000, "what was done, in words"),
    condition: Type.Optional(Type.Enum(RECEIPT_CONDITIONS, { description: "confirm_receipt: the goods as received" })),
    trackingNo: Type.Optional(Text(64, "prepare_reship (required): the courier's tracking number")),
    courier: Type.Optional(Text(64, "prepare_reship: the courier")),
    reference: Type.Optional(Text(128, "manual_refund (required): the bank transfer reference (线下打款凭证号)")),
    rootCause: Type.Optional(Type.Enum(ROOT_CAUSES, { description: "investigate (required): where the problem came from" })),
    correctiveAction: Type.Optional(Text(2000, "investigate (required): what changes so it does not happen again")),
  },
  { additionalProperties: false },
);

export const NewTaskBody = Type.Object(
  {
    department: Type.Enum(TASK_DEPARTMENTS),
    kind: Type.Enum(TASK_KINDS, { description: "warehouse: confirm_receipt, prepare_reship; supplier_quality: investigate; any department: follow_up. manual_refund opens by itself when the gateway gives up" }),
    note: Text(4000, "instructions for the department"),
    assigneeId: Type.Optional(Text(64, "a member of the department (and of the goods' warehouse or supplier) who owns it from the start")),
    warehouseId: Type.Optional(Text(64, "when the case's goods come from several warehouses: which one")),
    supplierId: Type.Optional(Text(64, "when the case's goods come from several suppliers: which one")),
  },
  { additionalProperties: false },
);
export type NewTask = Static<typeof NewTaskBody>;

export const TaskQuery = Type.Object(
  {
    department: Type.Optional(Type.Enum(TASK_DEPARTMENTS)),
    state: Type.Optional(Type.Enum(TASK_STATES, { description: "default: open and in progress" })),
    mine: Type.Boolean({ default: false, description: "only the tasks I own" }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const TaskView = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  department: Type.String(),
  kind: Type.String(),
  state: Type.String(),
  warehouseId: Nullable(Type.String()),
  supplierId: Nullable(Type.String()),
  refundId: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  note: Type.String(),
  outcome: Nullable(Type.Record(Type.String(), Type.Unknown())),
  cancelReason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  takenAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
  finishedBy: Nullable(Type.String()),
  sla: Nullable(
    Type.Object({
      status: Type.Enum(["running", "paused", "warning", "breached", "met", "missed"]),
      deadlineAt: Nullable(DateTime),
      warnedAt: Nullable(DateTime),
      breachedAt: Nullable(DateTime),
      stoppedAt: Nullable(DateTime),
    }),
  ),
});
export type TaskViewBody = Static<typeof TaskView>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A task as the API shows it, with where its own SLA clock stands. */
export function taskView(r: TaskListRow): TaskViewBody {
  const status = r.stopped_at ? (r.met ? "met" : "missed") : r.breached_at ? "breached" : r.deadline_at === null ? "paused" : r.warned_at ? "warning" : "running";
  return {
    id: r.id,
    caseId: r.case_id,
    department: r.department,
    kind: r.kind,
    state: r.state,
    warehouseId: r.warehouse_id,
    supplierId: r.supplier_id,
    refundId: r.refund_id,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    note: r.note,
    outcome: r.outcome,
    cancelReason: r.cancel_reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    takenAt: iso(r.taken_at),
    finishedAt: iso(r.finished_at),
    finishedBy: r.finished_by,
    sla: r.clock_id ? { status, deadlineAt: iso(r.deadline_at), warnedAt: iso(r.warned_at), breachedAt: iso(r.breached_at), stoppedAt: iso(r.stopped_at) } : null,
  };
}

export const ManualRefundBody = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 128, pattern: "^\\S(.*\\S)?$", description: "the bank transfer reference (线下打款凭证号); the same reference again answers the same" }),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

export const RefundQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(REFUND_STATES)),
    minAttempts: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: "failed attempts at least: 3 (the gateway gave up) lists what finance pays by hand" })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const RefundView = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  orderId: Type.String(),
  amountFen: Type.Integer(),
  method: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  gatewayRef: Nullable(Type.String({ description: "manual:<reference> when finance paid it by hand" })),
  lastError: Nullable(Type.String()),
  nextAttemptAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** A refund as finance sees it. */
export function refundView(r: RefundListRow): Static<typeof RefundView> {
  return {
    id: r.id,
    caseId: r.case_id,
    orderId: r.order_id,
    amountFen: r.amount_fen,
    method: r.method,
    state: r.state,
    attempts: r.attempts,
    gatewayRef: r.gateway_ref,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
