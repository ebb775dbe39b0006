import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";

/*
 * The order lines as after-sales claims see them: locked while a claim is priced, and the
 * claimed units and fen they carry. Claims live in the cases module; the counters live here,
 * next to the quantities they may never exceed (check constraints on order_items).
 */

/**
 * The claimed lines of a customer's order, locked in id order so concurrent claims queue,
 * never deadlock, each with the order's header. None if the order is not theirs.
 */
export async function lockLinesOfOrder(db: Queryable, orderId: string, customerId: string, lineNos: number[], forUpdate = true) {
  const q = db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select([
      "i.id", "i.line_no", "i.sku", "i.name", "i.quantity", "i.paid_fen", "i.claimed_quantity", "i.claimed_fen", "i.fresh", "i.made_to_order",
      "i.digital", "i.periodical", "i.near_expiry_confirmed", "i.defective_confirmed", "i.delivered_at", "i.picked_up_at",
      "o.pickup_point_id", "o.placed_at", "o.promised_at",
    ])
    .where("i.order_id", "=", orderId)
    .where("o.customer_id", "=", customerId)
    .where("i.line_no", "in", lineNos)
    .orderBy("i.id");
  return (forUpdate ? q.forUpdate("i") : q).execute();
}
export type LockedLine = Awaited<ReturnType<typeof lockLinesOfOrder>>[number];

/** The order's owner and times, when no claimable line was found (to tell "not yours" from "no such line"). */
export async function loadOrderHeader(db: Queryable, orderId: string) {
  return db
    .selectFrom("orders")
    .select(["id", "customer_id", "pickup_point_id", "placed_at", "promised_at"])
    .where("id", "=", orderId)
    .executeTakeFirst();
}

/** Moves claimed units and fen onto (positive) or off (negative) the order lines, in one statement. */
export async function adjustClaims(db: Queryable, lines: { orderItemId: string; quantity: number; amountFen: number }[], sign: 1 | -1) {
  if (lines.length === 0) return;
  const values = sql.join(lines.map((l) => sql`(${l.orderItemId}::text, ${sign * l.quantity}::int, ${sign * l.amountFen}::int)`));
  await sql`update order_items set claimed_quantity = claimed_quantity + d.qty, claimed_fen = claimed_fen + d.fen
    from (values ${values}) as d(id, qty, fen) where order_items.id = d.id`.execute(db);
}
