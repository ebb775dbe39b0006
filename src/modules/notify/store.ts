/**
 * The notify module's SQL. Besides its own tables it reads — only reads — the outbox, and the few
 * columns of other modules it needs to find people: a case's customer, owner and pickup point's
 * leader when routing, and a recipient's phone number just before sending.
 */
import { sql } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { ChannelName, NotificationMessage, RecipientRef } from "./model.js";
import type { ResolvedRecipient } from "./channels.js";
import type {} from "./tables.js";

// ---- relay ---------------------------------------------------------------------------------

/** The oldest unpublished outbox rows no other relay holds, locked until the caller commits. */
export async function claimOutbox(tx: Queryable, limit: number) {
  return tx
    .selectFrom("outbox")
    .select(["id", "topic", "aggregate_id", "payload", "created_at"])
    .where("published_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markPublished(tx: Queryable, ids: number[], now: Date) {
  if (ids.length) await tx.updateTable("outbox").set({ published_at: now }).where("id", "in", ids).execute();
}

/** Customer, owner and pickup-point leader of each case. */
export async function caseFacts(tx: Queryable, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return tx
    .selectFrom("cases")
    .leftJoin("pickup_points", "pickup_points.id", "cases.pickup_point_id")
    .select(["cases.id", "cases.customer_id", "cases.owner_id", "pickup_points.leader_id"])
    .where("cases.id", "in", caseIds)
    .execute();
}

export async function activeSupervisors(tx: Queryable) {
  return tx.selectFrom("staff").select(["id", "on_duty"]).where("role", "=", "supervisor").where("disabled_at", "is", null).orderBy("id").execute();
}

export async function liveSubscriptions(tx: Queryable) {
  return tx.selectFrom("webhook_subscriptions").select(["id", "topics"]).where("deleted_at", "is", null).orderBy("id").execute();
}

export interface NewDelivery {
  outbox_id: number;
  topic: string;
  case_id: string | null;
  channel: ChannelName;
  recipient: RecipientRef;
  message: NotificationMessage;
}

/** Inserts deliveries once: a row already there for the event, channel and recipient is left alone. */
export async function insertDeliveries(tx: Queryable, rows: NewDelivery[], now: Date) {
  // well under PostgreSQL's 65,535 parameters per statement
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto("notification_deliveries")
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          outbox_id: r.outbox_id, topic: r.topic, case_id: r.case_id, channel: r.channel, recipient_kind: r.recipient.kind, recipient_id: r.recipient.id,
          message: JSON.stringify(r.message), next_attempt_at: now, created_at: now, updated_at: now,
        })),
      )
      .onConflict((oc) => oc.constraint("notification_deliveries_once").doNothing())
      .execute();
  }
}

// ---- sender --------------------------------------------------------------------------------

/**
 * Ends deliveries whose sender died mid-send once too often: a message that brings its sender down
 * every time must not be taken up forever.
 */
export async function killExhaustedLeases(tx: Queryable, now: Date, maxAttempts: number) {
  await tx
    .updateTable("notification_deliveries")
    .set({ state: "dead", last_error: "the sender stopped during the last attempt", lease_until: null, updated_at: now })
    .where("state", "=", "sending")
    .where("lease_until", "<", now)
    .where("attempts", ">=", maxAttempts)
    .execute();
}

/**
 * Claims due deliveries, and those whose lease ran out, for one attempt each: marks them sending
 * until `leaseUntil`, so the network calls happen after this commits, outside any transaction.
 */
export async function claimDueDeliveries(tx: Queryable, now: Date, leaseUntil: Date, limit: number) {
  const rows = await tx
    .updateTable("notification_deliveries")
    .set({ state: "sending", attempts: sql<number>`attempts + 1`, lease_until: leaseUntil, updated_at: now })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("notification_deliveries")
        .select("id")
        .where((w) => w.or([w.and([w("state", "=", "pending"), w("next_attempt_at", "<=", now)]), w.and([w("state", "=", "sending"), w("lease_until", "<", now)])]))
        .orderBy("next_attempt_at")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(["id", "topic", "channel", "recipient_kind", "recipient_id", "message", "attempts"])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Records an attempt's outcome, unless the lease was lost meanwhile and another sender took the row. */
export async function recordAttempt(
  db: Queryable,
  claimed: { id: number; attempts: number },
  set: { state: "sent"; provider_ref: string; sent_at: Date; updated_at: Date } | { state: "pending" | "dead"; last_error: string; next_attempt_at?: Date; updated_at: Date },
) {
  await db
    .updateTable("notification_deliveries")
    .set({ ...set, lease_until: null })
    .where("id", "=", claimed.id)
    .where("state", "=", "sending")
    .where("attempts", "=", claimed.attempts)
    .execute();
}

/** Staff have no e-mail column yet: mail goes to their login at the company's domain. */
export const STAFF_MAIL_DOMAIN = "staff.anxin.example";

const refKey = (r: RecipientRef) => `${r.kind}:${r.id}`;

/**
 * The addresses behind recipient ids, looked up when they are needed (to send, or to show masked).
 * Missing, disabled or deleted recipients map to null.
 */
export async function resolveRecipients(db: Queryable, refs: RecipientRef[]): Promise<Map<string, ResolvedRecipient | null>> {
  const ids = (kind: RecipientRef["kind"]) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
  const found = new Map<string, ResolvedRecipient | null>(refs.map((r) => [refKey(r), null]));
  const [customers, leaders, staff, hooks] = [ids("customer"), ids("leader"), ids("staff"), ids("webhook")];
  if (customers.length)
    for (const c of await db.selectFrom("customers").select(["id", "name", "phone"]).where("id", "in", customers).execute())
      found.set(`customer:${c.id}`, { kind: "person", name: c.name, phone: c.phone, email: null });
  if (leaders.length)
    for (const l of await db.selectFrom("leaders").select(["id", "name", "phone"]).where("id", "in", leaders).execute())
      found.set(`leader:${l.id}`, { kind: "person", name: l.name, phone: l.phone, email: null });
  if (staff.length)
    for (const s of await db.selectFrom("staff").select(["id", "name", "login", "phone"]).where("id", "in", staff).where("disabled_at", "is", null).execute())
      found.set(`staff:${s.id}`, { kind: "person", name: s.name, phone: s.phone, email: `${s.login}@${STAFF_MAIL_DOMAIN}` });
  if (hooks.length)
    for (const h of await db.selectFrom("webhook_subscriptions").select(["id", "url", "secret"]).where("id", "in", hooks).where("deleted_at", "is", null).execute())
      found.set(`webhook:${h.id}`, { kind: "webhook", url: h.url, secret: h.secret });
  return found;
}

export { refKey as recipientKey };

// ---- subscriptions and the views -----------------------------------------------------------

export async function insertSubscription(db: Queryable, row: { id: string; owner_key_id: string; url: string; topics: string[]; description: string; secret: string; created_at: Date }) {
  await db.insertInto("webhook_subscriptions").values(row).execute();
}

const SUBSCRIPTION_COLUMNS = ["id", "owner_key_id", "url", "topics", "description", "created_at"] as const;

/** Live subscriptions: of one integrator's key, or all of them (ownerKeyId null). */
export async function listSubscriptions(db: Queryable, ownerKeyId: string | null) {
  let q = db.selectFrom("webhook_subscriptions").select(SUBSCRIPTION_COLUMNS).where("deleted_at", "is", null);
  if (ownerKeyId !== null) q = q.where("owner_key_id", "=", ownerKeyId);
  return q.orderBy("created_at").orderBy("id").execute();
}

export async function findSubscription(db: Queryable, id: string, ownerKeyId: string | null) {
  let q = db.selectFrom("webhook_subscriptions").select([...SUBSCRIPTION_COLUMNS, "secret"]).where("id", "=", id).where("deleted_at", "is", null);
  if (ownerKeyId !== null) q = q.where("owner_key_id", "=", ownerKeyId);
  return q.executeTakeFirst();
}

/** Ends a subscription and what is still queued for it; what was sent stays on record. */
export async function deleteSubscription(tx: Queryable, id: string, now: Date) {
  await tx.updateTable("webhook_subscriptions").set({ deleted_at: now }).where("id", "=", id).execute();
  await tx
    .updateTable("notification_deliveries")
    .set({ state: "cancelled", last_error: "the subscription was deleted", lease_until: null, updated_at: now })
    .where("recipient_kind", "=", "webhook")
    .where("recipient_id", "=", id)
    .where("state", "in", ["pending", "sending"])
    .execute();
}

const DELIVERY_COLUMNS = ["d.id", "d.outbox_id", "d.topic", "d.case_id", "d.channel", "d.recipient_kind", "d.recipient_id", "d.message", "d.state", "d.attempts", "d.next_attempt_at", "d.last_error", "d.provider_ref", "d.created_at", "d.updated_at", "d.sent_at"] as const;

/** Dead letters, newest first: all of them, or those of one integrator's live subscriptions. */
export async function listDeadLetters(db: Queryable, ownerKeyId: string | null, limit: number, before?: number) {
  let q = db.selectFrom("notification_deliveries as d").select(DELIVERY_COLUMNS).where("d.state", "=", "dead");
  if (ownerKeyId !== null)
    q = q
      .where("d.recipient_kind", "=", "webhook")
      .where("d.recipient_id", "in", (eb) => eb.selectFrom("webhook_subscriptions as s").select("s.id").where("s.owner_key_id", "=", ownerKeyId).where("s.deleted_at", "is", null));
  if (before !== undefined) q = q.where("d.id", "<", before);
  return q.orderBy("d.id", "desc").limit(limit).execute();
}

/** A delivery the caller may act on: any for operations, one of their live subscriptions' for an integrator. */
export async function findDelivery(db: Queryable, id: number, ownerKeyId: string | null) {
  let q = db.selectFrom("notification_deliveries as d").select(DELIVERY_COLUMNS).where("d.id", "=", id);
  if (ownerKeyId !== null)
    q = q
      .where("d.recipient_kind", "=", "webhook")
      .where("d.recipient_id", "in", (eb) => eb.selectFrom("webhook_subscriptions as s").select("s.id").where("s.owner_key_id", "=", ownerKeyId).where("s.deleted_at", "is", null));
  return q.executeTakeFirst();
}

/** Puts a dead letter back in the queue with a fresh round of attempts; undefined if it is not dead. */
export async function requeueDead(db: Queryable, id: number, now: Date) {
  return db
    .updateTable("notification_deliveries")
    .set({ state: "pending", attempts: 0, next_attempt_at: now, lease_until: null, updated_at: now })
    .where("id", "=", id)
    .where("state", "=", "dead")
    .returning(["id", "state", "next_attempt_at"])
    .executeTakeFirst();
}

export async function deliveriesOfCase(db: Queryable, caseId: string, limit: number) {
  return db.selectFrom("notification_deliveries as d").select(DELIVERY_COLUMNS).where("d.case_id", "=", caseId).orderBy("d.id").limit(limit).execute();
}
export type DeliveryRow = Awaited<ReturnType<typeof deliveriesOfCase>>[number];
