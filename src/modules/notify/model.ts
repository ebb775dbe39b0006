/**
 * Who is told what, on which channel: pure rules over an outbox event and the few facts the relay
 * looked up for it. No database, no clock, no randomness (the caller passes them).
 */
import { isStaffRole } from "../people/index.js";
import { caseSubmittedToLeader, customerMessageToOwner, escalatedToSupervisor, slaBreachedToSupervisor, slaWarningToStaff, stageChangedToCustomer, staffReplyToCustomer } from "./templates.js";

export const CHANNELS = ["sms", "wechat", "email", "webhook"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const RECIPIENT_KINDS = ["customer", "leader", "staff", "webhook"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** Who a delivery goes to, by id: phone numbers and addresses are looked up at send time, never stored. */
export interface RecipientRef {
  kind: RecipientKind;
  id: string;
}

/** The body an integrator receives, and signs against (see signature.ts). */
export interface WebhookEvent {
  /** the event's id, the same for every subscriber and every retry: evt_<outbox id> */
  id: string;
  topic: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** What a delivery carries, rendered when the event is routed so a retry sends the same words. */
export type NotificationMessage =
  | { kind: "sms"; text: string }
  | { kind: "wechat"; template: string; fields: Record<string, string>; text: string }
  | { kind: "email"; subject: string; text: string }
  | { kind: "webhook"; event: WebhookEvent };

/** One outbox row as the relay hands it on. */
export interface OutboxEvent {
  id: number;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

/** The people around a case, as the relay found them when it routed the event. */
export interface CaseFacts {
  caseId: string;
  customerId: string;
  ownerId: string | null;
  /** the leader (团长) of the case's pickup point */
  leaderId: string | null;
}

export interface RoutingContext {
  kase: CaseFacts | null;
  /** supervisors who are not disabled */
  supervisors: readonly { id: string; onDuty: boolean }[];
  /** live webhook subscriptions */
  subscriptions: readonly { id: string; topics: readonly string[] }[];
}

export interface PlannedDelivery {
  channel: ChannelName;
  recipient: RecipientRef;
  message: NotificationMessage;
}

const text = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

/** The case an event is about: the payload says so, or a case.* event's aggregate is the case. */
export function caseIdOf(event: Pick<OutboxEvent, "topic" | "aggregateId" | "payload">): string | null {
  return text(event.payload.caseId) ?? (event.topic.startsWith("case.") ? event.aggregateId : null);
}

/**
 * Routes one event. People are told only what concerns them, in plain zh-CN, with no phone
 * number or address in the words; integrators get every event their subscriptions match.
 */
export function routeEvent(event: OutboxEvent, ctx: RoutingContext): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  const caseId = caseIdOf(event) ?? "";
  const kase = ctx.kase;
  const customerId = text(event.payload.customerId) ?? kase?.customerId ?? null;
  switch (event.topic) {
    case "case.stage_changed": {
      const stage = text(event.payload.stage);
      if (!customerId || !stage) break;
      const m = stageChangedToCustomer(caseId, stage);
      out.push({ channel: "sms", recipient: { kind: "customer", id: customerId }, message: { kind: "sms", text: m.sms } });
      out.push({ channel: "wechat", recipient: { kind: "customer", id: customerId }, message: m.wechat });
      break;
    }
    case "message.posted": {
      const author = text(event.payload.authorRole);
      if (author === "customer") {
        // 首问负责: the owner answers; an unowned case is in the queue, where the message shows anyway
        if (kase?.ownerId) out.push({ channel: "email", recipient: { kind: "staff", id: kase.ownerId }, message: customerMessageToOwner(caseId) });
      } else if (author && isStaffRole(author) && customerId) {
        out.push({ channel: "wechat", recipient: { kind: "customer", id: customerId }, message: staffReplyToCustomer(caseId) });
      }
      break;
    }
    case "case.submitted":
      if (kase?.leaderId) out.push({ channel: "wechat", recipient: { kind: "leader", id: kase.leaderId }, message: caseSubmittedToLeader(caseId) });
      break;
    case "sla.warning": {
      // 首问负责: the owner acts before the deadline; an unowned case, the supervisors on duty
      const message = slaWarningToStaff(caseId, text(event.payload.kind));
      for (const id of kase?.ownerId ? [kase.ownerId] : supervisorsToTell(ctx.supervisors)) out.push({ channel: "email", recipient: { kind: "staff", id }, message });
      break;
    }
    case "sla.breached": {
      // a breach that escalated the case to a supervisor is told by its case.escalated
      if (text(event.payload.escalatedTo)) break;
      const message = slaBreachedToSupervisor(caseId, text(event.payload.kind));
      for (const id of supervisorsToTell(ctx.supervisors)) out.push({ channel: "email", recipient: { kind: "staff", id }, message });
      break;
    }
    case "case.escalated": {
      // the supervisor it went to; with nobody picked, the supervisors (supervisorsToTell)
      const to = text(event.payload.supervisorId);
      const message = escalatedToSupervisor(caseId, event.payload.level);
      for (const id of to ? [to] : supervisorsToTell(ctx.supervisors)) out.push({ channel: "email", recipient: { kind: "staff", id }, message });
      break;
    }
  }
  for (const s of ctx.subscriptions) {
    if (!s.topics.some((p) => topicMatches(p, event.topic))) continue;
    out.push({ channel: "webhook", recipient: { kind: "webhook", id: s.id }, message: { kind: "webhook", event: webhookEventOf(event) } });
  }
  return out;
}

/** The supervisors on duty; if nobody is on duty, all of them, so a breach is never told to no one. */
export function supervisorsToTell(supervisors: RoutingContext["supervisors"]): string[] {
  const onDuty = supervisors.filter((s) => s.onDuty);
  return (onDuty.length ? onDuty : supervisors).map((s) => s.id);
}

/** The body integrators receive for an event: its payload without personal data. */
export function webhookEventOf(event: OutboxEvent): WebhookEvent {
  return { id: `evt_${event.id}`, topic: event.topic, occurredAt: event.occurredAt, data: scrubPersonalData(event.payload) };
}

const PERSONAL_KEY = /phone|mobile|tel$|address|email|idcard/i;
const IDENTIFIER_KEY = /^id$|Ids?$/;
const MAINLAND_MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/**
 * A copy without personal data: keys that name a phone, address or e-mail are dropped, and a
 * mobile number written inside any text is masked. Events carry ids, not contacts; this makes
 * sure one added to a payload later does not leak to integrators.
 */
export function scrubPersonalData<T>(value: T): T {
  if (typeof value === "string") return value.replace(MAINLAND_MOBILE, "$1****$2") as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubPersonalData(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (PERSONAL_KEY.test(k)) continue;
      // an identifier is kept as it is, even one that happens to look like a mobile number
      out[k] = IDENTIFIER_KEY.test(k) ? v : scrubPersonalData(v);
    }
    return out as T;
  }
  return value;
}

const SEGMENT = /^[a-z0-9_]+$/;

/**
 * A subscription's topic pattern, NATS style so the same patterns will work on a NATS subject:
 * dot-separated segments, `*` for exactly one segment, `>` (last only) for one or more.
 */
export function isTopicPattern(pattern: string): boolean {
  const parts = pattern.split(".");
  return parts.every((p, i) => SEGMENT.test(p) || p === "*" || (p === ">" && i === parts.length - 1));
}

export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split(".");
  const t = topic.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return t.length > i;
    if (i >= t.length) return false;
    if (p[i] !== "*" && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

/** How the sender retries: exponential backoff with jitter, up to a cap, and a last attempt. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** About three hours of retries (30 s, 1 min, 2 min … 1 h, 1 h) before a delivery is dead. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

/**
 * The wait after the given number of failed attempts: the exponential step capped, of which a
 * random half is jitter (`random` in [0, 1)), so deliveries that failed together do not all
 * come back in the same second.
 */
export function retryDelayMs(attempts: number, random: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + random * (step / 2));
}

/** What becomes of a delivery whose attempt failed. */
export function afterFailure(attempts: number, retryable: boolean, now: Date, random: number, policy: RetryPolicy = DEFAULT_RETRY): { state: "dead" } | { state: "pending"; nextAttemptAt: Date } {
  if (!retryable || attempts >= policy.maxAttempts) return { state: "dead" };
  return { state: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random, policy)) };
}
