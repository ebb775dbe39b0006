import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";

/** The order lines a claim touches, locked in id order so concurrent claims queue, never deadlock. */
export async function lockOrderLines(db: Queryable, orderId: string, lineNos: number[], forUpdate = true) {
  const q = db
    .selectFrom("order_items")
    .select([
      "id", "line_no", "sku", "name", "quantity", "paid_fen", "claimed_quantity", "claimed_fen", "fresh", "made_to_order",
      "digital", "periodical", "near_expiry_confirmed", "defective_confirmed", "delivered_at", "picked_up_at",
    ])
    .where("order_id", "=", orderId)
    .where("line_no", "in", lineNos)
    .orderBy("id");
  return (forUpdate ? q.forUpdate() : q).execute();
}
export type LockedLine = Awaited<ReturnType<typeof lockOrderLines>>[number];

export async function loadOrderHeader(db: Queryable, orderId: string) {
  return db
    .selectFrom("orders")
    .select(["id", "customer_id", "pickup_point_id", "placed_at", "promised_at"])
    .where("id", "=", orderId)
    .executeTakeFirst();
}

/** Moves claimed units and fen onto (positive) or off (negative) the order lines. */
export async function adjustClaims(db: Queryable, lines: { orderItemId: string; quantity: number; amountFen: number }[], sign: 1 | -1) {
  for (const l of lines)
    await db
      .updateTable("order_items")
      .set({
        claimed_quantity: sql`claimed_quantity + ${sign * l.quantity}`,
        claimed_fen: sql`claimed_fen + ${sign * l.amountFen}`,
      })
      .where("id", "=", l.orderItemId)
      .execute();
}

/** The customer's recent claims, for the policy's abuse and standing checks. */
export async function customerHistory(db: Queryable, customerId: string, refundOnlySince: Date, rejectedSince: Date) {
  const row = await db
    .selectFrom("cases")
    .select([
      sql<number>`count(*) filter (where resolution in ('refund_only', 'partial_refund') and state not in ('cancelled', 'rejected') and created_at >= ${refundOnlySince})::int`.as("refund_only"),
      sql<number>`count(*) filter (where state = 'rejected' and created_at >= ${rejectedSince})::int`.as("rejected"),
    ])
    .where("customer_id", "=", customerId)
    .where("created_at", ">=", refundOnlySince < rejectedSince ? refundOnlySince : rejectedSince)
    .executeTakeFirstOrThrow();
  return { refundOnlyClaimsInWindow: row.refund_only, rejectedClaimsInWindow: row.rejected };
}

export async function ownedEvidence(db: Queryable, customerId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom("evidence").select(["id"]).where("customer_id", "=", customerId).where("id", "in", ids).execute();
}

export async function appendEvents(
  db: Queryable,
  events: { case_id: string; at: Date; type: string; actor: string; from_state: string | null; to_state: string | null; data: Record<string, unknown> }[],
) {
  if (events.length === 0) return;
  await db.insertInto("case_events").values(events.map((e) => ({ ...e, data: JSON.stringify(e.data) }))).execute();
}

export async function lockCase(db: Queryable, caseId: string) {
  return db.selectFrom("cases").selectAll().where("id", "=", caseId).forUpdate().executeTakeFirst();
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

export async function caseEvidenceIds(db: Queryable, caseId: string) {
  const rows = await db.selectFrom("case_evidence").select("evidence_id").where("case_id", "=", caseId).orderBy("evidence_id").execute();
  return rows.map((r) => r.evidence_id);
}

export async function listCases(db: Queryable, filter: { customerId?: string; orderId?: string; state?: string }, limit: number, before?: string) {
  let q = db
    .selectFrom("cases")
    .select(["id", "order_id", "customer_id", "problem_type", "resolution", "state", "claimed_fen", "approved_fen", "refunded_fen", "created_at", "updated_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  if (filter.customerId) q = q.where("customer_id", "=", filter.customerId);
  if (filter.orderId) q = q.where("order_id", "=", filter.orderId);
  if (filter.state) q = q.where("state", "=", filter.state);
  if (before) q = q.where("created_at", "<", new Date(before));
  return q.execute();
}
