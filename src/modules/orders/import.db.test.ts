import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminUrl, openTestDatabase, testDatabaseKind } from "../../../test/db.js";
import type { DatabaseHandle } from "../../db/database.js";
import { demoOrders } from "../../demo/generator.js";
import { ORDER_CSV_COLUMNS, formatCsvRecord, orderToCsvRows } from "./csv.js";
import { importOrders, type ImportOptions } from "./import.js";
import type { OrderInput } from "./model.js";
import { openOrderFile } from "./order-file.js";

const kind = testDatabaseKind();
let handle: DatabaseHandle;
let dir: string;
let options: ImportOptions;

const november = demoOrders(2000, 11, { startDate: "2026-11-01", days: 10 });
const december = demoOrders(2000, 12, { startDate: "2026-12-01", days: 10 });

const ndjson = (orders: OrderInput[]) => orders.map((o) => JSON.stringify(o)).join("\n") + "\n";
const csv = (orders: OrderInput[]) => [ORDER_CSV_COLUMNS, ...orders.flatMap(orderToCsvRows)].map(formatCsvRecord).join("");

async function importFile(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  const file = await openOrderFile(path);
  return importOrders(handle, file.orders, options);
}

async function count(table: "orders" | "order_items" | "customers" | "batches" | "pickup_points"): Promise<number> {
  const row = await handle.db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return row.n;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "anxin-import-"));
  // On the server the import COPYs over a connection of its own, to the same database.
  const current = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
  options = { batchSize: 500, ...(kind === "postgres" ? { databaseUrl: adminUrl(current.rows[0]!.name) } : {}) };
});

afterAll(async () => {
  await handle?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`importOrders on ${kind}`, () => {
  it("imports 2,000 orders from NDJSON, then reports all unchanged on re-import and from the same orders as CSV", async () => {
    const first = await importFile("november.ndjson", ndjson(november));
    expect(first).toMatchObject({ read: 2000, created: 2000, updated: 0, unchanged: 0, rejected: 0, method: kind === "postgres" ? "copy" : "ingest" });
    expect(await count("orders")).toBe(2000);
    expect(await count("order_items")).toBe(november.reduce((n, o) => n + o.items.length, 0));
    expect(await count("customers")).toBe(new Set(november.map((o) => o.customer.id)).size);
    expect(await count("batches")).toBe(new Set(november.flatMap((o) => o.items.flatMap((i) => i.supply?.batch?.id ?? []))).size);

    const again = await importFile("november-again.ndjson", ndjson(november));
    expect(again).toMatchObject({ read: 2000, created: 0, updated: 0, unchanged: 2000, rejected: 0 });
    const asCsv = await importFile("november.csv", csv(november));
    expect(asCsv).toMatchObject({ read: 2000, created: 0, updated: 0, unchanged: 2000, rejected: 0 });
  });

  it("imports 2,000 orders from CSV with their supply chain", async () => {
    const summary = await importFile("december.csv", csv(december));
    expect(summary).toMatchObject({ read: 2000, created: 2000, rejected: 0 });
    expect(await count("orders")).toBe(4000);
    const sample = december[0]!;
    const line = sample.items[0]!;
    const stored = await handle.db.selectFrom("order_items").selectAll().where("id", "=", `${sample.id}#1`).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ sku: line.sku, quantity: line.quantity, paid_fen: line.paidFen, batch_id: line.supply?.batch?.id ?? null, route_id: line.supply?.route?.id ?? null });
    const batch = await handle.db.selectFrom("batches").selectAll().where("id", "=", line.supply?.batch?.id ?? "").executeTakeFirst();
    if (line.supply?.batch) expect(batch).toMatchObject({ supplier_id: line.supply.supplier?.id, produced_on: line.supply.batch.producedOn });
  });

  it("reports exactly the bad lines, with their line numbers and reasons, and imports the rest", async () => {
    const orders = demoOrders(50, 13, { startDate: "2027-01-01", days: 2 });
    const lines = orders.map((o) => JSON.stringify(o));
    lines[4] = "{ this is not json";
    lines[16] = JSON.stringify({ ...orders[16]!, items: orders[16]!.items.map((i) => ({ ...i, quantity: 0 })) });
    lines[29] = JSON.stringify({ ...orders[29]!, paidFen: orders[29]!.paidFen + 1 });
    const summary = await importFile("bad.ndjson", lines.join("\n") + "\n");
    expect(summary).toMatchObject({ read: 50, created: 47, rejected: 3 });
    expect(summary.rejections.map((r) => r.line)).toEqual([5, 17, 30]);
    expect(summary.rejections[0]!.errors[0]).toContain("not valid JSON");
    expect(summary.rejections[1]!.errors.join()).toContain("/items/0/quantity");
    expect(summary.rejections[2]!.errors.join()).toContain("paidFen");
  });

  it("reports a bad CSV row by its line and keeps the other orders", async () => {
    const orders = demoOrders(5, 14, { startDate: "2027-02-01", days: 1 });
    const rows = orders.flatMap(orderToCsvRows);
    const badRow = orders[0]!.items.length + 1; // first row of the second order, after the header
    const quantity = ORDER_CSV_COLUMNS.indexOf("quantity");
    rows[badRow - 1]![quantity] = "three";
    const summary = await importFile("bad.csv", [ORDER_CSV_COLUMNS, ...rows].map(formatCsvRecord).join(""));
    expect(summary).toMatchObject({ read: 5, created: 4, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({ line: badRow + 1, orderId: orders[1]!.id });
  });

  it("keeps the claims of claimed lines and rejects a change that would undercut one", async () => {
    const [kept, undercut] = november;
    await handle.db.updateTable("order_items").set({ claimed_quantity: 1, claimed_fen: 1 }).where("id", "in", [`${kept!.id}#1`, `${undercut!.id}#1`]).execute();
    const pickedUpLater = { ...kept!, items: kept!.items.map((i) => ({ ...i, supply: { ...i.supply, pickedUpAt: "2026-12-31T20:00:00+08:00" } })) };
    const dropped = { ...undercut!, items: undercut!.items.slice(1), paidFen: undercut!.paidFen - (undercut!.items[0]!.paidFen ?? 0) };
    const summary = await importFile("claims.ndjson", ndjson([pickedUpLater, dropped]));
    expect(summary).toMatchObject({ updated: 1, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({ kind: "conflict", line: 2, orderId: undercut!.id });
    const line = await handle.db.selectFrom("order_items").selectAll().where("id", "=", `${kept!.id}#1`).executeTakeFirstOrThrow();
    expect(line).toMatchObject({ claimed_quantity: 1, claimed_fen: 1 });
    expect(line.picked_up_at?.toISOString()).toBe("2026-12-31T12:00:00.000Z");
  });

  it("removes the lines a changed order no longer has", async () => {
    const order = december.find((o) => o.items.length >= 2)!;
    const shorter = { ...order, items: order.items.slice(0, 1), paidFen: (order.items[0]!.paidFen ?? 0) + (order.shippingFen ?? 0) };
    const summary = await importFile("shorter.ndjson", ndjson([shorter]));
    expect(summary).toMatchObject({ updated: 1, rejected: 0 });
    const lines = await handle.db.selectFrom("order_items").select("id").where("order_id", "=", order.id).execute();
    expect(lines.map((l) => l.id)).toEqual([`${order.id}#1`]);
  });

  it("takes orders straight from the generator, without a file", async () => {
    const summary = await importOrders(handle, demoOrders(30, 15, { startDate: "2027-03-01", days: 1 }), options);
    expect(summary).toMatchObject({ read: 30, created: 30, rejected: 0 });
  });
});
