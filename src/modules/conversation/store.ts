import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { Principal } from "../people/index.js";
import { visibleTo } from "../cases/index.js";
import type { MessageRecord, ScriptAudience, Side } from "./model.js";
import "./tables.js";

/** True if the case exists and the caller may see it (the cases module's scope). */
export async function caseIsVisible(db: Queryable, caseId: string, viewer: Principal): Promise<boolean> {
  const row = await db.selectFrom("cases").select("id").where("id", "=", caseId).where(visibleTo(viewer)).executeTakeFirst();
  return row !== undefined;
}

/** Of these cases, the ids the caller may see: one query for a batch of stream events. */
export async function visibleCaseIds(db: Queryable, caseIds: string[], viewer: Principal): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db.selectFrom("cases").select("id").where("id", "in", caseIds).where(visibleTo(viewer)).execute();
  return new Set(rows.map((r) => r.id));
}

// ── messages ────────────────────────────────────────────────────────────────

/** A message to store: the record without its id, which the database assigns. */
export type NewMessage = Omit<MessageRecord, "id">;

export async function insertMessage(db: Queryable, m: NewMessage) {
  return db.insertInto("case_messages").values(m).returningAll().executeTakeFirstOrThrow();
}

/** A page of a case's conversation, oldest first: after an id (paging forward, polling) or just before one. */
export async function listMessages(db: Queryable, caseId: string, page: { after?: number; before?: number; limit: number }) {
  let q = db.selectFrom("case_messages").selectAll().where("case_id", "=", caseId).limit(page.limit);
  if (page.before !== undefined) {
    const rows = await q.where("id", "<", page.before).orderBy("id", "desc").execute();
    return rows.reverse();
  }
  if (page.after !== undefined) q = q.where("id", ">", page.after);
  return q.orderBy("id").execute();
}

/** How far each side has read, and how many messages of the other side this side has not. */
export async function readState(db: Queryable, caseId: string, side: Side) {
  const other: Side = side === "customer" ? "staff" : "customer";
  const row = await db
    .selectNoFrom([
      sql<number>`coalesce((select read_up_to from case_message_reads where case_id = ${caseId} and side = ${side}), 0)`.as("mine"),
      sql<number>`coalesce((select read_up_to from case_message_reads where case_id = ${caseId} and side = ${other}), 0)`.as("theirs"),
      sql<number>`(select count(*) from case_messages m where m.case_id = ${caseId} and m.side = ${other}
        and m.id > coalesce((select read_up_to from case_message_reads where case_id = ${caseId} and side = ${side}), 0))::int`.as("unread"),
    ])
    .executeTakeFirstOrThrow();
  return { readUpTo: Number(row.mine), otherSideReadUpTo: Number(row.theirs), unread: row.unread };
}

/**
 * Moves a side's read marker forward to upTo, never past the case's last message (a marker ahead
 * of the conversation would swallow messages not yet written) and never back.
 */
export async function markRead(db: Queryable, caseId: string, side: Side, upTo: number, now: Date) {
  await sql`
    insert into case_message_reads (case_id, side, read_up_to, read_at)
    select ${caseId}, ${side}, least(${upTo}::bigint, coalesce(max(id), 0)), ${now}
    from case_messages where case_id = ${caseId}
    on conflict (case_id, side) do update
      set read_up_to = greatest(case_message_reads.read_up_to, excluded.read_up_to), read_at = excluded.read_at`.execute(db);
}

/**
 * How many of these photos the customer uploaded. Reads the evidence module's table: like the
 * claim's history check (cases/store.ts), ownership is one query where it is needed.
 */
export async function ownedEvidence(db: Queryable, customerId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db.selectFrom("evidence").select(sql<number>`count(*)::int`.as("n")).where("customer_id", "=", customerId).where("id", "in", ids).executeTakeFirstOrThrow();
  return row.n;
}

// ── reply scripts ───────────────────────────────────────────────────────────

export interface ScriptFilter {
  categories?: string[];
  audiences?: ScriptAudience[];
  q?: string;
  includeInactive?: boolean;
}

/** The current version of each script matching the filter, by category then title. */
export async function listScripts(db: Queryable, f: ScriptFilter) {
  let q = db.selectFrom("reply_scripts").selectAll().where("superseded_at", "is", null).orderBy("category").orderBy("title").orderBy("id");
  if (!f.includeInactive) q = q.where("active", "=", true);
  if (f.categories?.length) q = q.where("category", "in", f.categories);
  if (f.audiences?.length) q = q.where("audience", "in", f.audiences);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("title", "ilike", pattern), eb("body", "ilike", pattern)]));
  }
  return q.limit(500).execute();
}

/** The current version of a script; locked when a new version is about to be written. */
export async function currentScript(db: Queryable, id: string, lock = false) {
  const q = db.selectFrom("reply_scripts").selectAll().where("id", "=", id).where("superseded_at", "is", null);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}
export type ScriptRow = NonNullable<Awaited<ReturnType<typeof currentScript>>>;

/** Every version of a script, newest first: the history a message's script version points into. */
export async function scriptVersions(db: Queryable, id: string) {
  return db.selectFrom("reply_scripts").selectAll().where("id", "=", id).orderBy("version", "desc").execute();
}

export async function insertScript(db: Queryable, s: Omit<ScriptRow, "superseded_at">) {
  return db.insertInto("reply_scripts").values(s).returningAll().executeTakeFirstOrThrow();
}

export async function supersedeScript(db: Queryable, id: string, version: number, now: Date) {
  await db.updateTable("reply_scripts").set({ superseded_at: now }).where("id", "=", id).where("version", "=", version).execute();
}

// ── the outbox, read by the staff event stream ─────────────────────────────

/** The newest outbox id: where a stream that starts now begins. */
export async function lastOutboxId(db: Queryable): Promise<number> {
  const row = await db.selectFrom("outbox").select(sql<number>`coalesce(max(id), 0)`.as("id")).executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Outbox rows after an id (and up to one, for a replay), oldest first. Served by the primary key. */
export async function outboxAfter(db: Queryable, after: number, limit: number, upTo?: number) {
  let q = db.selectFrom("outbox").select(["id", "topic", "aggregate_id", "payload", "created_at"]).where("id", ">", after).orderBy("id").limit(limit);
  if (upTo !== undefined) q = q.where("id", "<=", upTo);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
