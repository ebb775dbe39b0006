import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";

export async function insertRefund(db: Queryable, row: { id: string; case_id: string; order_id: string; amount_fen: number; method: string; request_key: string; now: Date }) {
  const inserted = await db
    .insertInto("refunds")
    .values({
      id: row.id, case_id: row.case_id, order_id: row.order_id, amount_fen: row.amount_fen, method: row.method,
      state: "pending", request_key: row.request_key, next_attempt_at: row.now, updated_at: row.now,
    })
    .onConflict((oc) => oc.columns(["case_id", "request_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export async function addLedgerEntry(db: Queryable, e: { case_id: string; refund_id: string; entry: "requested" | "paid" | "failed"; amount_fen: number; at: Date; data?: Record<string, unknown> }) {
  await db.insertInto("refund_ledger").values({ ...e, data: JSON.stringify(e.data ?? {}) }).execute();
}

/**
 * Claims refunds due for (re)submission, skipping those another worker holds. A refund left
 * 'submitted' longer than `staleBefore` (its worker died mid-call) is due again; the gateway
 * deduplicates, so resubmitting it cannot pay twice.
 */
export async function claimDueRefunds(db: Queryable, now: Date, staleBefore: Date, limit: number, maxAttempts?: number) {
  return db
    .selectFrom("refunds")
    .select(["id", "case_id", "order_id", "amount_fen", "method", "attempts"])
    .where((eb) =>
      eb.or([
        // a refund failed `maxAttempts` times is finance's to pay by hand, never retried
        eb.and([eb("state", "in", ["pending", "failed"]), eb("next_attempt_at", "<=", now), ...(maxAttempts === undefined ? [] : [eb("attempts", "<", maxAttempts)])]),
        eb.and([eb("state", "=", "submitted"), eb("updated_at", "<", staleBefore)]),
      ]),
    )
    .orderBy("next_attempt_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markSubmitted(db: Queryable, ids: string[], now: Date) {
  if (ids.length === 0) return;
  await db.updateTable("refunds").set({ state: "submitted", attempts: sql`attempts + 1`, updated_at: now }).where("id", "in", ids).execute();
}

export async function lockRefund(db: Queryable, id: string) {
  return db.selectFrom("refunds").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function updateRefund(db: Queryable, id: string, set: { state: string; gateway_ref?: string | null; last_error?: string | null; next_attempt_at?: Date; updated_at: Date }) {
  await db.updateTable("refunds").set(set).where("id", "=", id).execute();
}

export async function refundsOfCase(db: Queryable, caseId: string) {
  return db.selectFrom("refunds").select(["id", "amount_fen", "method", "state", "attempts", "gateway_ref", "last_error", "created_at", "updated_at"]).where("case_id", "=", caseId).orderBy("created_at").execute();
}

export async function ledgerOfCase(db: Queryable, caseId: string) {
  return db.selectFrom("refund_ledger").select(["id", "refund_id", "entry", "amount_fen", "at"]).where("case_id", "=", caseId).orderBy("id").execute();
}

export async function refundById(db: Queryable, id: string) {
  return db.selectFrom("refunds").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Refunds by state and failed attempts, most tried first: what finance must pay by hand. */
export async function listRefunds(db: Queryable, f: { state?: string; minAttempts?: number }, limit: number) {
  let q = db.selectFrom("refunds").selectAll().orderBy("attempts", "desc").orderBy("updated_at").orderBy("id").limit(limit);
  if (f.state) q = q.where("state", "=", f.state);
  if (f.minAttempts !== undefined) q = q.where("attempts", ">=", f.minAttempts);
  return q.execute();
}
export type RefundListRow = Awaited<ReturnType<typeof listRefunds>>[number];
