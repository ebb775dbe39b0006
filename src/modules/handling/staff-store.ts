import { sql, type ExpressionBuilder } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Database } from "../../db/schema.js";
import { OPEN_CASE_STATES, type Candidate } from "./model.js";

// The staff side of automatic assignment: who is on duty with what load, and claiming one of
// them safely against other assigners running at the same moment.

const openCasesOf = (eb: ExpressionBuilder<Database, "staff">) =>
  eb
    .selectFrom("cases")
    .select(sql<number>`count(*)::int`.as("n"))
    .whereRef("cases.owner_id", "=", "staff.id")
    .where("cases.state", "in", OPEN_CASE_STATES)
    .as("open_cases");

/** Staff of a role on duty and enabled, with their load (open owned cases) and last turn. */
export async function dutyCandidates(db: Queryable, role: "agent" | "supervisor"): Promise<Candidate[]> {
  const rows = await db
    .selectFrom("staff")
    .leftJoin("assignment_turns as t", "t.staff_id", "staff.id")
    .select(["staff.id", "staff.skills", "staff.regions", "staff.capacity", "staff.on_duty", "staff.disabled_at", "t.last_assigned_at", openCasesOf])
    .where("staff.role", "=", role)
    .where("staff.on_duty", "=", true)
    .where("staff.disabled_at", "is", null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    skills: r.skills,
    regions: r.regions,
    capacity: r.capacity,
    onDuty: r.on_duty,
    disabled: r.disabled_at !== null,
    openCases: r.open_cases ?? 0,
    lastAssignedAt: r.last_assigned_at,
  }));
}

/**
 * Locks the first of these members of staff, in the order given, whose row no other transaction
 * holds (`for update skip locked`): concurrent assigners each get a different agent instead of
 * queueing on the same one. Returns the id locked, or undefined when every row is held.
 */
export async function lockFirstFree(db: Queryable, staffIds: readonly string[]): Promise<string | undefined> {
  if (staffIds.length === 0) return undefined;
  const row = await db
    .selectFrom("staff")
    .select("id")
    .where("id", "in", staffIds)
    .orderBy(sql`array_position(${sql.val(staffIds)}::text[], staff.id)`)
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row?.id;
}

/** Locks one member of staff's row, waiting for whoever holds it to finish. */
export async function waitForStaff(db: Queryable, staffId: string): Promise<void> {
  await db.selectFrom("staff").select("id").where("id", "=", staffId).forUpdate().execute();
}

/**
 * One member of staff as they are now, load included. Called with their row locked: the load is
 * counted in a statement that starts after the lock is held, so it sees every assignment
 * committed by whoever held the lock before.
 */
export async function candidateNow(db: Queryable, staffId: string): Promise<Omit<Candidate, "lastAssignedAt"> | undefined> {
  const row = await db.selectFrom("staff").select(["id", "skills", "regions", "capacity", "on_duty", "disabled_at"]).where("id", "=", staffId).executeTakeFirst();
  if (!row) return undefined;
  const load = await db.selectFrom("cases").select(sql<number>`count(*)::int`.as("n")).where("owner_id", "=", staffId).where("state", "in", OPEN_CASE_STATES).executeTakeFirstOrThrow();
  return { id: row.id, skills: row.skills, regions: row.regions, capacity: row.capacity, onDuty: row.on_duty, disabled: row.disabled_at !== null, openCases: load.n };
}

// Row locks taken after a savepoint are let go when the transaction rolls back to it: the
// assigner tries an agent inside one and lets go of those it does not keep, so it never holds
// (nor makes others wait on) an agent it did not choose.
const SAVEPOINT = sql.raw("handling_assign_try");

/** Opens the savepoint an attempt to claim an agent runs in. Only inside a transaction. */
export async function beginAttempt(db: Queryable): Promise<void> {
  await sql`savepoint ${SAVEPOINT}`.execute(db);
}

/** Ends the attempt: keeps what it did and the locks it took, or undoes it and lets them go. */
export async function endAttempt(db: Queryable, keep: boolean): Promise<void> {
  if (!keep) await sql`rollback to savepoint ${SAVEPOINT}`.execute(db);
  await sql`release savepoint ${SAVEPOINT}`.execute(db);
}

/** Remembers that the system just gave this member of staff a case (their turn is taken). */
export async function recordTurn(db: Queryable, staffId: string, now: Date) {
  await db
    .insertInto("assignment_turns")
    .values({ staff_id: staffId, last_assigned_at: now })
    .onConflict((oc) => oc.column("staff_id").doUpdateSet({ last_assigned_at: now }))
    .execute();
}
