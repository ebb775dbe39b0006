import { sql, type ExpressionBuilder, type Insertable } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Database } from "../../db/schema.js";
import type { BatchCandidate } from "./model.js";
import type { BatchLineOutcome, BatchReportsTable } from "./tables.js";

/*
 * The leaders module's SQL. It owns batch_reports; everything else here only reads: a leader's
 * work is measured on the order lines, cases and timelines of their pickup points (a reporting
 * read, like the audit view, not a second writer of those tables).
 */

/** Cases that are still being handled: a batch report adds to these instead of opening another. */
const CLOSED_STATES = ["rejected", "refunded", "reshipped", "compensated", "closed", "cancelled", "merged"];

export async function pickupPoint(db: Queryable, id: string) {
  return db.selectFrom("pickup_points").select(["id", "leader_id"]).where("id", "=", id).executeTakeFirst();
}

export async function leaderExists(db: Queryable, leaderId: string): Promise<boolean> {
  return (await db.selectFrom("leaders").select("id").where("id", "=", leaderId).executeTakeFirst()) !== undefined;
}

export type NewBatchReport = Omit<Insertable<BatchReportsTable>, "completed_at" | "opened" | "updated" | "skipped" | "truncated" | "outcomes">;

/** Records a report once per (reporter, Idempotency-Key); a re-send gets the first row back. */
export async function claimBatchReport(db: Queryable, report: NewBatchReport) {
  await db.insertInto("batch_reports").values(report).onConflict((oc) => oc.columns(["reported_by", "idempotency_key"]).doNothing()).execute();
  return db.selectFrom("batch_reports").selectAll().where("reported_by", "=", report.reported_by).where("idempotency_key", "=", report.idempotency_key).executeTakeFirstOrThrow();
}
export type BatchReportRow = Awaited<ReturnType<typeof claimBatchReport>>;

export async function completeBatchReport(db: Queryable, id: string, at: Date, outcomes: BatchLineOutcome[], truncated: boolean) {
  const count = (o: BatchLineOutcome["outcome"]) => outcomes.filter((l) => l.outcome === o).length;
  return db
    .updateTable("batch_reports")
    .set({ completed_at: at, outcomes: JSON.stringify(outcomes), truncated, opened: count("opened"), updated: count("updated"), skipped: count("skipped") })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The order lines of one SKU (and batch) received at a pickup point whose quality window is
 * still open, newest first, at most `limit` + 1 (one more tells the caller it was cut short);
 * each with the open case on it and whatever this report already did to it.
 */
export async function batchCandidates(
  db: Queryable,
  q: { pickupPointId: string; sku: string; batchId: string | null; freshSince: Date; standardSince: Date; reportId: string; limit: number },
): Promise<BatchCandidate[]> {
  const received = sql<Date>`coalesce(i.picked_up_at, i.delivered_at)`;
  const reportedBy = (column: "case_id" | "type") => (eb: ExpressionBuilder<Database & { i: Database["order_items"] }, "i">) =>
    eb
      .selectFrom("case_events as e")
      .innerJoin("case_items as ci", "ci.case_id", "e.case_id")
      .select(`e.${column}`)
      .whereRef("ci.order_item_id", "=", "i.id")
      .where(sql<boolean>`e.data->>'batchReportId' = ${q.reportId}`)
      .orderBy("e.id")
      .limit(1);
  let scan = db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select((eb) => [
      "i.id",
      "i.order_id",
      "i.line_no",
      "i.quantity",
      "i.claimed_quantity",
      "o.customer_id",
      eb
        .selectFrom("case_items as ci")
        .innerJoin("cases as c", "c.id", "ci.case_id")
        .select("c.id")
        .whereRef("ci.order_item_id", "=", "i.id")
        .where("c.state", "not in", CLOSED_STATES)
        .orderBy("c.created_at", "desc")
        .limit(1)
        .as("open_case_id"),
      reportedBy("case_id")(eb).as("reported_case_id"),
      reportedBy("type")(eb).as("reported_type"),
    ])
    .where("o.pickup_point_id", "=", q.pickupPointId)
    .where("i.sku", "=", q.sku)
    // the first bound lets the (sku, received) index narrow the range; the second is the exact window
    .where(received, ">=", q.freshSince < q.standardSince ? q.freshSince : q.standardSince)
    .where(sql<boolean>`${received} >= case when i.fresh then ${q.freshSince}::timestamptz else ${q.standardSince}::timestamptz end`)
    .orderBy(received, "desc")
    .orderBy("i.id")
    .limit(q.limit + 1);
  if (q.batchId) scan = scan.where("i.batch_id", "=", q.batchId);
  const rows = await scan.execute();
  return rows.map((r) => ({
    orderId: r.order_id,
    orderItemId: r.id,
    lineNo: r.line_no,
    customerId: r.customer_id,
    quantity: r.quantity,
    claimedQuantity: r.claimed_quantity,
    openCaseId: r.open_case_id,
    reported: r.reported_case_id ? { caseId: r.reported_case_id, outcome: r.reported_type === "submitted" ? "opened" : "updated" } : null,
  }));
}

/** Has this report already left its entry on the case (checked under the case's lock)? */
export async function caseCarriesReport(db: Queryable, caseId: string, reportId: string): Promise<boolean> {
  const row = await db.selectFrom("case_events").select("id").where("case_id", "=", caseId).where(sql<boolean>`data->>'batchReportId' = ${reportId}`).executeTakeFirst();
  return row !== undefined;
}

/** The timeline actors of a leader: every staff login that works for them. */
const actorsOf = (db: Queryable, leaderId: string) =>
  db.selectFrom("staff").select(sql<string>`'staff:' || staff.id`.as("actor")).where("staff.leader_id", "=", leaderId);

/** The cases filed at a leader's points since `since`, each with when one of the leader's people first acted on it. */
export async function casesAtPoints(db: Queryable, leaderId: string, since: Date) {
  return db
    .selectFrom("cases as c")
    .select((eb) => [
      "c.created_at",
      eb
        .selectFrom("case_events as e")
        .select((e) => e.fn.min("e.at").as("first_at"))
        .whereRef("e.case_id", "=", "c.id")
        .where("e.type", "<>", "submitted")
        .where("e.actor", "in", actorsOf(db, leaderId))
        .as("first_leader_at"),
    ])
    .where("c.pickup_point_id", "in", (eb) => eb.selectFrom("pickup_points").select("id").where("leader_id", "=", leaderId))
    .where("c.created_at", ">=", since)
    .execute();
}

/** What the leader's people approved and took back since `since`. */
export async function leaderEvents(db: Queryable, leaderId: string, since: Date) {
  return db
    .selectFrom("case_events")
    .select(["type", "at", sql<number | null>`(data->>'amountFen')::int`.as("amount_fen")])
    .where("actor", "in", actorsOf(db, leaderId))
    .where("type", "in", ["approve", "receive_return"])
    .where("at", ">=", since)
    .execute();
}

/** How many batch reports were filed at the leader's points since `since`, and the cases they opened and updated. */
export async function batchReportTotals(db: Queryable, leaderId: string, since: Date) {
  return db
    .selectFrom("batch_reports")
    .select([
      sql<number>`count(*)::int`.as("reports"),
      sql<number>`coalesce(sum(opened), 0)::int`.as("opened"),
      sql<number>`coalesce(sum(updated), 0)::int`.as("updated"),
    ])
    .where("leader_id", "=", leaderId)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
}

/** The pickup points a leader runs. */
export async function pointsOfLeader(db: Queryable, leaderId: string) {
  return db.selectFrom("pickup_points").select(["id", "name", "city", "address"]).where("leader_id", "=", leaderId).orderBy("id").execute();
}

/**
 * What customers received at a leader's points within the quality window, one row per point, SKU and batch:
 * the goods a batch report can name, with how many order lines and customers it would reach.
 */
export async function goodsReceivedAtPoints(db: Queryable, q: { leaderId: string; freshSince: Date; standardSince: Date; limit: number }) {
  const received = sql<Date>`coalesce(i.picked_up_at, i.delivered_at)`;
  return db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .innerJoin("pickup_points as p", "p.id", "o.pickup_point_id")
    .select([
      "o.pickup_point_id",
      "i.sku",
      "i.batch_id",
      sql<string>`min(i.name)`.as("name"),
      sql<boolean>`bool_or(i.fresh)`.as("fresh"),
      sql<number>`count(*)::int`.as("order_lines"),
      sql<number>`count(distinct o.customer_id)::int`.as("customers"),
      sql<Date>`max(${received})`.as("last_received_at"),
    ])
    .where("p.leader_id", "=", q.leaderId)
    // the same window as batchCandidates: goods listed here are goods a report reaches
    .where(received, ">=", q.freshSince < q.standardSince ? q.freshSince : q.standardSince)
    .where(sql<boolean>`${received} >= case when i.fresh then ${q.freshSince}::timestamptz else ${q.standardSince}::timestamptz end`)
    .groupBy(["o.pickup_point_id", "i.sku", "i.batch_id"])
    .orderBy(sql`max(${received})`, "desc")
    .orderBy("i.sku")
    .limit(q.limit)
    .execute();
}
