import type { OrderInput, OrderItemInput } from "./model.js";

/**
 * Orders as CSV: one row per order item, the order's columns repeated on each of its rows.
 * The rows of one order are consecutive. An empty cell means "not given" (the field is left
 * out of the order), so writing an order and reading it back gives the same order.
 *
 * Columns, in file order:
 *   order_id, placed_at, promised_at (ISO 8601), payment_method (wechat|alipay|card|balance),
 *   shipping_fen, order_paid_fen (integer fen, the order's total paid),
 *   customer_id, customer_name, customer_phone, customer_address,
 *   pickup_point_id, pickup_point_name, pickup_point_city, pickup_point_address,
 *   leader_id, leader_name, leader_phone (the pickup point's group leader, 团长),
 *   delivery_events (JSON array of {at, kind, note?, itemLineNo?}),
 *   line_no, sku, name, category,
 *   fresh, made_to_order, digital, periodical, near_expiry_confirmed, defective_confirmed (true|false),
 *   quantity, unit_price_fen, paid_fen (the line after discounts), weight_g,
 *   supply_batch_id, supply_batch_produced_on, supply_batch_best_before (YYYY-MM-DD),
 *   supply_supplier_id, supply_supplier_name, supply_warehouse_id, supply_warehouse_name, supply_warehouse_city,
 *   supply_sorted_at, supply_route_id, supply_route_name, supply_driver_id, supply_driver_name, supply_driver_phone,
 *   supply_delivered_at, supply_picked_up_at.
 */

type CellKind = "text" | "int" | "bool" | "json";
interface Column {
  name: string;
  /** where the value lives: in the order, or in the item */
  level: "order" | "item";
  path: string[];
  kind: CellKind;
}

const col = (name: string, level: Column["level"], path: string, kind: CellKind = "text"): Column => ({ name, level, path: path.split("."), kind });

const COLUMNS: Column[] = [
  col("order_id", "order", "id"),
  col("placed_at", "order", "placedAt"),
  col("promised_at", "order", "promisedAt"),
  col("payment_method", "order", "paymentMethod"),
  col("shipping_fen", "order", "shippingFen", "int"),
  col("order_paid_fen", "order", "paidFen", "int"),
  col("customer_id", "order", "customer.id"),
  col("customer_name", "order", "customer.name"),
  col("customer_phone", "order", "customer.phone"),
  col("customer_address", "order", "customer.address"),
  col("pickup_point_id", "order", "pickupPoint.id"),
  col("pickup_point_name", "order", "pickupPoint.name"),
  col("pickup_point_city", "order", "pickupPoint.city"),
  col("pickup_point_address", "order", "pickupPoint.address"),
  col("leader_id", "order", "pickupPoint.leader.id"),
  col("leader_name", "order", "pickupPoint.leader.name"),
  col("leader_phone", "order", "pickupPoint.leader.phone"),
  col("delivery_events", "order", "deliveryEvents", "json"),
  col("line_no", "item", "lineNo", "int"),
  col("sku", "item", "sku"),
  col("name", "item", "name"),
  col("category", "item", "category"),
  col("fresh", "item", "flags.fresh", "bool"),
  col("made_to_order", "item", "flags.madeToOrder", "bool"),
  col("digital", "item", "flags.digital", "bool"),
  col("periodical", "item", "flags.periodical", "bool"),
  col("near_expiry_confirmed", "item", "flags.nearExpiryConfirmed", "bool"),
  col("defective_confirmed", "item", "flags.defectiveConfirmed", "bool"),
  col("quantity", "item", "quantity", "int"),
  col("unit_price_fen", "item", "unitPriceFen", "int"),
  col("paid_fen", "item", "paidFen", "int"),
  col("weight_g", "item", "weightG", "int"),
  col("supply_batch_id", "item", "supply.batch.id"),
  col("supply_batch_produced_on", "item", "supply.batch.producedOn"),
  col("supply_batch_best_before", "item", "supply.batch.bestBefore"),
  col("supply_supplier_id", "item", "supply.supplier.id"),
  col("supply_supplier_name", "item", "supply.supplier.name"),
  col("supply_warehouse_id", "item", "supply.warehouse.id"),
  col("supply_warehouse_name", "item", "supply.warehouse.name"),
  col("supply_warehouse_city", "item", "supply.warehouse.city"),
  col("supply_sorted_at", "item", "supply.sortedAt"),
  col("supply_route_id", "item", "supply.route.id"),
  col("supply_route_name", "item", "supply.route.name"),
  col("supply_driver_id", "item", "supply.driver.id"),
  col("supply_driver_name", "item", "supply.driver.name"),
  col("supply_driver_phone", "item", "supply.driver.phone"),
  col("supply_delivered_at", "item", "supply.deliveredAt"),
  col("supply_picked_up_at", "item", "supply.pickedUpAt"),
];

/** The CSV header, in file order. */
export const ORDER_CSV_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);
/** Columns a file must have; the others may be left out. */
export const REQUIRED_CSV_COLUMNS: readonly string[] = ["order_id", "placed_at", "order_paid_fen", "customer_id", "line_no", "sku", "name", "quantity", "unit_price_fen"];

/** The cells of one CSV row, by column name. */
export type CsvRow = Record<string, string | undefined>;

/** One CSV row per item of the order, cells in ORDER_CSV_COLUMNS order. */
export function orderToCsvRows(order: OrderInput): string[][] {
  return order.items.map((item) => COLUMNS.map((c) => formatCell(readPath(c.level === "order" ? order : item, c.path), c.kind)));
}

/** A CSV record line (with its newline), quoting cells that need it (RFC 4180). */
export function formatCsvRecord(cells: readonly string[]): string {
  return `${cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")}\n`;
}

/**
 * Assembles an order from its rows. Cells that cannot be read (a number that is not one,
 * broken JSON) are reported; the result is unchecked and goes through the schema next.
 */
export function csvRowsToOrder(rows: readonly CsvRow[]): { value: Record<string, unknown>; errors: string[] } {
  const errors: string[] = [];
  const order: Record<string, unknown> = {};
  const items: Record<string, unknown>[] = [];
  rows.forEach((row, r) => {
    const item: Record<string, unknown> = {};
    for (const c of COLUMNS) {
      if (c.level === "order" && r > 0) continue;
      const cell = row[c.name];
      if (cell === undefined || cell === "") continue;
      const parsed = parseCell(cell, c.kind);
      if (!parsed.ok) errors.push(`${c.name}: ${parsed.error}`);
      else writePath(c.level === "order" ? order : item, c.path, parsed.value);
    }
    items.push(item);
  });
  order.items = items;
  return { value: order, errors };
}

function formatCell(value: unknown, kind: CellKind): string {
  if (value === undefined || value === null) return "";
  if (kind === "json") return JSON.stringify(value);
  return String(value);
}

function parseCell(cell: string, kind: CellKind): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (kind) {
    case "text":
      return { ok: true, value: cell };
    case "int":
      // Anything but an integer is passed on as text: the schema names the field and the problem.
      return { ok: true, value: /^-?\d{1,15}$/.test(cell) ? Number(cell) : cell };
    case "bool":
      if (cell === "true" || cell === "1") return { ok: true, value: true };
      if (cell === "false" || cell === "0") return { ok: true, value: false };
      return { ok: false, error: `expected true or false, got ${JSON.stringify(cell.slice(0, 20))}` };
    case "json":
      try {
        return { ok: true, value: JSON.parse(cell) };
      } catch {
        return { ok: false, error: "not valid JSON" };
      }
  }
}

function readPath(from: OrderInput | OrderItemInput, path: string[]): unknown {
  let value: unknown = from;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function writePath(into: Record<string, unknown>, path: string[], value: unknown): void {
  let target = into;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      target[key] = value;
      return;
    }
    const next = target[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next)) target = next as Record<string, unknown>;
    else target = target[key] = {};
  });
}
