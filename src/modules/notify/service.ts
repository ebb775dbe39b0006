/**
 * What the notification endpoints do: integrators manage their webhook subscriptions, operations
 * and integrators look at dead letters and put them back in the queue, agents see what was sent
 * about a case.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../../db/database.js";
import { forbidden, invalid, notFound, Problem } from "../../http/problem.js";
import { visibleTo } from "../cases/index.js";
import { maskPhone, type Principal } from "../people/index.js";
import type { Channel, ResolvedRecipient } from "./channels.js";
import { isTopicPattern, type ChannelName, type RecipientKind } from "./model.js";
import { newWebhookSecret } from "./signature.js";
import {
  deleteSubscription, deliveriesOfCase, findDelivery, findSubscription, insertSubscription, listDeadLetters, listSubscriptions,
  recipientKey, requeueDead, resolveRecipients, type DeliveryRow,
} from "./store.js";

export interface NotifyDeps {
  db: Db;
  clock: () => Date;
  /** the channel test pings go through */
  webhook: Channel;
}

/**
 * Whose subscriptions a caller manages: an integrator its own (by API key), operations all of
 * them (null). The routes admit no one else.
 */
function ownerScope(p: Principal): string | null {
  if (p.kind === "integrator") return p.keyId;
  if (p.kind === "staff" && p.role === "ops_admin") return null;
  throw forbidden("only integrators and operations manage webhooks");
}

export interface SubscriptionInput {
  url: string;
  topics: string[];
  description?: string;
}

/** Subscribes an integrator to events; the secret is in this answer and never again. */
export async function createSubscription(deps: NotifyDeps, p: Principal, input: SubscriptionInput) {
  if (p.kind !== "integrator") throw forbidden("a subscription belongs to an integrator's API key");
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid("url is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("url must be http or https");
  if (url.username || url.password) throw invalid("url must not carry credentials: requests are signed instead");
  const bad = input.topics.filter((t) => !isTopicPattern(t));
  if (bad.length) throw invalid(`not a topic pattern: ${bad.join(", ")} (segments of a-z, 0-9 and _, "*" for one segment, ">" at the end for the rest)`);
  const row = {
    id: `wh_${randomBytes(8).toString("hex")}`,
    owner_key_id: p.keyId,
    url: url.toString(),
    topics: [...new Set(input.topics)],
    description: input.description ?? "",
    secret: newWebhookSecret(),
    created_at: deps.clock(),
  };
  await insertSubscription(deps.db, row);
  return { ...subscriptionView(row), secret: row.secret };
}

export async function listSubscriptionsOf(deps: NotifyDeps, p: Principal) {
  return (await listSubscriptions(deps.db, ownerScope(p))).map(subscriptionView);
}

/** Ends a subscription; what was still queued for it is cancelled. */
export async function removeSubscription(deps: NotifyDeps, p: Principal, id: string) {
  const owner = ownerScope(p);
  if (!(await findSubscription(deps.db, id, owner))) throw notFound("webhook subscription", id);
  const now = deps.clock();
  await deps.db.transaction().execute((tx) => deleteSubscription(tx, id, now));
}

/** Sends a signed `webhook.ping` at once, outside the queue, and says how the receiver answered. */
export async function pingSubscription(deps: NotifyDeps, p: Principal, id: string) {
  const s = await findSubscription(deps.db, id, ownerScope(p));
  if (!s) throw notFound("webhook subscription", id);
  const pingId = randomUUID();
  const result = await deps.webhook.send(
    {
      key: `ping_${pingId}`,
      topic: "webhook.ping",
      channel: "webhook",
      recipient: { kind: "webhook", id: s.id },
      message: { kind: "webhook", event: { id: `evt_ping_${pingId}`, topic: "webhook.ping", occurredAt: deps.clock().toISOString(), data: { subscriptionId: s.id } } },
      attempt: 1,
    },
    { kind: "webhook", url: s.url, secret: s.secret },
  );
  return result.ok ? { delivered: true, detail: result.providerRef } : { delivered: false, detail: result.error };
}

/** Dead letters, newest first: operations see all, an integrator those of its subscriptions. */
export async function deadLetters(deps: NotifyDeps, p: Principal, page: { limit: number; before?: number }) {
  const rows = await listDeadLetters(deps.db, ownerScope(p), page.limit, page.before);
  return deliveryViews(deps.db, rows);
}

/** Puts a dead letter back in the queue for a fresh round of attempts. */
export async function retryDeadLetter(deps: NotifyDeps, p: Principal, id: number) {
  const d = await findDelivery(deps.db, id, ownerScope(p));
  if (!d) throw notFound("notification", String(id));
  const requeued = await requeueDead(deps.db, id, deps.clock());
  if (!requeued) throw new Problem(409, "conflict", "Not a dead letter", `notification ${id} is ${d.state}; only a dead letter can be retried`, { state: d.state });
  return { id: requeued.id, state: requeued.state, nextAttemptAt: requeued.next_attempt_at.toISOString() };
}

/** What was sent about a case, to whom (masked) and how it went. */
export async function notificationsOfCase(deps: NotifyDeps, p: Principal, caseId: string) {
  const visible = await deps.db.selectFrom("cases").select("id").where("id", "=", caseId).where(visibleTo(p)).executeTakeFirst();
  if (!visible) throw notFound("case", caseId);
  return deliveryViews(deps.db, await deliveriesOfCase(deps.db, caseId, 500));
}

function subscriptionView(s: { id: string; owner_key_id: string; url: string; topics: string[]; description: string; created_at: Date }) {
  return { id: s.id, ownerKeyId: s.owner_key_id, url: s.url, topics: s.topics, description: s.description, createdAt: s.created_at.toISOString() };
}

async function deliveryViews(db: Db, rows: DeliveryRow[]) {
  const refs = rows.map((r) => ({ kind: r.recipient_kind as RecipientKind, id: r.recipient_id }));
  const addresses = await resolveRecipients(db, refs);
  return rows.map((r, i) => ({
    id: r.id,
    eventId: `evt_${r.outbox_id}`,
    topic: r.topic,
    caseId: r.case_id,
    channel: r.channel as ChannelName,
    recipient: recipientKey(refs[i]!),
    to: maskedAddress(r.channel as ChannelName, addresses.get(recipientKey(refs[i]!)) ?? null),
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    text: r.message.kind === "webhook" ? null : r.message.text,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    nextAttemptAt: r.state === "pending" ? r.next_attempt_at.toISOString() : null,
  }));
}

/** Enough to recognise where a message went, not to reach the person: 139****5678, w***@…, a URL's origin. */
export function maskedAddress(channel: ChannelName, to: ResolvedRecipient | null): string | null {
  if (!to) return null;
  if (to.kind === "webhook") return new URL(to.url).origin;
  if (channel === "email") return to.email ? to.email.replace(/^(.).*@/, "$1***@") : null;
  return maskPhone(to.phone);
}
