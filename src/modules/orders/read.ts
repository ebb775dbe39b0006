import type { Queryable } from "../../db/database.js";

/** An order as the API shows it: lines with their supply chain, names resolved. */
export async function loadOrderView(db: Queryable, orderId: string) {
  const order = await db
    .selectFrom("orders as o")
    .leftJoin("pickup_points as p", "p.id", "o.pickup_point_id")
    .leftJoin("leaders as l", "l.id", "o.leader_id")
    .select([
      "o.id", "o.customer_id", "o.placed_at", "o.promised_at", "o.goods_fen", "o.shipping_fen", "o.discount_fen",
      "o.paid_fen", "o.payment_method", "o.delivery_events", "o.pickup_point_id", "p.name as pickup_point_name",
      "p.city as pickup_point_city", "o.leader_id", "l.name as leader_name",
    ])
    .where("o.id", "=", orderId)
    .executeTakeFirst();
  if (!order) return null;
  const items = await db
    .selectFrom("order_items as i")
    .leftJoin("suppliers as s", "s.id", "i.supplier_id")
    .leftJoin("warehouses as w", "w.id", "i.warehouse_id")
    .leftJoin("routes as r", "r.id", "i.route_id")
    .leftJoin("drivers as d", "d.id", "i.driver_id")
    .leftJoin("batches as b", "b.id", "i.batch_id")
    .select([
      "i.id", "i.line_no", "i.sku", "i.name", "i.category", "i.fresh", "i.made_to_order", "i.digital", "i.periodical",
      "i.near_expiry_confirmed", "i.defective_confirmed", "i.quantity", "i.unit_price_fen", "i.paid_fen", "i.weight_g",
      "i.claimed_quantity", "i.claimed_fen", "i.batch_id", "b.produced_on", "b.best_before", "i.supplier_id",
      "s.name as supplier_name", "i.warehouse_id", "w.name as warehouse_name", "i.sorted_at", "i.route_id",
      "r.name as route_name", "i.driver_id", "d.name as driver_name", "i.delivered_at", "i.picked_up_at",
    ])
    .where("i.order_id", "=", orderId)
    .orderBy("i.line_no")
    .execute();
  return {
    id: order.id,
    customerId: order.customer_id,
    placedAt: order.placed_at.toISOString(),
    promisedAt: order.promised_at?.toISOString() ?? null,
    goodsFen: order.goods_fen,
    shippingFen: order.shipping_fen,
    discountFen: order.discount_fen,
    paidFen: order.paid_fen,
    paymentMethod: order.payment_method,
    pickupPoint: order.pickup_point_id ? { id: order.pickup_point_id, name: order.pickup_point_name ?? "", city: order.pickup_point_city ?? "" } : null,
    leader: order.leader_id ? { id: order.leader_id, name: order.leader_name ?? "" } : null,
    deliveryEvents: order.delivery_events,
    items: items.map((i) => ({
      id: i.id,
      lineNo: i.line_no,
      sku: i.sku,
      name: i.name,
      category: i.category,
      flags: {
        fresh: i.fresh,
        madeToOrder: i.made_to_order,
        digital: i.digital,
        periodical: i.periodical,
        nearExpiryConfirmed: i.near_expiry_confirmed,
        defectiveConfirmed: i.defective_confirmed,
      },
      quantity: i.quantity,
      unitPriceFen: i.unit_price_fen,
      paidFen: i.paid_fen,
      weightG: i.weight_g,
      claimedQuantity: i.claimed_quantity,
      claimableQuantity: i.quantity - i.claimed_quantity,
      supply: {
        batch: i.batch_id ? { id: i.batch_id, producedOn: i.produced_on, bestBefore: i.best_before } : null,
        supplier: ref(i.supplier_id, i.supplier_name),
        warehouse: ref(i.warehouse_id, i.warehouse_name),
        sortedAt: i.sorted_at?.toISOString() ?? null,
        route: ref(i.route_id, i.route_name),
        driver: ref(i.driver_id, i.driver_name),
        deliveredAt: i.delivered_at?.toISOString() ?? null,
        pickedUpAt: i.picked_up_at?.toISOString() ?? null,
      },
    })),
  };
}
export type OrderView = NonNullable<Awaited<ReturnType<typeof loadOrderView>>>;

const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? "" } : null);

/** A customer's orders, newest first, with a cursor on placed time. */
export async function listCustomerOrders(db: Queryable, customerId: string, limit: number, before?: string) {
  let q = db
    .selectFrom("orders")
    .select(["id", "placed_at", "paid_fen", "pickup_point_id"])
    .where("customer_id", "=", customerId)
    .orderBy("placed_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  if (before) q = q.where("placed_at", "<", new Date(before));
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, placedAt: r.placed_at.toISOString(), paidFen: r.paid_fen, pickupPointId: r.pickup_point_id }));
}

/** True if the pickup point is run by this leader: a leader sees only their own points' orders and cases. */
export async function leaderSeesPickupPoint(db: Queryable, leaderId: string | null, pickupPointId: string | null): Promise<boolean> {
  if (!leaderId || !pickupPointId) return false;
  const row = await db.selectFrom("pickup_points").select("id").where("id", "=", pickupPointId).where("leader_id", "=", leaderId).executeTakeFirst();
  return row !== undefined;
}
