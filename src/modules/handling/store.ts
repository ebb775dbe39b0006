import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Database } from "../../db/schema.js";
import { OPEN_CASE_STATES } from "./model.js";
import type { CaseLinkKind, NoteKind } from "./tables.js";

/** A where-expression on `cases` saying which cases the caller sees (cases' visibleTo). */
export type CaseScope = (eb: ExpressionBuilder<Database, "cases">) => Expression<SqlBool>;

/** The city of a pickup point, which agents' regions are matched against. */
export async function pickupCity(db: Queryable, pickupPointId: string | null): Promise<string | null> {
  if (!pickupPointId) return null;
  const row = await db.selectFrom("pickup_points").select("city").where("id", "=", pickupPointId).executeTakeFirst();
  return row?.city ?? null;
}

/** A member of staff a case may be handed to: their role and whether they can still log in. */
export async function staffMember(db: Queryable, staffId: string) {
  return db.selectFrom("staff").select(["id", "name", "role", "on_duty", "disabled_at"]).where("id", "=", staffId).executeTakeFirst();
}

/** A case's version after a change: clients cache on, and detect conflicts with, the revision. */
export interface CaseVersion {
  revision: number;
  updated_at: Date;
}

/**
 * Sets (or clears) the owner of a case; the caller writes the timeline and outbox. Like every
 * change of a case, it moves the revision on and stamps updated_at.
 */
export async function setCaseOwner(db: Queryable, caseId: string, ownerId: string | null, now: Date): Promise<CaseVersion> {
  return db
    .updateTable("cases")
    .set((eb) => ({ owner_id: ownerId, owned_since: ownerId ? now : null, updated_at: now, revision: eb("revision", "+", 1) }))
    .where("id", "=", caseId)
    .returning(["revision", "updated_at"])
    .executeTakeFirstOrThrow();
}

/** Sets how many times a case has been escalated, moving its revision on. */
export async function setEscalationLevel(db: Queryable, caseId: string, level: number, now: Date): Promise<CaseVersion> {
  return db
    .updateTable("cases")
    .set((eb) => ({ escalation_level: level, updated_at: now, revision: eb("revision", "+", 1) }))
    .where("id", "=", caseId)
    .returning(["revision", "updated_at"])
    .executeTakeFirstOrThrow();
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

/**
 * Drops the heartbeats of these cases gone stale, whoever sent them: every read and write of a
 * case's presence prunes it, so rows of people who never come back do not pile up. Served by
 * the primary key (case_id, staff_id).
 */
export async function pruneViewers(db: Queryable, caseIds: readonly string[], staleBefore: Date) {
  if (caseIds.length === 0) return;
  await db.deleteFrom("case_viewers").where("case_id", "in", caseIds).where("seen_at", "<", staleBefore).execute();
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
          .select(["sla_clocks.deadline_at", "sla_clocks.kind", "sla_clocks.warn_at"])
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
      "next.warn_at",
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
