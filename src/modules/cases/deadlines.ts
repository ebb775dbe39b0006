import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
import { cancelTimers, scheduleTimer, scheduleTimers } from "../../jobs/timers.js";
import { staffById } from "../people/index.js";
import { makePolicySource, type Decision, type PolicyDocument } from "../policy/index.js";
import { syncCaseClocks, type CaseClockFacts, type Responder } from "../sla/index.js";
// type only: after-change.ts imports this file
import type { CaseChange } from "./after-change.js";
import type { CaseRow, TimelineRow } from "./store.js";

/*
 * The deadlines a case's change sets or clears: its SLA clocks, and the platform's own
 * timeouts (a claim nobody handles is approved; a return never sent back expires). Runs in
 * the transaction of the change; the handlers that act when a timer fires are in timeouts.ts.
 */

/** Timer kinds of the platform's timeouts; the subject is the case id. */
export const AUTO_APPROVE = "case.auto_approve";
export const RETURN_EXPIRY = "case.return_expiry";

const AWAITING_PERSON: readonly string[] = ["submitted", "in_review"];
const STAFF_PREFIX = "staff:";
/** the rule a platform approval cites on the timeline */
export const UNHANDLED_RULE = "P-UNHANDLED-TIMEOUT";

/** Called once per case change by afterCaseChange. Returns domain events for the caller's outbox. */
export async function followCaseDeadlines(tx: Queryable, change: CaseChange, now: Date): Promise<OutboxRow[]> {
  const { before, after } = change;
  const entersReview = after.state === "in_review" && (before === null || before.state === "submitted");
  const responders = await respondersOf(tx, change);
  const facts: CaseClockFacts = {
    caseId: after.id,
    before: before?.state ?? null,
    after: after.state,
    leaderAtPickupPoint: entersReview && (await pickupPointHasLeader(tx, after.pickup_point_id)),
    responders,
  };
  const raised = await syncCaseClocks(tx, facts, now);

  if (entersReview) {
    const handling = await handlingOf(tx, after.policy_version);
    const dueAt = handling ? autoApprovalDue({ handling }, after, now) : null;
    // a case enters review once, so there is no pending timer to replace
    if (handling && dueAt)
      await scheduleTimers(tx, [{ kind: AUTO_APPROVE, subjectId: after.id, dueAt, payload: { policyVersion: after.policy_version, maxFen: handling.autoApproveMaxFen } }], { fresh: true });
  } else if (before && AWAITING_PERSON.includes(before.state) && (responders.length > 0 || !AWAITING_PERSON.includes(after.state))) {
    // someone answered the customer, or the case was decided: it is handled
    await cancelTimers(tx, { kinds: [AUTO_APPROVE], subjectIds: [after.id], now });
  }
  if (after.state === "awaiting_return" && before?.state !== "awaiting_return" && after.return_due_at)
    await scheduleTimer(tx, { kind: RETURN_EXPIRY, subjectId: after.id, dueAt: after.return_due_at });
  if (before?.state === "awaiting_return" && after.state !== "awaiting_return") await cancelTimers(tx, { kinds: [RETURN_EXPIRY], subjectIds: [after.id], now });
  return raised;
}

/**
 * When an unhandled claim is approved by the platform, or null: the policy that decided the case
 * says never, the amount is above its limit, or the customer's history flagged possible abuse
 * (seed 004: abuse goes to a human, never auto-paid).
 */
export function autoApprovalDue(policy: Pick<PolicyDocument, "handling">, kase: Pick<CaseRow, "claimed_fen" | "decision">, now: Date): Date | null {
  const minutes = policy.handling?.autoApproveUnhandledAfterMinutes ?? null;
  if (minutes === null) return null;
  const decision = kase.decision as Partial<Decision>;
  if (decision.rules?.includes("P-ABUSE-REFUND-ONLY")) return null;
  if (platformApprovalFen(kase) > (policy.handling?.autoApproveMaxFen ?? 0)) return null;
  return new Date(now.getTime() + minutes * 60_000);
}

/** What the platform grants an unhandled claim: policy's proposal, or what was claimed when it made none. */
export function platformApprovalFen(kase: Pick<CaseRow, "claimed_fen" | "decision">): number {
  const proposal = (kase.decision as Partial<Decision>).approvedFen ?? 0;
  return proposal > 0 ? Math.min(proposal, kase.claimed_fen) : kase.claimed_fen;
}

/** A timeline entry as `responseOf` judges it: who wrote it, and their staff role if staff. */
export type ResponseFacts = Pick<TimelineRow, "type" | "actor" | "to_state"> & { role: string | null };

/**
 * Whether a timeline entry answers the customer, and whose answer it is: a staff member's
 * message to the customer, or a decision or state change staff made (asking for evidence
 * included). A leader's answer is the leader's (their own clock, `leader_response`); anyone
 * else's is an agent's (`first_response`). The filing itself (`submitted`) never is, whoever
 * filed it (a leader's batch report files on the customer's behalf), nor is anything that does
 * not reach the customer: notes, presence, links, handovers, escalations, batch reports, tasks.
 */
export function responseOf(entry: ResponseFacts): Responder | null {
  if (!entry.actor.startsWith(STAFF_PREFIX) || entry.type === "submitted") return null;
  if (entry.type !== "message" && entry.to_state === null) return null;
  return entry.role === "leader" ? "leader" : "agent";
}

/** The entries that might be responses, before their authors' roles are known. */
const mayRespond = (t: Pick<TimelineRow, "type" | "actor" | "to_state">) => responseOf({ ...t, role: null }) !== null;

/** The responses among these timeline entries, in order, with their authors' roles looked up. */
async function responsesIn(tx: Queryable, entries: readonly Pick<TimelineRow, "type" | "actor" | "to_state">[]): Promise<Responder[]> {
  const candidates = entries.filter(mayRespond);
  const roles = new Map<string, string | null>();
  for (const actor of new Set(candidates.map((t) => t.actor))) roles.set(actor, (await staffById(tx, actor.slice(STAFF_PREFIX.length)))?.role ?? null);
  return candidates.map((t) => responseOf({ ...t, role: roles.get(t.actor) ?? null })).filter((r): r is Responder => r !== null);
}

/** The responses this change made (see `responseOf`). */
const respondersOf = (tx: Queryable, change: CaseChange) => responsesIn(tx, change.timeline);

/**
 * Whether anyone answered the customer on this case so far: what makes an unhandled claim
 * handled, the same notion of a response as the SLA clocks'.
 */
export async function caseWasAnswered(tx: Queryable, caseId: string): Promise<boolean> {
  const entries = await tx
    .selectFrom("case_events")
    .select(["type", "actor", "to_state"])
    .where("case_id", "=", caseId)
    .where("actor", "like", `${STAFF_PREFIX}%`)
    .where("type", "<>", "submitted")
    .where((eb) => eb.or([eb("type", "=", "message"), eb("to_state", "is not", null)]))
    .execute();
  return (await responsesIn(tx, entries)).length > 0;
}

type Handling = NonNullable<PolicyDocument["handling"]>;

/**
 * The `handling` section of published policy versions, kept per database once read: a version
 * never changes once published, so the hot filing path neither reads nor validates a document
 * again. Keyed by the database's query adapter (one per Kysely instance, shared by its
 * transactions), so a process with several databases (tests) never mixes their versions.
 */
const handlingCache = new WeakMap<object, Map<number, Handling | null>>();

async function handlingOf(tx: Queryable, version: number): Promise<Handling | null> {
  const key = tx.getExecutor().adapter;
  let versions = handlingCache.get(key);
  if (!versions) handlingCache.set(key, (versions = new Map()));
  const cached = versions.get(version);
  if (cached !== undefined) return cached;
  const policy = await makePolicySource(tx).version(version);
  // a version that is not there is not remembered: it may be published later
  if (!policy) return null;
  versions.set(version, policy.handling ?? null);
  return policy.handling ?? null;
}

/** A leader runs the case's pickup point (the cases scope reads pickup points the same way). */
async function pickupPointHasLeader(tx: Queryable, pickupPointId: string | null): Promise<boolean> {
  if (!pickupPointId) return false;
  const row = await tx.selectFrom("pickup_points").select("leader_id").where("id", "=", pickupPointId).executeTakeFirst();
  return Boolean(row?.leader_id);
}
