import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../people/index.js";
// the scope expression only: cases/scope.ts imports nothing of cases that leads back here
import { visibleTo } from "../cases/scope.js";
import "./tables.js";

/** The SQL of the tasks module. */

export interface NewTask {
  id: string;
  case_id: string;
  department: string;
  kind: string;
  warehouse_id: string | null;
  supplier_id: string | null;
  refund_id: string | null;
  assignee_id: string | null;
  note: string;
  created_by: string;
  now: Date;
}

/** Inserts an open task; null when the same task is already open (`tasks_open_once`). */
export async function insertTask(db: Queryable, t: NewTask) {
  const { now, ...row } = t;
  return db
    .insertInto("tasks")
    .values({ ...row, state: "open", created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof insertTask>>>;

/** A task the viewer may see (see `tasksVisibleTo`). */
export async function taskById(db: Queryable, id: string, viewer: Principal) {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).where(tasksVisibleTo(viewer)).executeTakeFirst();
}

/** Whether the viewer sees the case (the cases module's scope). */
export async function caseVisible(db: Queryable, caseId: string, viewer: Principal): Promise<boolean> {
  return Boolean(await db.selectFrom("cases").select("id").where("id", "=", caseId).where(visibleTo(viewer)).executeTakeFirst());
}

export async function lockTask(db: Queryable, id: string) {
  return db.selectFrom("tasks").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The open tasks of a case, locked, oldest first: the case's change completes or cancels them. */
export async function lockOpenTasksOfCase(db: Queryable, caseId: string) {
  return db.selectFrom("tasks").selectAll().where("case_id", "=", caseId).where("state", "in", ["open", "in_progress"]).orderBy("created_at").orderBy("id").forUpdate().execute();
}

/** The open task that follows a refund, if any. */
export async function lockOpenTaskOfRefund(db: Queryable, refundId: string) {
  return db.selectFrom("tasks").selectAll().where("refund_id", "=", refundId).where("state", "in", ["open", "in_progress"]).forUpdate().executeTakeFirst();
}

export async function updateTask(
  db: Queryable,
  id: string,
  set: { state?: string; assignee_id?: string | null; clock_id?: string; outcome?: Record<string, unknown>; cancel_reason?: string; taken_at?: Date; finished_at?: Date; finished_by?: string; updated_at: Date },
) {
  const { outcome, ...rest } = set;
  return db
    .updateTable("tasks")
    .set({ ...rest, ...(outcome ? { outcome: JSON.stringify(outcome) } : {}) })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertRootCause(db: Queryable, r: { task_id: string; case_id: string; category: string; corrective_action: string; supplier_id: string | null; recorded_by: string; recorded_at: Date }) {
  await db.insertInto("case_root_causes").values(r).onConflict((oc) => oc.column("task_id").doNothing()).execute();
}

/**
 * The warehouses and suppliers of a case's goods (the parties department tasks are scoped to),
 * read the way the cases scope reads them.
 */
export async function partiesOfCase(db: Queryable, caseId: string) {
  const rows = await db
    .selectFrom("case_items as ci")
    .innerJoin("order_items as oi", "oi.id", "ci.order_item_id")
    .select(["oi.warehouse_id", "oi.supplier_id"])
    .where("ci.case_id", "=", caseId)
    .orderBy("oi.line_no")
    .execute();
  const distinct = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
  return { warehouseIds: distinct(rows.map((r) => r.warehouse_id)), supplierIds: distinct(rows.map((r) => r.supplier_id)) };
}

/**
 * The tasks a caller sees: a warehouse its warehouse's, supplier quality its supplier's, finance
 * its department's; agents, supervisors and operations all.
 */
export function tasksVisibleTo(p: Principal) {
  return (eb: ExpressionBuilder<Database, "tasks">): Expression<SqlBool> => {
    if (p.kind !== "staff") return sql<SqlBool>`false`;
    switch (p.role) {
      case "warehouse":
        return eb.and([eb("tasks.department", "=", "warehouse"), eb("tasks.warehouse_id", "=", p.warehouseId ?? "")]);
      case "supplier_quality":
        return eb.and([eb("tasks.department", "=", "supplier_quality"), eb("tasks.supplier_id", "=", p.supplierId ?? "")]);
      case "finance":
        return eb("tasks.department", "=", "finance");
      case "agent":
      case "supervisor":
      case "ops_admin":
        return sql<SqlBool>`true`;
      case "leader":
        return sql<SqlBool>`false`;
    }
  };
}

export interface TaskFilter {
  taskId?: string;
  caseId?: string;
  department?: string;
  /** null: open and in progress */
  state?: string | null;
  assigneeId?: string;
}

/**
 * Tasks with their SLA clock and owner's name, the nearest deadline first (a paused clock has
 * none: last), then oldest first.
 */
export async function listTasks(db: Queryable, viewer: Principal, f: TaskFilter, limit: number) {
  let q = db
    .selectFrom("tasks")
    .leftJoin("sla_clocks as c", "c.id", "tasks.clock_id")
    .leftJoin("staff as s", "s.id", "tasks.assignee_id")
    .selectAll("tasks")
    .select(["c.deadline_at", "c.warned_at", "c.breached_at", "c.stopped_at", "c.met", "s.name as assignee_name"])
    .where(tasksVisibleTo(viewer))
    .orderBy("c.deadline_at", (ob) => ob.asc().nullsLast())
    .orderBy("tasks.created_at")
    .orderBy("tasks.id")
    .limit(limit);
  if (f.taskId) q = q.where("tasks.id", "=", f.taskId);
  if (f.caseId) q = q.where("tasks.case_id", "=", f.caseId);
  if (f.department) q = q.where("tasks.department", "=", f.department);
  q = f.state ? q.where("tasks.state", "=", f.state) : f.state === null ? q.where("tasks.state", "in", ["open", "in_progress"]) : q;
  if (f.assigneeId) q = q.where("tasks.assignee_id", "=", f.assigneeId);
  return q.execute();
}
export type TaskListRow = Awaited<ReturnType<typeof listTasks>>[number];
