import type { Db, DatabaseHandle } from "../db/database.js";
import { importOrders } from "../modules/orders/import.js";
import { createApiKey } from "../modules/people/credentials.js";
import { generateDemoOrders } from "./generator.js";

const DAY_MS = 86_400_000;

/**
 * Fills an empty database with a demo platform: `orders` orders over the last two weeks up
 * to now, so fresh claims fall inside their windows. A database that has orders is left as is.
 */
export async function loadDemoData(handle: DatabaseHandle, orders: number, now: Date, log: (line: string) => void): Promise<void> {
  const existing = await handle.db.selectFrom("orders").select("id").limit(1).executeTakeFirst();
  if (existing) return;
  const days = 14;
  const start = new Date(now.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  log(`loading ${orders} demo orders (${start} … today) — once, on the first start`);
  const summary = await importOrders(handle, generateDemoOrders({ seed: 2026, orders, days, startDate: start, asOf: now }), {
    onProgress: (p) => log(`  ${p.read} orders read, ${p.created} stored`),
  });
  log(`demo data ready: ${summary.created} orders in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
}

/** The demo integrator key, made once and kept (demo installations only) so it can be shown at every start. */
export async function demoApiKey(db: Db): Promise<string> {
  const stored = await db.selectFrom("settings").select("value").where("key", "=", "demo_api_key").executeTakeFirst();
  if (stored) return stored.value;
  const { key } = await createApiKey(db, "demo integrator");
  await db.insertInto("settings").values({ key: "demo_api_key", value: key }).execute();
  return key;
}

/** A few customers with orders picked up recently: the people to try claims as. */
export async function demoCustomers(db: Db, count: number): Promise<{ customerId: string; name: string; orderId: string }[]> {
  const rows = await db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .innerJoin("customers as c", "c.id", "o.customer_id")
    .select(["o.customer_id", "c.name", "o.id", "i.picked_up_at"])
    .where("i.picked_up_at", "is not", null)
    .orderBy("i.picked_up_at", "desc")
    .limit(count * 10)
    .execute();
  const seen = new Map<string, { customerId: string; name: string; orderId: string }>();
  for (const r of rows) if (!seen.has(r.customer_id) && seen.size < count) seen.set(r.customer_id, { customerId: r.customer_id, name: r.name, orderId: r.id });
  return [...seen.values()];
}
