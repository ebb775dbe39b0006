import type { Queryable } from "./database.js";

/** A domain event on its way out. */
export interface OutboxRow {
  topic: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/** Writes domain events to the outbox, in the caller's transaction; a relay publishes them later. */
export async function appendOutbox(db: Queryable, rows: OutboxRow[]) {
  if (rows.length === 0) return;
  await db.insertInto("outbox").values(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload) }))).execute();
}
