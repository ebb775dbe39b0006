import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Database } from "../../db/schema.js";
import { OPEN_CASE_STATES, type Candidate } from "./model.js";
import type { CaseLinkKind, NoteKind } from "./tables.js";

/** A where-expression on `cases` saying which cases the caller sees (cases' visibleTo). */
export type CaseScope = (eb: ExpressionBuilder<Database, "cases">) => Expression<SqlBool>;

/** The city of a pickup point, which agents' regions are matched against. */
export async function pickupCity(db: Queryable, pickupPointId: string | null): Promise<string | null> {
  if (!pickupPointId) return null;
  const row = await db.selectFrom("pickup_points").select("city").where("id", "=", pickupPointId).executeTakeFirst();
  return row?.city ?? null;
}

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
 * Locks one member of staff's row and reads them afresh, load included: the load is counted in a
 * statement that starts after the lock is held, so it sees every assignment committed by whoever
 * held the lock before. `skip` passes over a row another transaction holds instead of waiting.
 */
export async function lockCandidate(db: Queryable, staffId: string, skip: boolean): Promise<Omit<Candidate, "lastAssignedAt"> | undefined> {
  let q = db.selectFrom("staff").select(["id", "skills", "regions", "capacity", "on_duty", "disabled_at"]).where("id", "=", staffId).forUpdate();
  if (skip) q = q.skipLocked();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const load = await db.selectFrom("cases").select(sql<number>`count(*)::int`.as("n")).where("owner_id", "=", staffId).where("state", "in", OPEN_CASE_STATES).executeTakeFirstOrThrow();
  return { id: row.id, skills: row.skills, regions: row.regions, capacity: row.capacity, onDuty: row.on_duty, disabled: row.disabled_at !== null, openCases: load.n };
}

/** Remembers that the system just gave this member of staff a case (their turn is taken). */
export async function recordTurn(db: Queryable, staffId: string, now: Date) {
  await db
    .insertInto("assignment_turns")
    .values({ staff_id: staffId, last_assigned_at: now })
    .onConflict((oc) => oc.column("staff_id").doUpdateSet({ last_assigned_at: now }))
    .execute();
}

/** A member of staff a case may be handed to: their role and whether they can still log in. */
export async function staffMember(db: Queryable, staffId: string) {
  return db.selectFrom("staff").select(["id", "name", "role", "on_duty", "disabled_at"]).where("id", "=", staffId).executeTakeFirst();
}

/** Sets (or clears) the owner of a case; the caller writes the timeline and outbox. */
export async function setCaseOwner(db: Queryable, caseId: string, ownerId: string | null, now: Date) {
  await db.updateTable("cases").set({ owner_id: ownerId, owned_since: ownerId ? now : null }).where("id", "=", caseId).execute();
}

/** Sets how many times a case has been escalated. */
export async function setEscalationLevel(db: Queryable, caseId: string, level: number) {
  await db.updateTable("cases").set({ escalation_level: level }).where("id", "=", caseId).execute();
}

// ---- notes

/** Adds an internal note; returns its id. */
export async function insertNote(db: Queryable, note: { case_id: string; author_id: string | null; actor: string; kind: NoteKind; body: string; created_at: Date }) {
  const row = await db.insertInto("case_notes").values(note).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** The notes of a case after a given id, oldest first, with their authors' names. */
export async function notesOf(db: Queryable, caseId: string, limit: number, afterId: number) {
  return db
    .selectFrom("case_notes as n")
    .leftJoin("staff as s", "s.id", "n.author_id")
    .select(["n.id", "n.case_id", "n.kind", "n.body", "n.author_id", "n.actor", "n.created_at", "s.name as author_name"])
    .where("n.case_id", "=", caseId)
    .where("n.id", ">", afterId)
    .orderBy("n.id")
    .limit(limit)
    .execute();
}

// ---- presence

/** Records a heartbeat, and drops the caller's heartbeats gone stale elsewhere (keeps the table small). */
export async function touchViewer(db: Queryable, caseId: string, staffId: string, now: Date, staleBefore: Date) {
  await db
    .insertInto("case_viewers")
    .values({ case_id: caseId, staff_id: staffId, seen_at: now })
    .onConflict((oc) => oc.columns(["case_id", "staff_id"]).doUpdateSet({ seen_at: now }))
    .execute();
  await db.deleteFrom("case_viewers").where("staff_id", "=", staffId).where("seen_at", "<", staleBefore).execute();
}

/** Forgets that a member of staff has a case open. */
export async function removeViewer(db: Queryable, caseId: string, staffId: string) {
  await db.deleteFrom("case_viewers").where("case_id", "=", caseId).where("staff_id", "=", staffId).execute();
}

/** Staff with a heartbeat since `since` on these cases. */
export async function viewersOf(db: Queryable, caseIds: readonly string[], since: Date) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom("case_viewers as v")
    .innerJoin("staff as s", "s.id", "v.staff_id")
    .select(["v.case_id", "v.staff_id", "v.seen_at", "s.name", "s.role"])
    .where("v.case_id", "in", caseIds)
    .where("v.seen_at", ">=", since)
    .orderBy("v.case_id")
    .orderBy("v.seen_at", "desc")
    .execute();
}

// ---- links

/** Links two cases both ways; an existing merge link is never downgraded to a plain one. */
export async function linkCases(db: Queryable, a: string, b: string, kind: { ab: CaseLinkKind; ba: CaseLinkKind }, actor: string, now: Date) {
  await db
    .insertInto("case_links")
    .values([
      { case_id: a, other_case_id: b, kind: kind.ab, created_by: actor, created_at: now },
      { case_id: b, other_case_id: a, kind: kind.ba, created_by: actor, created_at: now },
    ])
    .onConflict((oc) =>
      oc
        .columns(["case_id", "other_case_id"])
        .doUpdateSet((eb) => ({ kind: eb.ref("excluded.kind"), created_by: eb.ref("excluded.created_by"), created_at: eb.ref("excluded.created_at") }))
        .where((eb) => eb.or([eb("case_links.kind", "not in", ["merged_into", "merged_from"]), eb("excluded.kind", "in", ["merged_into", "merged_from"])])),
    )
    .execute();
}

/** The links of a case to the cases the caller sees. */
export async function linksOf(db: Queryable, caseId: string, scope: CaseScope) {
  return db
    .selectFrom("case_links as l")
    .innerJoin("cases", "cases.id", "l.other_case_id")
    .select(["l.other_case_id", "l.kind", "l.created_by", "l.created_at", "cases.state", "cases.customer_id", "cases.problem_type"])
    .where("l.case_id", "=", caseId)
    .where(scope)
    .orderBy("l.created_at")
    .orderBy("l.other_case_id")
    .execute();
}

// ---- the queue

/** Which slice of the queue: my cases, nobody's, everyone's in scope, the escalated ones. */
export type QueueView = "mine" | "unassigned" | "team" | "escalated";

export interface QueueFilter {
  view: QueueView;
  /** the caller, for view=mine */
  staffId: string;
  problemType?: string;
  /** one of the open states; the queue never shows a finished case */
  state?: string;
  pickupPointId?: string;
}

/** Where the previous page ended: its last row's sort key. */
export interface QueueCursor {
  deadline: string | null;
  createdAt: string;
  id: string;
}

/**
 * Open cases in the caller's scope, the nearest running SLA deadline first (a case without one
 * last), then oldest first. Keyset paging on (deadline nulls last, created_at, id).
 */
export async function queuePage(db: Queryable, scope: CaseScope, f: QueueFilter, limit: number, after: QueueCursor | null) {
  let q = db
    .selectFrom("cases")
    .where(scope)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("sla_clocks")
          .select(["sla_clocks.deadline_at", "sla_clocks.kind"])
          .whereRef("sla_clocks.case_id", "=", "cases.id")
          .where("sla_clocks.stopped_at", "is", null)
          .where("sla_clocks.deadline_at", "is not", null)
          .orderBy("sla_clocks.deadline_at")
          .limit(1)
          .as("next"),
      (join) => join.onTrue(),
    )
    .leftJoin("staff as owner", "owner.id", "cases.owner_id")
    .select([
      "cases.id",
      "cases.order_id",
      "cases.customer_id",
      "cases.state",
      "cases.problem_type",
      "cases.pickup_point_id",
      "cases.claimed_fen",
      "cases.owner_id",
      "owner.name as owner_name",
      "cases.escalation_level",
      "cases.created_at",
      "next.deadline_at",
      "next.kind as clock_kind",
    ])
    .where("cases.state", "in", f.state ? [f.state] : OPEN_CASE_STATES)
    .orderBy("next.deadline_at", (ob) => ob.asc().nullsLast())
    .orderBy("cases.created_at")
    .orderBy("cases.id")
    .limit(limit);
  if (f.view === "mine") q = q.where("cases.owner_id", "=", f.staffId);
  if (f.view === "unassigned") q = q.where("cases.owner_id", "is", null);
  if (f.view === "escalated") q = q.where("cases.escalation_level", ">", 0);
  if (f.problemType) q = q.where("cases.problem_type", "=", f.problemType);
  if (f.pickupPointId) q = q.where("cases.pickup_point_id", "=", f.pickupPointId);
  if (after) {
    const tail = (eb: ExpressionBuilder<Database & { next: { deadline_at: Date | null } }, "cases" | "next">) =>
      eb(eb.refTuple("cases.created_at", "cases.id"), ">", eb.tuple(new Date(after.createdAt), after.id));
    const deadline = after.deadline === null ? null : new Date(after.deadline);
    q = q.where((eb) =>
      deadline === null
        ? eb.and([eb("next.deadline_at", "is", null), tail(eb)])
        : eb.or([eb("next.deadline_at", ">", deadline), eb.and([eb("next.deadline_at", "=", deadline), tail(eb)]), eb("next.deadline_at", "is", null)]),
    );
  }
  return q.execute();
}
