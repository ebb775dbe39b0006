import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
import { cancelTimers, scheduleTimer, scheduleTimers } from "../../jobs/timers.js";
import { staffById } from "../people/index.js";
import { makePolicySource, type Decision, type PolicyDocument } from "../policy/index.js";
import { syncCaseClocks, type CaseClockFacts } from "../sla/index.js";
// type only: after-change.ts imports this file
import type { CaseChange } from "./after-change.js";
import type { CaseRow } from "./store.js";

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
    const policy = await makePolicySource(tx).version(after.policy_version);
    const dueAt = policy ? autoApprovalDue(policy, after, now) : null;
    // a case enters review once, so there is no pending timer to replace
    if (policy && dueAt)
      await scheduleTimers(tx, [{ kind: AUTO_APPROVE, subjectId: after.id, dueAt, payload: { policyVersion: policy.version, maxFen: policy.handling?.autoApproveMaxFen ?? 0 } }], { fresh: true });
  } else if (before && AWAITING_PERSON.includes(before.state) && (responders.length > 0 || !AWAITING_PERSON.includes(after.state))) {
    // a person acted, or the case was decided: it is handled
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
export function autoApprovalDue(policy: PolicyDocument, kase: Pick<CaseRow, "claimed_fen" | "decision">, now: Date): Date | null {
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

/** Staff who acted in this change, a leader told apart (their own SLA clock). */
async function respondersOf(tx: Queryable, change: CaseChange): Promise<("leader" | "staff")[]> {
  const staffIds = change.timeline.filter((t) => t.actor.startsWith(STAFF_PREFIX)).map((t) => t.actor.slice(STAFF_PREFIX.length));
  if (staffIds.length === 0) return [];
  const roles = new Map<string, string | undefined>();
  for (const id of new Set(staffIds)) roles.set(id, (await staffById(tx, id))?.role);
  return staffIds.map((id) => (roles.get(id) === "leader" ? "leader" : "staff"));
}

/** A leader runs the case's pickup point (the cases scope reads pickup points the same way). */
async function pickupPointHasLeader(tx: Queryable, pickupPointId: string | null): Promise<boolean> {
  if (!pickupPointId) return false;
  const row = await tx.selectFrom("pickup_points").select("leader_id").where("id", "=", pickupPointId).executeTakeFirst();
  return Boolean(row?.leader_id);
}
