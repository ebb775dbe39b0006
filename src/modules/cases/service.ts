import { randomBytes } from "node:crypto";
import type { Db, Queryable, Tx } from "../../db/database.js";
import { once, requestHash, type StoredResponse } from "../../db/idempotency.js";
import { sql } from "kysely";
import { Problem, forbidden, invalid, notFound } from "../../http/problem.js";
import { CASE_WORKERS, actorId, isStaff, roleOf, type Principal } from "../people/index.js";
import { decide, type ClaimFacts, type Decision, type PolicyDocument, type PolicySource, type Resolution } from "../policy/index.js";
import { fen } from "../../shared/money.js";
import { priceClaim, type ClaimableLine } from "./claims.js";
import type { CaseEvent } from "./machine.js";
import type { ClaimInput, CaseView } from "./schemas.js";
import { appendOutbox } from "../../db/outbox.js";
import { adjustClaims, loadOrderHeader, lockLinesOfOrder, type LockedLine } from "../orders/index.js";
import { appendEvents, customerHistory, linkCaseEvidence, lockCase, lockVisibleCase, type CaseRow, type TimelineRow } from "./store.js";
import { applyEvents, planEvents, runEffects, type Actor } from "./transitions.js";
import { caseViewOf, clockDeadlines, loadCaseView } from "./read.js";
import { afterCaseChange } from "./after-change.js";
import { eventsAllowedTo } from "./permissions.js";
import { recordRefundPaid } from "../compensation/index.js";
// the pure rule only: leaders/model.ts imports nothing that imports cases
import { chinaDay, leaderMayApprove, type LeaderLimits } from "../leaders/model.js";

export interface CaseDeps {
  db: Db;
  policies: PolicySource;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * Files a claim: checks the order is the customer's and the quantities are still claimable,
 * lets policy decide, and records the case, its timeline, its outbox events and — when
 * approved — the next step (refund, return, reship), all in one transaction. Retried with the
 * same Idempotency-Key it answers the first response again and writes nothing. `filedBy`: someone
 * filing on the customer's behalf (a leader's batch report), shown on the timeline's first entry.
 */
export async function fileClaim(
  deps: CaseDeps,
  customerId: string,
  input: ClaimInput,
  idempotencyKey: string,
  filedBy?: { actor: string; data?: Record<string, unknown> },
): Promise<StoredResponse<CaseView>> {
  const hash = requestHash(input);
  // read before the transaction: on PGlite the transaction holds the only session
  const policy = await deps.policies.active();
  return deps.db.transaction().execute((tx) =>
    once(tx, `case:${customerId}`, idempotencyKey, hash, async () => {
      const now = deps.clock();
      const { facts, lines, locked } = await gatherFacts(tx, policy, customerId, input, now, true);
      const decision = decide(policy, facts);
      const submitted: CaseRow = {
        id: newCaseId(now),
        order_id: input.orderId,
        customer_id: customerId,
        pickup_point_id: lines.pickupPointId,
        problem_type: input.problemType,
        wanted_resolution: input.wantedResolution,
        resolution: decision.resolution,
        description: input.description,
        answers: input.answers,
        state: "submitted",
        claimed_fen: lines.totalFen,
        approved_fen: 0,
        refunded_fen: 0,
        decision,
        policy_version: decision.policyVersion,
        return_shipping_payer: decision.returnShippingPayer,
        return_due_at: null,
        refund_due_at: null,
        created_at: now,
        updated_at: now,
        revision: 0,
        owner_id: null,
        owned_since: null,
        escalation_level: 0,
        merged_into: null,
        compensation_kind: null,
      };
      // the decision is applied before the case is first written: one insert, in its final state
      const plan = planEvents(submitted, eventsForDecision(decision), { id: "system:policy" }, now, { rules: decision.rules, policyVersion: decision.policyVersion });
      const kase = plan.kase;
      const timeline: TimelineRow[] = [
        { case_id: kase.id, at: now, type: "submitted", actor: filedBy?.actor ?? `customer:${customerId}`, from_state: null, to_state: "submitted", data: { items: input.items, problemType: input.problemType, ...filedBy?.data } },
        ...plan.timeline,
      ];
      await tx.insertInto("cases").values({ ...kase, answers: JSON.stringify(kase.answers), decision: JSON.stringify(kase.decision) }).execute();
      await tx.insertInto("case_items").values(lines.priced.map((l) => ({ case_id: kase.id, order_item_id: l.id, quantity: l.quantity, amount_fen: l.amountFen }))).execute();
      const evidenceIds = [...new Set(input.evidenceIds)].sort();
      if (evidenceIds.length) await tx.insertInto("case_evidence").values(evidenceIds.map((id) => ({ case_id: kase.id, evidence_id: id }))).execute();
      // a claim rejected at once never holds its units, so there is nothing to release
      const releasedAtOnce = plan.effects.some((e) => e.type === "release_claim");
      if (!releasedAtOnce) await adjustClaims(tx, lines.priced.map((l) => ({ orderItemId: l.id, quantity: l.quantity, amountFen: l.amountFen })), 1);
      await appendEvents(tx, timeline);
      const raised = await runEffects(tx, kase, plan.effects.filter((e) => e.type !== "release_claim"), now);
      const followed = await afterCaseChange(tx, { before: null, after: kase, timeline }, now);
      const filed = { topic: "case.submitted", aggregate_id: kase.id, payload: { caseId: kase.id, orderId: kase.order_id, customerId, pickupPointId: kase.pickup_point_id, problemType: kase.problem_type, at: now.toISOString() } };
      await appendOutbox(tx, [filed, ...plan.outbox, ...raised, ...followed]);
      const byId = new Map(locked.map((l) => [l.id, l]));
      const items = lines.priced.map((l) => ({ order_item_id: l.id, quantity: l.quantity, amount_fen: l.amountFen, line_no: byId.get(l.id)!.line_no, sku: byId.get(l.id)!.sku, name: byId.get(l.id)!.name }));
      items.sort((a, b) => a.line_no - b.line_no);
      return { status: 201, body: caseViewOf(kase, items, evidenceIds, timeline, "customer", await clockDeadlines(tx, kase.id)) };
    }),
  );
}

/** The same decision fileClaim would make, without writing anything (POST /policy/evaluate). */
export async function evaluateClaim(deps: CaseDeps, customerId: string | null, input: ClaimInput, policyVersion?: number): Promise<Decision> {
  const now = deps.clock();
  const policy = policyVersion === undefined ? await deps.policies.active() : await deps.policies.version(policyVersion);
  if (!policy) throw notFound("policy version", String(policyVersion));
  return deps.db.transaction().execute(async (tx) => {
    const owner = customerId ?? (await loadOrderHeader(tx, input.orderId))?.customer_id;
    if (!owner) throw notFound("order", input.orderId);
    const { facts } = await gatherFacts(tx, policy, owner, input, now, false);
    return decide(policy, facts);
  });
}

/** Events that carry a fresh decision into the state machine. */
export function eventsForDecision(d: Decision): CaseEvent[] {
  switch (d.outcome) {
    case "reject":
      return [{ type: "reject", reason: d.reason.en }];
    case "review":
      return [{ type: "route_to_review", reason: d.reason.en }];
    case "approve":
      return [{ type: "approve", amountFen: d.approvedFen }];
  }
}

async function gatherFacts(tx: Queryable, policy: PolicyDocument, customerId: string, input: ClaimInput, now: Date, lock: boolean) {
  const lineNos = input.items.map((i) => i.lineNo);
  if (new Set(lineNos).size !== lineNos.length) throw invalid("each order line may appear once in a claim");
  const locked = await lockLinesOfOrder(tx, input.orderId, customerId, lineNos, lock);
  let order: { pickup_point_id: string | null; placed_at: Date; promised_at: Date | null } | undefined = locked[0];
  if (!order) {
    // no line found: the order is missing, not the customer's, or lacks the lines asked for
    const header = await loadOrderHeader(tx, input.orderId);
    // another customer's order is indistinguishable from a missing one
    if (!header || header.customer_id !== customerId) throw notFound("order", input.orderId);
    order = header;
  }
  const byLine = new Map(locked.map((l) => [l.line_no, l]));
  const missing = lineNos.filter((n) => !byLine.has(n));
  if (missing.length) throw invalid(`order ${input.orderId} has no line ${missing.join(", ")}`);
  const priced = priceClaim(
    locked.map(toClaimable),
    input.items.map((i) => ({ id: byLine.get(i.lineNo)!.id, quantity: i.quantity })),
  );
  if (!priced.ok) {
    if (priced.error === "quantity_exceeded")
      throw new Problem(409, "quantity-exceeded", "More than can be claimed", priced.lines.map((l) => `${l.id}: ${l.requested} requested, ${l.claimable} claimable`).join("; "), { lines: priced.lines });
    throw invalid(`unknown order lines: ${priced.ids.join(", ")}`);
  }
  const evidenceIds = [...new Set(input.evidenceIds)];
  const { history, ownedEvidence } = await customerHistory(tx, customerId, evidenceIds, new Date(now.getTime() - policy.abuse.windowDays * DAY_MS), new Date(now.getTime() - policy.standing.windowDays * DAY_MS));
  if (ownedEvidence !== evidenceIds.length) throw new Problem(422, "evidence-invalid", "Unknown evidence", "every evidence id must be a photo you uploaded");
  const amountById = new Map(priced.lines.map((l) => [l.id, l]));
  const facts: ClaimFacts = {
    problemType: input.problemType,
    wantedResolution: input.wantedResolution,
    items: input.items.map((i) => {
      const l = byLine.get(i.lineNo)!;
      return {
        orderItemId: l.id,
        sku: l.sku,
        name: l.name,
        quantity: i.quantity,
        amountFen: fen(amountById.get(l.id)!.amountFen),
        fresh: l.fresh,
        madeToOrder: l.made_to_order,
        digital: l.digital,
        periodical: l.periodical,
        nearExpiryConfirmed: l.near_expiry_confirmed,
        defectiveConfirmed: l.defective_confirmed,
        deliveredAt: l.delivered_at,
        pickedUpAt: l.picked_up_at,
      };
    }),
    photoCount: evidenceIds.length,
    description: input.description,
    answers: input.answers,
    order: { placedAt: order.placed_at, promisedAt: order.promised_at },
    customer: history,
    now,
  };
  return { facts, locked, lines: { priced: priced.lines, totalFen: priced.totalFen, pickupPointId: order.pickup_point_id } };
}

const toClaimable = (l: LockedLine): ClaimableLine => ({ id: l.id, quantity: l.quantity, paidFen: l.paid_fen, claimedQuantity: l.claimed_quantity, claimedFen: l.claimed_fen });

/** AS20261125-7K3M9Q2X: the day for people on the phone, random enough for no collisions. */
function newCaseId(now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const bytes = randomBytes(10);
  let suffix = "";
  for (const b of bytes) suffix += alphabet[b % 32];
  return `AS${day}-${suffix}`;
}

/** An action asked for through the API; an approval without an amount grants what was claimed. */
export type ActionRequest = Exclude<CaseEvent, { type: "approve" }> | (Omit<Extract<CaseEvent, { type: "approve" }>, "amountFen"> & { amountFen?: number });

/**
 * Applies one event asked for through the API: checks the role may ask for it and the case is in
 * the caller's scope, then moves the case. The first agent or supervisor to act on an unowned
 * case becomes its owner (首问负责制) until it is handed over.
 */
export async function actOnCase(deps: CaseDeps, caseId: string, action: ActionRequest, by: Principal): Promise<CaseView> {
  return (await actOnCaseOnce(deps, caseId, action, by)).body;
}

/**
 * An action sent with an Idempotency-Key: a retry with the same key (same caller, case and action)
 * answers what the first answered and changes nothing again, so a person whose answer was lost can
 * press again without a 409; another action under the same key is 422. Without a key, as actOnCase.
 */
export async function actOnCaseOnce(deps: CaseDeps, caseId: string, action: ActionRequest, by: Principal, idempotencyKey?: string): Promise<StoredResponse<CaseView>> {
  const role = roleOf(by);
  if (!eventsAllowedTo(role).includes(action.type)) throw forbidden(`a ${role} may not ${action.type} a case`);
  const now = deps.clock();
  // a leader approves within the policy in force; read before the transaction (PGlite: one session)
  const leaderLimits = role === "leader" && action.type === "approve" ? (await deps.policies.active()).leaderLimits : null;
  const work = async (tx: Tx) => {
    const kase = await lockVisibleCase(tx, caseId, by);
    if (!kase) throw notFound("case", caseId);
    const event: CaseEvent = action.type === "approve" ? { ...action, amountFen: action.amountFen ?? kase.claimed_fen } : action;
    // nothing to pay is not an approval of a money resolution: it would wait for a refund forever
    if (event.type === "approve" && event.amountFen === 0 && MONEY_RESOLUTIONS.has(event.resolution ?? kase.resolution))
      throw new Problem(422, "validation", "Nothing approved", "approve at least 1 fen, choose a reship or exchange, or reject the case");
    if (event.type === "provide_info" && event.evidenceIds?.length) await attachEvidence(tx, kase, event.evidenceIds);
    const actor = { id: actorId(by) };
    const plan = await applyEvents(tx, kase, [event], actor, now);
    if (leaderLimits && isStaff(by)) await holdLeaderLimits(tx, plan.kase, by.leaderId ?? "", leaderLimits, now);
    if (isStaff(by) && (CASE_WORKERS as readonly string[]).includes(by.role) && !kase.owner_id) await takeOwnership(tx, plan.kase, by.staffId, actor, now);
    return { status: 200, body: await loadCaseView(tx, caseId, { withTimeline: true, viewer: by }) };
  };
  return deps.db.transaction().execute(async (tx) => {
    if (idempotencyKey) return once(tx, `action:${actorId(by)}`, idempotencyKey, requestHash({ caseId, action }), () => work(tx));
    return { ...(await work(tx)), replayed: false };
  });
}

/**
 * 团长 approve small money alone: the approval just planned (its resolution and amount as saved)
 * must fit the per-case limit and, with the leader's other approvals this China day (under any of
 * their logins), the per-day limit; otherwise the transaction rolls back. The leader's row is
 * locked first, so two approvals at once are counted one after the other and cannot both squeeze
 * under the limit.
 */
async function holdLeaderLimits(tx: Tx, approved: CaseRow, leaderId: string, limits: LeaderLimits, now: Date) {
  await tx.selectFrom("leaders").select("id").where("id", "=", leaderId).forUpdate().execute();
  const day = chinaDay(now);
  const { total } = await tx
    .selectFrom("case_events")
    .select(sql<number>`coalesce(sum((data->>'amountFen')::int), 0)::int`.as("total"))
    .where("actor", "in", tx.selectFrom("staff").select(sql<string>`'staff:' || id`.as("actor")).where("leader_id", "=", leaderId).where("role", "=", "leader"))
    .where("type", "=", "approve")
    .where("at", ">=", day.from)
    .where("at", "<", day.to)
    .executeTakeFirstOrThrow();
  // the total already holds this approval: it was written just now, in this transaction
  const verdict = leaderMayApprove(limits, { amountFen: approved.approved_fen, approvedTodayFen: total - approved.approved_fen, resolution: approved.resolution as Resolution });
  if (verdict.ok) return;
  if (verdict.error === "resolution_not_allowed") throw forbidden(`a leader may approve a refund, a partial refund or a reship, not ${approved.resolution}`);
  const which = verdict.error === "per_case_limit" ? `the per-case limit of ${limits.perCaseFen} fen` : `the per-day limit of ${limits.perDayFen} fen (${verdict.remainingTodayFen} fen left today)`;
  throw new Problem(403, "leader-limit-exceeded", "Above the leader's approval limit", `approving ${approved.approved_fen} fen exceeds ${which}; an agent can approve it`, {
    perCaseFen: limits.perCaseFen,
    perDayFen: limits.perDayFen,
    remainingTodayFen: verdict.remainingTodayFen,
  });
}

const MONEY_RESOLUTIONS = new Set(["refund_only", "partial_refund", "return_refund", "compensation"]);

/** Photos the customer adds while the case waits on them; they must be the customer's own. */
async function attachEvidence(tx: Tx, kase: CaseRow, evidenceIds: string[]) {
  const ids = [...new Set(evidenceIds)];
  const { ownedEvidence } = await customerHistory(tx, kase.customer_id, ids, kase.created_at, kase.created_at);
  if (ownedEvidence !== ids.length) throw new Problem(422, "evidence-invalid", "Unknown evidence", "every evidence id must be a photo the customer uploaded");
  await linkCaseEvidence(tx, kase.id, ids);
}

/** Makes a member of staff the owner of a case, on its timeline and in the outbox. */
export async function takeOwnership(tx: Queryable, kase: CaseRow, staffId: string, actor: Actor, now: Date, data: Record<string, unknown> = {}) {
  await tx.updateTable("cases").set((eb) => ({ owner_id: staffId, owned_since: now, updated_at: now, revision: eb("revision", "+", 1) })).where("id", "=", kase.id).execute();
  await appendEvents(tx, [{ case_id: kase.id, at: now, type: "owner_changed", actor: actor.id, from_state: null, to_state: null, data: { from: kase.owner_id, to: staffId, ...data } }]);
  await appendOutbox(tx, [{ topic: "case.owner_changed", aggregate_id: kase.id, payload: { caseId: kase.id, from: kase.owner_id, to: staffId, at: now.toISOString() } }]);
}

/** The refund worker's callback: a paid refund moves a refunding case on once fully paid. */
export async function markRefundPaid(tx: Tx, refund: { caseId: string; amountFen: number }, now: Date): Promise<void> {
  const kase = await lockCase(tx, refund.caseId);
  if (!kase) return;
  const refunded = kase.refunded_fen + refund.amountFen;
  await tx.updateTable("cases").set({ refunded_fen: refunded }).where("id", "=", kase.id).execute();
  await recordRefundPaid(tx, { caseId: kase.id, customerId: kase.customer_id, amountFen: refund.amountFen, refundedFen: refunded, now });
  if (kase.state === "refunding" && refunded >= kase.approved_fen)
    await applyEvents(tx, { ...kase, refunded_fen: refunded }, [{ type: "refund_paid" }], { id: "system:payments" }, now, { refundedFen: refunded });
}
