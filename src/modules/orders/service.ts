import type { Db, Queryable } from "../../db/database.js";
import { Problem, invalid } from "../../http/problem.js";
import { checkOrder, claimConflicts, orderContentHash, orderItemId, type OrderInput } from "./model.js";
import { claimedLines, deleteUnclaimedDroppedLines, findOrderHashes, upsertReferences, writeOrder } from "./store.js";

export type IngestStatus = "created" | "updated" | "unchanged";

/**
 * Inserts or updates one order by the platform's id. Re-sending the same order is a no-op;
 * a changed order is rewritten, except that a claimed line may not shrink below its claim.
 */
export async function ingestOrder(db: Db, order: OrderInput, now: Date): Promise<IngestStatus> {
  const checked = checkOrder(order);
  if (!checked.ok) throw invalid("the order does not add up", checked.errors);
  const hash = orderContentHash(order);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom("orders").select("content_hash").where("id", "=", order.id).forUpdate().executeTakeFirst();
    if (existing?.content_hash === hash) return "unchanged";
    if (existing) await guardClaims(tx, order, checked.totals.linePaid);
    await upsertReferences(tx, [order]);
    await writeOrder(tx, order, checked.totals, hash, now);
    return existing ? "updated" : "created";
  });
}

/**
 * Before an existing order is rewritten: a claimed line may not shrink below its claim nor be
 * dropped; the unclaimed lines the new version drops are deleted.
 */
async function guardClaims(tx: Queryable, order: OrderInput, linePaid: number[]): Promise<void> {
  const conflicts = claimConflicts(order, linePaid, await claimedLines(tx, [order.id]));
  if (conflicts.length)
    throw new Problem(409, "order-conflict", "Order change conflicts with after-sales claims", conflicts.join("; "), { conflicts });
  await deleteUnclaimedDroppedLines(tx, order.id, order.items.map((i) => orderItemId(order.id, i.lineNo)));
}

/**
 * Ingests many orders in one transaction (the import path on PGlite, and the API's batches).
 * Orders whose content is unchanged are skipped; invalid ones are reported, not written.
 */
export async function ingestOrders(
  db: Db,
  orders: OrderInput[],
  now: Date,
): Promise<{ created: number; updated: number; unchanged: number; rejected: { id: string; errors: string[] }[] }> {
  const result = { created: 0, updated: 0, unchanged: 0, rejected: [] as { id: string; errors: string[] }[] };
  // the same order twice in one batch: the later version is the one that counts
  const latest = new Map<string, { order: OrderInput; hash: string; totals: ReturnType<typeof checkOrder> & { ok: true } }>();
  for (const order of orders) {
    const checked = checkOrder(order);
    if (!checked.ok) result.rejected.push({ id: order.id, errors: checked.errors });
    else {
      latest.delete(order.id);
      latest.set(order.id, { order, hash: orderContentHash(order), totals: checked });
    }
  }
  const valid = [...latest.values()];
  await db.transaction().execute(async (tx) => {
    const known = await findOrderHashes(tx, valid.map((v) => v.order.id), { lock: true });
    const changed = valid.filter((v) => known.get(v.order.id) !== v.hash);
    result.unchanged = valid.length - changed.length;
    await upsertReferences(tx, changed.map((v) => v.order));
    for (const v of changed) {
      if (known.has(v.order.id)) {
        await guardClaims(tx, v.order, v.totals.totals.linePaid);
        result.updated++;
      } else result.created++;
      await writeOrder(tx, v.order, v.totals.totals, v.hash, now);
    }
  });
  return result;
}
