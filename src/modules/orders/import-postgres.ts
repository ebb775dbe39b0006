import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { BatchOutcome, CheckedOrder, OrderBatchWriter, RejectedOrder } from "./import.js";
import { claimConflicts, orderItemId, type ClaimedLine } from "./model.js";

/**
 * The bulk path on a PostgreSQL server: a batch is COPYed into temporary staging tables and
 * moved into the real ones with INSERT … SELECT … ON CONFLICT, in one transaction. What to
 * write is decided before the COPY, as ingestOrders decides it: unchanged orders (same
 * content hash) are skipped, and an order whose new version would undercut a claim is
 * rejected. Claimed lines keep claimed_quantity and claimed_fen, which the upsert never sets.
 */

const ORDER_COLUMNS = [
  "seq", "id", "customer_id", "customer_name", "customer_phone", "customer_address", "pickup_point_id", "pickup_point_name",
  "pickup_point_city", "pickup_point_address", "leader_id", "leader_name", "leader_phone", "placed_at", "promised_at",
  "goods_fen", "shipping_fen", "discount_fen", "paid_fen", "payment_method", "delivery_events", "content_hash",
] as const;

const ITEM_COLUMNS = [
  "seq", "id", "order_id", "line_no", "sku", "name", "category", "fresh", "made_to_order", "digital", "periodical",
  "near_expiry_confirmed", "defective_confirmed", "quantity", "unit_price_fen", "paid_fen", "weight_g", "batch_id",
  "batch_produced_on", "batch_best_before", "supplier_id", "supplier_name", "warehouse_id", "warehouse_name",
  "warehouse_city", "sorted_at", "route_id", "route_name", "driver_id", "driver_name", "driver_phone", "delivered_at",
  "picked_up_at",
] as const;

const STAGING = `
create temp table if not exists import_orders (
  seq integer not null, id text not null, customer_id text not null, customer_name text, customer_phone text,
  customer_address text, pickup_point_id text, pickup_point_name text, pickup_point_city text, pickup_point_address text,
  leader_id text, leader_name text, leader_phone text, placed_at timestamptz not null, promised_at timestamptz,
  goods_fen integer not null, shipping_fen integer not null, discount_fen integer not null, paid_fen integer not null,
  payment_method text not null, delivery_events jsonb not null, content_hash text not null
) on commit delete rows;
create temp table if not exists import_items (
  seq integer not null, id text not null, order_id text not null, line_no integer not null, sku text not null,
  name text not null, category text not null, fresh boolean not null, made_to_order boolean not null, digital boolean not null,
  periodical boolean not null, near_expiry_confirmed boolean not null, defective_confirmed boolean not null,
  quantity integer not null, unit_price_fen integer not null, paid_fen integer not null, weight_g integer, batch_id text,
  batch_produced_on date, batch_best_before date, supplier_id text, supplier_name text, warehouse_id text,
  warehouse_name text, warehouse_city text, sorted_at timestamptz, route_id text, route_name text, driver_id text,
  driver_name text, driver_phone text, delivered_at timestamptz, picked_up_at timestamptz
) on commit delete rows;`;

// "Latest wins" within a batch, and an empty or missing value never overwrites a known one,
// as upsertReferences does. Order matters: pickup points reference leaders, orders both.
const keep = (table: string, column: string) => `${column} = coalesce(nullif(excluded.${column}, ''), ${table}.${column})`;
const REFERENCES = [
  `insert into customers (id, name, phone, address)
   select distinct on (customer_id) customer_id, coalesce(customer_name, ''), customer_phone, customer_address
   from import_orders order by customer_id, seq desc
   on conflict (id) do update set ${["name", "phone", "address"].map((c) => keep("customers", c)).join(", ")}`,
  `insert into leaders (id, name, phone)
   select distinct on (leader_id) leader_id, coalesce(leader_name, ''), leader_phone
   from import_orders where leader_id is not null order by leader_id, seq desc
   on conflict (id) do update set ${["name", "phone"].map((c) => keep("leaders", c)).join(", ")}`,
  `insert into pickup_points (id, name, city, address, leader_id)
   select distinct on (pickup_point_id) pickup_point_id, coalesce(pickup_point_name, ''), coalesce(pickup_point_city, ''), pickup_point_address, leader_id
   from import_orders where pickup_point_id is not null order by pickup_point_id, seq desc
   on conflict (id) do update set ${["name", "city", "address", "leader_id"].map((c) => keep("pickup_points", c)).join(", ")}`,
  `insert into suppliers (id, name)
   select distinct on (supplier_id) supplier_id, coalesce(supplier_name, '')
   from import_items where supplier_id is not null order by supplier_id, seq desc
   on conflict (id) do update set ${keep("suppliers", "name")}`,
  `insert into warehouses (id, name, city)
   select distinct on (warehouse_id) warehouse_id, coalesce(warehouse_name, ''), coalesce(warehouse_city, '')
   from import_items where warehouse_id is not null order by warehouse_id, seq desc
   on conflict (id) do update set ${["name", "city"].map((c) => keep("warehouses", c)).join(", ")}`,
  `insert into routes (id, name, warehouse_id)
   select distinct on (route_id) route_id, coalesce(route_name, ''), warehouse_id
   from import_items where route_id is not null order by route_id, seq desc
   on conflict (id) do update set ${["name", "warehouse_id"].map((c) => keep("routes", c)).join(", ")}`,
  `insert into drivers (id, name, phone)
   select distinct on (driver_id) driver_id, coalesce(driver_name, ''), driver_phone
   from import_items where driver_id is not null order by driver_id, seq desc
   on conflict (id) do update set ${["name", "phone"].map((c) => keep("drivers", c)).join(", ")}`,
  `insert into batches (id, sku, supplier_id, produced_on, best_before)
   select distinct on (batch_id) batch_id, sku, supplier_id, batch_produced_on, batch_best_before
   from import_items where batch_id is not null order by batch_id, seq desc
   on conflict (id) do update set ${keep("batches", "sku")}, ${keep("batches", "supplier_id")},
     produced_on = coalesce(excluded.produced_on, batches.produced_on), best_before = coalesce(excluded.best_before, batches.best_before)`,
];

const ORDER_TARGET = ["customer_id", "pickup_point_id", "leader_id", "placed_at", "promised_at", "goods_fen", "shipping_fen", "discount_fen", "paid_fen", "payment_method", "delivery_events", "content_hash"];
/** What a re-sent order may change on a line: everything but its identity and its claim counters. */
const ITEM_TARGET = [
  "sku", "name", "category", "fresh", "made_to_order", "digital", "periodical", "near_expiry_confirmed",
  "defective_confirmed", "quantity", "unit_price_fen", "paid_fen", "weight_g", "batch_id", "supplier_id",
  "warehouse_id", "sorted_at", "route_id", "driver_id", "delivered_at", "picked_up_at",
];
const set = (columns: readonly string[]) => columns.map((c) => `${c} = excluded.${c}`).join(", ");

// Lines the new versions of orders drop (claimed ones were refused before the COPY).
const DELETE_DROPPED_LINES = "delete from order_items where order_id = any($1::text[]) and not (id = any($2::text[]))";

const WRITES = [
  ...REFERENCES,
  `insert into orders (id, ${ORDER_TARGET.join(", ")}, updated_at)
   select id, ${ORDER_TARGET.join(", ")}, $1::timestamptz from import_orders order by id
   on conflict (id) do update set ${set(ORDER_TARGET)}, updated_at = excluded.updated_at`,
  `insert into order_items (id, order_id, line_no, ${ITEM_TARGET.join(", ")})
   select id, order_id, line_no, ${ITEM_TARGET.join(", ")} from import_items order by id
   on conflict (id) do update set ${set(ITEM_TARGET)}`,
];

/** Opens a connection of its own (COPY needs the driver's client) with the staging tables. */
export async function openCopyWriter(databaseUrl: string): Promise<OrderBatchWriter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(STAGING);
  const writeOne = async (batch: CheckedOrder[], now: Date): Promise<BatchOutcome> => {
    await client.query("begin");
    try {
      const outcome = await writeBatch(client, batch, now);
      await client.query("commit");
      return outcome;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  };
  return {
    method: "copy",
    async write(batch, now) {
      try {
        return await writeOne(batch, now);
      } catch (error) {
        if (!isDataError(error)) throw error;
        // A value the server refuses (a date it cannot read…): find the order, write the others.
        const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
        for (const b of batch) {
          try {
            const one = await writeOne([b], now);
            outcome.created += one.created;
            outcome.updated += one.updated;
            outcome.unchanged += one.unchanged;
            outcome.rejected.push(...one.rejected);
          } catch (e) {
            if (!isDataError(e)) throw e;
            outcome.rejected.push({ ...whereFrom(b), kind: "invalid", errors: [`the database refused it: ${e.message}`] });
          }
        }
        return outcome;
      }
    },
    close: () => client.end(),
  };
}

async function writeBatch(client: pg.Client, batch: CheckedOrder[], now: Date): Promise<BatchOutcome> {
  const ids = batch.map((b) => b.order.id);
  // Locked like ingestOrder does, so a claim cannot slip in between the check and the write.
  const known = await client.query<{ id: string; content_hash: string }>(
    "select id, content_hash from orders where id = any($1::text[]) order by id for update",
    [ids],
  );
  const hashes = new Map(known.rows.map((r) => [r.id, r.content_hash]));
  const changed = batch.filter((b) => hashes.get(b.order.id) !== b.hash);
  const rejected = await refuseClaimConflicts(client, changed.filter((b) => hashes.has(b.order.id)));
  const refused = new Set(rejected.map((r) => r.orderId));
  const accepted = changed.filter((b) => !refused.has(b.order.id));
  if (accepted.length > 0) {
    await copyInto(client, "import_orders", ORDER_COLUMNS, accepted.map((b, i) => orderRow(b, i)));
    let seq = 0;
    await copyInto(client, "import_items", ITEM_COLUMNS, accepted.flatMap((b) => b.order.items.map((item, i) => itemRow(b, i, seq++))));
    for (const statement of WRITES) await client.query(statement, statement.includes("$1") ? [now] : []);
  }
  const updated = accepted.filter((b) => hashes.has(b.order.id));
  if (updated.length > 0)
    await client.query(DELETE_DROPPED_LINES, [
      updated.map((b) => b.order.id),
      updated.flatMap((b) => b.order.items.map((item) => orderItemId(b.order.id, item.lineNo))),
    ]);
  return { created: accepted.length - updated.length, updated: updated.length, unchanged: batch.length - changed.length, rejected };
}

/** Orders whose new version has less of a claimed line than was claimed, or drops it. */
async function refuseClaimConflicts(client: pg.Client, existing: CheckedOrder[]): Promise<RejectedOrder[]> {
  if (existing.length === 0) return [];
  const claims = await client.query<{ id: string; order_id: string; claimed_quantity: number; claimed_fen: number }>(
    "select id, order_id, claimed_quantity, claimed_fen from order_items where order_id = any($1::text[]) and claimed_quantity > 0",
    [existing.map((b) => b.order.id)],
  );
  const byOrder = new Map<string, ClaimedLine[]>();
  for (const r of claims.rows)
    byOrder.set(r.order_id, [...(byOrder.get(r.order_id) ?? []), { id: r.id, claimedQuantity: r.claimed_quantity, claimedFen: r.claimed_fen }]);
  const rejected: RejectedOrder[] = [];
  for (const b of existing) {
    const conflicts = claimConflicts(b.order, b.totals.linePaid, byOrder.get(b.order.id) ?? []);
    if (conflicts.length) rejected.push({ ...whereFrom(b), kind: "conflict", orderId: b.order.id, errors: conflicts });
  }
  return rejected;
}

function orderRow(b: CheckedOrder, seq: number): unknown[] {
  const o = b.order;
  const p = o.pickupPoint;
  return [
    seq, o.id, o.customer.id, o.customer.name, o.customer.phone, o.customer.address, p?.id, p?.name, p?.city, p?.address,
    p?.leader?.id, p?.leader?.name, p?.leader?.phone, o.placedAt, o.promisedAt, b.totals.goodsFen, b.totals.shippingFen,
    b.totals.discountFen, o.paidFen, o.paymentMethod ?? "wechat", JSON.stringify(o.deliveryEvents ?? []), b.hash,
  ];
}

function itemRow(b: CheckedOrder, index: number, seq: number): unknown[] {
  const item = b.order.items[index]!;
  const f = item.flags ?? {};
  const s = item.supply ?? {};
  return [
    seq, orderItemId(b.order.id, item.lineNo), b.order.id, item.lineNo, item.sku, item.name, item.category ?? "",
    f.fresh ?? false, f.madeToOrder ?? false, f.digital ?? false, f.periodical ?? false, f.nearExpiryConfirmed ?? false,
    f.defectiveConfirmed ?? false, item.quantity, item.unitPriceFen, b.totals.linePaid[index] ?? 0, item.weightG,
    s.batch?.id, s.batch?.producedOn, s.batch?.bestBefore, s.supplier?.id, s.supplier?.name, s.warehouse?.id,
    s.warehouse?.name, s.warehouse?.city, s.sortedAt, s.route?.id, s.route?.name, s.driver?.id, s.driver?.name,
    s.driver?.phone, s.deliveredAt, s.pickedUpAt,
  ];
}

async function copyInto(client: pg.Client, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const chunks = function* () {
    for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500).map((row) => row.map(copyValue).join("\t")).join("\n") + "\n";
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`)));
}

/** A value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyValue(value: unknown): string {
  if (value === undefined || value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  const text = String(value);
  if (!/[\\\t\n\r]/.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function whereFrom(b: CheckedOrder): Pick<RejectedOrder, "position" | "line" | "orderId"> {
  return { position: b.position, ...(b.line !== undefined ? { line: b.line } : {}), orderId: b.order.id };
}

/** Data exceptions (22…) and integrity violations (23…): the data's fault, not the server's. */
function isDataError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && typeof error.code === "string" && /^2[23]/.test(error.code);
}
