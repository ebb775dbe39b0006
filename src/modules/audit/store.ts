import type { Selectable } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { AuditLogTable } from "../../db/schema.js";

/** One audit entry as written: the table's row without its id, its data as an object. */
export type AuditEntry = Omit<Selectable<AuditLogTable>, "id" | "data"> & { data: Record<string, unknown> };

export async function appendAudit(db: Queryable, e: AuditEntry) {
  await db.insertInto("audit_log").values({ ...e, data: JSON.stringify(e.data) }).execute();
}

export async function listAudit(db: Queryable, filter: { actor?: string; target?: string; before?: string }, limit: number) {
  let q = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit);
  if (filter.actor) q = q.where("actor", "=", filter.actor);
  if (filter.target) q = q.where("target", "=", filter.target);
  if (filter.before) q = q.where("id", "<", filter.before);
  return q.execute();
}
