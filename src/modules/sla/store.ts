import type { Queryable } from "../../db/database.js";
import type { SlaKind } from "./model.js";
import "./tables.js";

/** The SQL of the sla module: policies, clocks and breaches. */

export async function listPolicies(db: Queryable) {
  return db.selectFrom("sla_policies").selectAll().orderBy("kind").execute();
}

export async function policiesOf(db: Queryable, kinds: readonly SlaKind[]) {
  if (kinds.length === 0) return [];
  return db.selectFrom("sla_policies").selectAll().where("kind", "in", [...kinds]).where("enabled", "=", true).execute();
}
export type PolicyRow = Awaited<ReturnType<typeof listPolicies>>[number];

export async function savePolicy(db: Queryable, row: Omit<PolicyRow, "updated_at" | "updated_by"> & { updated_at: Date; updated_by: string }) {
  const { kind, ...rest } = row;
  return db
    .updateTable("sla_policies")
    .set(rest)
    .where("kind", "=", kind)
    .returningAll()
    .executeTakeFirst();
}

/** The running clocks of a case, locked: the case's change decides about them. */
export async function lockRunningClocks(db: Queryable, caseId: string) {
  return db.selectFrom("sla_clocks").selectAll().where("case_id", "=", caseId).where("stopped_at", "is", null).orderBy("id").forUpdate().execute();
}
export type ClockRow = Awaited<ReturnType<typeof lockRunningClocks>>[number];

export async function lockClock(db: Queryable, id: string) {
  return db.selectFrom("sla_clocks").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function clockById(db: Queryable, id: string) {
  return db.selectFrom("sla_clocks").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function clocksOfCase(db: Queryable, caseId: string) {
  return db.selectFrom("sla_clocks").selectAll().where("case_id", "=", caseId).orderBy("started_at").orderBy("id").execute();
}

export type NewClock = Pick<ClockRow, "case_id" | "task_id" | "kind" | "department" | "calendar" | "started_at" | "budget_minutes" | "deadline_at" | "warn_at" | "warn_fraction" | "on_breach">;

/** Inserts clocks; one already running of a kind for the case (or task) is kept, not doubled. */
export async function insertClocks(db: Queryable, clocks: NewClock[]) {
  if (clocks.length === 0) return [];
  return db
    .insertInto("sla_clocks")
    .values(clocks.map((c) => ({ ...c, pauses: "[]" })))
    .onConflict((oc) => oc.doNothing())
    .returning(["id", "kind", "task_id", "deadline_at", "warn_at"])
    .execute();
}

export async function updateClock(
  db: Queryable,
  id: string,
  set: { pauses?: { from: string; to: string | null }[]; deadline_at?: Date | null; warn_at?: Date | null; stopped_at?: Date; met?: boolean; warned_at?: Date; breached_at?: Date },
) {
  const { pauses, ...rest } = set;
  await db
    .updateTable("sla_clocks")
    .set({ ...rest, ...(pauses ? { pauses: JSON.stringify(pauses) } : {}) })
    .where("id", "=", id)
    .execute();
}

export async function insertBreach(db: Queryable, b: { clock: ClockRow; breachedAt: Date; ownerId: string | null; escalatedTo: string | null; escalationLevel: number }) {
  const { clock } = b;
  return db
    .insertInto("sla_breaches")
    .values({
      clock_id: clock.id,
      case_id: clock.case_id,
      task_id: clock.task_id,
      kind: clock.kind,
      department: clock.department,
      deadline_at: clock.deadline_at ?? b.breachedAt,
      breached_at: b.breachedAt,
      owner_id: b.ownerId,
      on_breach: clock.on_breach,
      escalated_to: b.escalatedTo,
      escalation_level: b.escalationLevel,
    })
    .onConflict((oc) => oc.column("clock_id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export interface BreachFilter {
  kind?: string;
  department?: string;
  caseId?: string;
  since?: Date;
  until?: Date;
  /** cursor: the id of the last breach seen */
  before?: string;
}

export async function listBreaches(db: Queryable, f: BreachFilter, limit: number) {
  let q = db.selectFrom("sla_breaches").selectAll().orderBy("id", "desc").limit(limit);
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.department) q = q.where("department", "=", f.department);
  if (f.caseId) q = q.where("case_id", "=", f.caseId);
  if (f.since) q = q.where("breached_at", ">=", f.since);
  if (f.until) q = q.where("breached_at", "<", f.until);
  if (f.before) q = q.where("id", "<", f.before);
  return q.execute();
}
