import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { ClaimedLine, OrderInput, OrderTotals } from "./model.js";
import { orderItemId } from "./model.js";

type Row = Record<string, unknown>;

/** Inserts or refreshes the people, places and parties an order names (names only when given). */
export async function upsertReferences(db: Queryable, orders: OrderInput[]): Promise<void> {
  const customers = new Map<string, Row>();
  const leaders = new Map<string, Row>();
  const points = new Map<string, Row>();
  const suppliers = new Map<string, Row>();
  const warehouses = new Map<string, Row>();
  const routes = new Map<string, Row>();
  const drivers = new Map<string, Row>();
  const batches = new Map<string, Row>();
  for (const o of orders) {
    customers.set(o.customer.id, { id: o.customer.id, name: o.customer.name ?? "", phone: o.customer.phone ?? null, address: o.customer.address ?? null });
    const p = o.pickupPoint;
    if (p) {
      if (p.leader) leaders.set(p.leader.id, { id: p.leader.id, name: p.leader.name ?? "", phone: p.leader.phone ?? null });
      points.set(p.id, { id: p.id, name: p.name ?? "", city: p.city ?? "", address: p.address ?? null, leader_id: p.leader?.id ?? null });
    }
    for (const item of o.items) {
      const s = item.supply;
      if (!s) continue;
      if (s.supplier) suppliers.set(s.supplier.id, { id: s.supplier.id, name: s.supplier.name ?? "" });
      if (s.warehouse) warehouses.set(s.warehouse.id, { id: s.warehouse.id, name: s.warehouse.name ?? "", city: s.warehouse.city ?? "" });
      if (s.route) routes.set(s.route.id, { id: s.route.id, name: s.route.name ?? "", warehouse_id: s.warehouse?.id ?? null });
      if (s.driver) drivers.set(s.driver.id, { id: s.driver.id, name: s.driver.name ?? "", phone: s.driver.phone ?? null });
      if (s.batch)
        batches.set(s.batch.id, {
          id: s.batch.id,
          sku: item.sku,
          supplier_id: s.supplier?.id ?? null,
          produced_on: s.batch.producedOn ?? null,
          best_before: s.batch.bestBefore ?? null,
        });
    }
  }
  // Order matters: pickup points reference leaders, orders reference both.
  await upsert(db, "customers", customers, ["name", "phone", "address"]);
  await upsert(db, "leaders", leaders, ["name", "phone"]);
  await upsert(db, "pickup_points", points, ["name", "city", "address", "leader_id"]);
  await upsert(db, "suppliers", suppliers, ["name"]);
  await upsert(db, "warehouses", warehouses, ["name", "city"]);
  await upsert(db, "routes", routes, ["name", "warehouse_id"]);
  await upsert(db, "drivers", drivers, ["name", "phone"]);
  await upsert(db, "batches", batches, ["sku", "supplier_id", "produced_on", "best_before"]);
}

type RefTable = "customers" | "leaders" | "pickup_points" | "suppliers" | "warehouses" | "routes" | "drivers" | "batches";

const DATE_COLUMNS = new Set(["produced_on", "best_before"]);

/** Upsert where an empty or missing value never overwrites a known one. */
async function upsert(db: Queryable, table: RefTable, rows: Map<string, Row>, columns: string[]): Promise<void> {
  if (rows.size === 0) return;
  const values = [...rows.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  await db
    .insertInto(table)
    .values(values as never)
    .onConflict((oc) =>
      oc.column("id").doUpdateSet(
        Object.fromEntries(
          columns.map((c) => [
            c,
            DATE_COLUMNS.has(c)
              ? sql`coalesce(excluded.${sql.ref(c)}, ${sql.ref(`${table}.${c}`)})`
              : sql`coalesce(nullif(excluded.${sql.ref(c)}, ''), ${sql.ref(`${table}.${c}`)})`,
          ]),
        ) as never,
      ),
    )
    .execute();
}

export interface StoredOrderHash {
  id: string;
  content_hash: string;
}

/** Content hashes of the orders that exist; with `lock`, they stay locked until the transaction ends. */
export async function findOrderHashes(db: Queryable, ids: string[], opts: { lock?: boolean } = {}): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const q = db.selectFrom("orders").select(["id", "content_hash"]).where("id", "in", ids).orderBy("id");
  const rows = await (opts.lock ? q.forUpdate() : q).execute();
  return new Map(rows.map((r) => [r.id, r.content_hash]));
}

/** Writes one order and its lines; lines already claimed keep their claim counters. */
export async function writeOrder(db: Queryable, order: OrderInput, totals: OrderTotals, hash: string, now: Date): Promise<void> {
  const row = {
    id: order.id,
    customer_id: order.customer.id,
    pickup_point_id: order.pickupPoint?.id ?? null,
    leader_id: order.pickupPoint?.leader?.id ?? null,
    placed_at: order.placedAt,
    promised_at: order.promisedAt ?? null,
    goods_fen: totals.goodsFen,
    shipping_fen: totals.shippingFen,
    discount_fen: totals.discountFen,
    paid_fen: order.paidFen,
    payment_method: order.paymentMethod ?? "wechat",
    delivery_events: JSON.stringify(order.deliveryEvents ?? []),
    content_hash: hash,
    updated_at: now,
  };
  await db
    .insertInto("orders")
    .values(row)
    .onConflict((oc) =>
      oc.column("id").doUpdateSet({
        customer_id: (eb) => eb.ref("excluded.customer_id"),
        pickup_point_id: (eb) => eb.ref("excluded.pickup_point_id"),
        leader_id: (eb) => eb.ref("excluded.leader_id"),
        placed_at: (eb) => eb.ref("excluded.placed_at"),
        promised_at: (eb) => eb.ref("excluded.promised_at"),
        goods_fen: (eb) => eb.ref("excluded.goods_fen"),
        shipping_fen: (eb) => eb.ref("excluded.shipping_fen"),
        discount_fen: (eb) => eb.ref("excluded.discount_fen"),
        paid_fen: (eb) => eb.ref("excluded.paid_fen"),
        payment_method: (eb) => eb.ref("excluded.payment_method"),
        delivery_events: (eb) => eb.ref("excluded.delivery_events"),
        content_hash: (eb) => eb.ref("excluded.content_hash"),
        updated_at: (eb) => eb.ref("excluded.updated_at"),
      }),
    )
    .execute();

  const items = order.items.map((item, i) => itemRow(order.id, item, totals.linePaid[i] ?? 0));
  await db
    .insertInto("order_items")
    .values(items)
    .onConflict((oc) =>
      oc.column("id").doUpdateSet(
        Object.fromEntries(
          ITEM_COLUMNS.map((c) => [c, (eb: { ref: (r: string) => unknown }) => eb.ref(`excluded.${c}`)]),
        ) as never,
      ),
    )
    .execute();
}

const ITEM_COLUMNS = [
  "sku", "name", "category", "fresh", "made_to_order", "digital", "periodical", "near_expiry_confirmed",
  "defective_confirmed", "quantity", "unit_price_fen", "paid_fen", "weight_g", "batch_id", "supplier_id",
  "warehouse_id", "sorted_at", "route_id", "driver_id", "delivered_at", "picked_up_at",
] as const;

export function itemRow(orderId: string, item: OrderInput["items"][number], paidFen: number) {
  const f = item.flags ?? {};
  const s = item.supply ?? {};
  return {
    id: orderItemId(orderId, item.lineNo),
    order_id: orderId,
    line_no: item.lineNo,
    sku: item.sku,
    name: item.name,
    category: item.category ?? "",
    fresh: f.fresh ?? false,
    made_to_order: f.madeToOrder ?? false,
    digital: f.digital ?? false,
    periodical: f.periodical ?? false,
    near_expiry_confirmed: f.nearExpiryConfirmed ?? false,
    defective_confirmed: f.defectiveConfirmed ?? false,
    quantity: item.quantity,
    unit_price_fen: item.unitPriceFen,
    paid_fen: paidFen,
    weight_g: item.weightG ?? null,
    batch_id: s.batch?.id ?? null,
    supplier_id: s.supplier?.id ?? null,
    warehouse_id: s.warehouse?.id ?? null,
    sorted_at: s.sortedAt ? new Date(s.sortedAt) : null,
    route_id: s.route?.id ?? null,
    driver_id: s.driver?.id ?? null,
    delivered_at: s.deliveredAt ? new Date(s.deliveredAt) : null,
    picked_up_at: s.pickedUpAt ? new Date(s.pickedUpAt) : null,
  };
}

/** Deletes the lines of an order that the new version no longer has; claimed lines are never deleted. */
export async function deleteUnclaimedDroppedLines(db: Queryable, orderId: string, keep: string[]): Promise<void> {
  await db.deleteFrom("order_items").where("order_id", "=", orderId).where("id", "not in", keep).where("claimed_quantity", "=", 0).execute();
}

/** The claimed lines of these orders, to refuse a change that would undercut a claim. */
export async function claimedLines(db: Queryable, orderIds: string[]): Promise<(ClaimedLine & { orderId: string })[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .selectFrom("order_items")
    .select(["id", "order_id", "claimed_quantity", "claimed_fen"])
    .where("order_id", "in", orderIds)
    .where("claimed_quantity", ">", 0)
    .execute();
  return rows.map((r) => ({ id: r.id, orderId: r.order_id, claimedQuantity: r.claimed_quantity, claimedFen: r.claimed_fen }));
}
