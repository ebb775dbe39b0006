import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Principal } from "../people/index.js";
import { visibleTo } from "./scope.js";

/**
 * The customer's recent claims, for the policy's abuse and standing checks, and how many of
 * the given photos are theirs: one statement.
 */
export async function customerHistory(db: Queryable, customerId: string, evidenceIds: string[], refundOnlySince: Date, rejectedSince: Date) {
  const owned = evidenceIds.length
    ? sql<number>`(select count(*) from evidence where customer_id = ${customerId} and id in (${sql.join(evidenceIds)}))::int`
    : sql<number>`0`;
  const row = await db
    .selectFrom("cases")
    .select([
      sql<number>`count(*) filter (where resolution in ('refund_only', 'partial_refund') and state not in ('cancelled', 'rejected') and created_at >= ${refundOnlySince})::int`.as("refund_only"),
      sql<number>`count(*) filter (where state = 'rejected' and created_at >= ${rejectedSince})::int`.as("rejected"),
      owned.as("owned"),
    ])
    .where("customer_id", "=", customerId)
    .where("created_at", ">=", refundOnlySince < rejectedSince ? refundOnlySince : rejectedSince)
    .executeTakeFirstOrThrow();
  return { history: { refundOnlyClaimsInWindow: row.refund_only, rejectedClaimsInWindow: row.rejected }, ownedEvidence: row.owned };
}

/** One entry of a case's timeline. */
export interface TimelineRow {
  case_id: string;
  at: Date;
  type: string;
  actor: string;
  from_state: string | null;
  to_state: string | null;
  data: Record<string, unknown>;
}

export async function appendEvents(db: Queryable, events: TimelineRow[]) {
  if (events.length === 0) return;
  await db.insertInto("case_events").values(events.map((e) => ({ ...e, data: JSON.stringify(e.data) }))).execute();
}

export async function lockCase(db: Queryable, caseId: string) {
  return db.selectFrom("cases").selectAll().where("id", "=", caseId).forUpdate().executeTakeFirst();
}

/** A case the caller may see, read without a lock; undefined if missing or outside their scope. */
export async function readVisibleCase(db: Queryable, caseId: string, viewer: Principal) {
  return db.selectFrom("cases").selectAll().where("id", "=", caseId).where(visibleTo(viewer)).executeTakeFirst();
}

/** Locks a case the caller may see; undefined if it does not exist or is outside their scope. */
export async function lockVisibleCase(db: Queryable, caseId: string, viewer: Principal) {
  return db.selectFrom("cases").selectAll().where("id", "=", caseId).where(visibleTo(viewer)).forUpdate().executeTakeFirst();
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

export async function caseItems(db: Queryable, caseId: string) {
  return db
    .selectFrom("case_items as ci")
    .innerJoin("order_items as i", "i.id", "ci.order_item_id")
    .select(["ci.order_item_id", "ci.quantity", "ci.amount_fen", "i.line_no", "i.sku", "i.name"])
    .where("ci.case_id", "=", caseId)
    .orderBy("i.line_no")
    .execute();
}

export async function caseTimeline(db: Queryable, caseId: string) {
  return db.selectFrom("case_events").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
}

/** Links photos to a case (once each), so everyone who sees the case can open them. */
export async function linkCaseEvidence(db: Queryable, caseId: string, evidenceIds: string[]) {
  if (evidenceIds.length === 0) return;
  await db.insertInto("case_evidence").values(evidenceIds.map((id) => ({ case_id: caseId, evidence_id: id }))).onConflict((oc) => oc.doNothing()).execute();
}

export async function caseEvidenceIds(db: Queryable, caseId: string) {
  const rows = await db.selectFrom("case_evidence").select("evidence_id").where("case_id", "=", caseId).orderBy("evidence_id").execute();
  return rows.map((r) => r.evidence_id);
}

export async function listCases(db: Queryable, viewer: Principal, filter: { customerId?: string; orderId?: string; state?: string }, limit: number, before?: string) {
  let q = db
    .selectFrom("cases")
    .select(["id", "order_id", "customer_id", "pickup_point_id", "problem_type", "resolution", "state", "claimed_fen", "approved_fen", "refunded_fen", "owner_id", "created_at", "updated_at"])
    .where(visibleTo(viewer))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  if (filter.customerId) q = q.where("customer_id", "=", filter.customerId);
  if (filter.orderId) q = q.where("order_id", "=", filter.orderId);
  if (filter.state) q = q.where("state", "=", filter.state);
  if (before) q = q.where("created_at", "<", new Date(before));
  return q.execute();
}
