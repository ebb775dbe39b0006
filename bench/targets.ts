import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DatabaseHandle } from "../src/db/database.js";
import { requestHash } from "../src/db/idempotency.js";
import { priceClaim } from "../src/modules/cases/claims.js";
import { automaticStep, customerStage, transition, type CaseState } from "../src/modules/cases/machine.js";
import { actionsFor } from "../src/modules/cases/permissions.js";
import { eventsForDecision } from "../src/modules/cases/service.js";
import { decide, type ClaimFacts, type PolicyDocument } from "../src/modules/policy/index.js";
import { fen } from "../src/shared/money.js";
import { claimBody, type BenchClaim } from "./dataset.js";

/**
 * The pgbench side's claims, worked out in advance: for each claim the facts are read and
 * policy decides, as fileClaim would, and everything the SQL of that claim needs (the case,
 * its events, outbox payloads, the stored response) goes into a row of `bench_targets`.
 * The pgbench script then takes row `nextval('bench_seq')` per transaction.
 */

/**
 * What a claim's decision makes the transaction do: 1 approve + refund, 2 approve without a
 * side write (return needed), 3 approve + reship, 4 approve + compensation, 5 review, 6 reject.
 */
export type TargetKind = 1 | 2 | 3 | 4 | 5 | 6;

const COLUMNS = [
  "n", "kind", "case_id", "order_id", "line_no", "item_id", "cust", "actor", "sys_actor", "scope", "idem_key", "req_hash", "problem_type",
  "wanted", "description", "answers", "has_evidence", "evidence_id", "resolution", "claimed_fen", "approved_fen", "decision",
  "policy_version", "payer", "state", "return_due_at", "ev0", "e1_type", "e1_to", "e1_data", "e2_type", "e2_to", "e2_data",
  "o1_topic", "o1", "o2_topic", "o2", "o3", "effect_topic", "effect", "refund_id", "response",
] as const;
type TargetRow = Record<(typeof COLUMNS)[number], string | number>;

const DDL = `
drop table if exists bench_targets;
drop sequence if exists bench_seq;
create table bench_targets (${COLUMNS.map((c) => `${c} ${["n", "kind", "line_no", "has_evidence", "claimed_fen", "approved_fen", "policy_version"].includes(c) ? "integer" : "text"} not null`).join(", ")}, primary key (n));
create sequence bench_seq;`;

/** Case ids shaped like newCaseId's (AS + day + 10 characters), unique per n. */
function caseIdFor(n: number, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
  return `AS${day}-PB${n.toString(36).toUpperCase().padStart(8, "0")}`;
}

type LineRow = Awaited<ReturnType<typeof loadLines>>[number];

async function loadLines(handle: DatabaseHandle, itemIds: string[]) {
  const rows = [];
  for (let i = 0; i < itemIds.length; i += 5000)
    rows.push(
      ...(await handle.db
        .selectFrom("order_items as i")
        .innerJoin("orders as o", "o.id", "i.order_id")
        .select(["i.id", "i.sku", "i.name", "i.quantity", "i.paid_fen", "i.claimed_quantity", "i.claimed_fen", "i.fresh", "i.made_to_order", "i.digital", "i.periodical",
          "i.near_expiry_confirmed", "i.defective_confirmed", "i.delivered_at", "i.picked_up_at", "o.placed_at", "o.promised_at"])
        .where("i.id", "in", itemIds.slice(i, i + 5000))
        .execute()),
    );
  return rows;
}

async function loadHistory(handle: DatabaseHandle, policy: PolicyDocument, now: Date) {
  const refundOnlySince = new Date(now.getTime() - policy.abuse.windowDays * 86_400_000);
  const rejectedSince = new Date(now.getTime() - policy.standing.windowDays * 86_400_000);
  const rows = await handle.db
    .selectFrom("cases")
    .select([
      "customer_id",
      sql<number>`count(*) filter (where resolution in ('refund_only', 'partial_refund') and state not in ('cancelled', 'rejected') and created_at >= ${refundOnlySince})::int`.as("refund_only"),
      sql<number>`count(*) filter (where state = 'rejected' and created_at >= ${rejectedSince})::int`.as("rejected"),
    ])
    .groupBy("customer_id")
    .execute();
  return new Map(rows.map((r) => [r.customer_id, { refundOnlyClaimsInWindow: r.refund_only, rejectedClaimsInWindow: r.rejected }]));
}

/** One claim worked out: the decision, the states the case passes, and every value the SQL sends. */
function targetRow(c: BenchClaim, line: LineRow, policy: PolicyDocument, history: ClaimFacts["customer"], now: Date): TargetRow {
  const priced = priceClaim([{ id: line.id, quantity: line.quantity, paidFen: line.paid_fen, claimedQuantity: line.claimed_quantity, claimedFen: line.claimed_fen }], [{ id: line.id, quantity: 1 }]);
  if (!priced.ok) throw new Error(`line ${line.id} cannot be claimed`);
  const body = claimBody(c);
  const facts: ClaimFacts = {
    problemType: c.problemType,
    wantedResolution: c.wantedResolution,
    items: [{
      orderItemId: line.id, sku: line.sku, name: line.name, quantity: 1, amountFen: fen(priced.totalFen), fresh: line.fresh, madeToOrder: line.made_to_order,
      digital: line.digital, periodical: line.periodical, nearExpiryConfirmed: line.near_expiry_confirmed, defectiveConfirmed: line.defective_confirmed,
      deliveredAt: line.delivered_at, pickedUpAt: line.picked_up_at,
    }],
    photoCount: c.evidenceIds.length,
    description: c.description,
    answers: c.answers,
    order: { placedAt: line.placed_at, promisedAt: line.promised_at },
    customer: history,
    now,
  };
  const decision = decide(policy, facts);
  const caseId = caseIdFor(c.n, now);
  const at = now.toISOString();
  const extra = { rules: decision.rules, policyVersion: decision.policyVersion };
  let state: CaseState = "submitted";
  let approvedFen = 0;
  const timeline: { type: string; from: CaseState; to: CaseState; data: Record<string, unknown> }[] = [];
  const effects: string[] = [];
  // as applyEvents: the policy's events, then the steps that follow by themselves
  const queue = eventsForDecision(decision);
  for (let event = queue.shift(); event; event = queue.shift()) {
    const result = transition(state, event);
    if (!result.ok) throw new Error(`policy event ${event.type} not possible from ${state}`);
    if (event.type === "approve") approvedFen = event.amountFen;
    const { type, ...data } = event;
    timeline.push({ type, from: state, to: result.state, data: { ...data, ...extra } });
    effects.push(...result.effects.map((e) => e.type));
    state = result.state;
    if (queue.length === 0) {
      const next = automaticStep(state, decision.resolution, decision.returnRequired);
      if (next) queue.push(next);
    }
  }
  const kind: TargetKind =
    decision.outcome === "review" ? 5
    : decision.outcome === "reject" ? 6
    : effects.includes("request_refund") && approvedFen > 0 ? 1
    : effects.includes("request_reship") ? 3
    : effects.includes("grant_compensation") ? 4
    : 2;
  const stageChanged = customerStage("submitted") !== customerStage(state);
  const payload = (t: (typeof timeline)[number]) => JSON.stringify({ caseId, orderId: c.orderId, customerId: c.customerId, from: t.from, to: t.to, at });
  const stagePayload = JSON.stringify({ caseId, customerId: c.customerId, stage: customerStage(state), at });
  const [e1, e2] = timeline;
  const outbox = [...timeline.map((t) => ({ topic: `case.${t.type}`, payload: payload(t) })), ...(stageChanged ? [{ topic: "case.stage_changed", payload: stagePayload }] : [])];
  const effect =
    kind === 1 ? { topic: "refund.requested", payload: { refundId: `rf_${caseId}_approved`, caseId, amountFen: approvedFen } }
    : kind === 3 ? { topic: "reship.requested", payload: { caseId, orderId: c.orderId } }
    : kind === 4 ? { topic: "compensation.granted", payload: { caseId, customerId: c.customerId, amountFen: approvedFen } }
    : { topic: "", payload: {} };
  const returnDueAt = state === "awaiting_return" ? new Date(now.getTime() + 7 * 86_400_000).toISOString() : "";
  const submitted = { items: body.items, problemType: c.problemType };
  const response = {
    id: caseId, orderId: c.orderId, customerId: c.customerId, state, stage: { zh: customerStage(state), en: "" }, problemType: c.problemType,
    wantedResolution: c.wantedResolution, resolution: decision.resolution, description: c.description, answers: c.answers,
    items: [{ orderItemId: line.id, lineNo: c.lineNo, sku: line.sku, name: line.name, quantity: 1, amountFen: priced.totalFen }],
    evidenceIds: c.evidenceIds, claimedFen: priced.totalFen, approvedFen, refundedFen: 0, decision, returnShippingPayer: decision.returnShippingPayer,
    returnDueAt: returnDueAt || null, refundDueAt: null, allowedActions: actionsFor("customer", state), createdAt: at, updatedAt: at,
    timeline: [
      { at, type: "submitted", actor: `customer:${c.customerId}`, from: null, to: "submitted", data: submitted },
      ...timeline.map((t) => ({ at, type: t.type, actor: "system:policy", from: t.from, to: t.to, data: t.data })),
    ],
  };
  return {
    n: c.n, kind, case_id: caseId, order_id: c.orderId, line_no: c.lineNo, item_id: line.id, cust: c.customerId, actor: `customer:${c.customerId}`, sys_actor: "system:policy",
    scope: `case:${c.customerId}`, idem_key: `pgbench-${c.n}-${caseId.slice(-8)}`, req_hash: requestHash(body), problem_type: c.problemType,
    wanted: c.wantedResolution, description: c.description, answers: JSON.stringify(c.answers), has_evidence: c.evidenceIds.length ? 1 : 0,
    evidence_id: c.evidenceIds[0] ?? "", resolution: decision.resolution, claimed_fen: priced.totalFen, approved_fen: approvedFen,
    decision: JSON.stringify(decision), policy_version: decision.policyVersion, payer: decision.returnShippingPayer ?? "", state, return_due_at: returnDueAt,
    ev0: JSON.stringify(submitted), e1_type: e1?.type ?? "", e1_to: e1?.to ?? "", e1_data: JSON.stringify(e1?.data ?? {}),
    e2_type: e2?.type ?? "", e2_to: e2?.to ?? "", e2_data: JSON.stringify(e2?.data ?? {}),
    o1_topic: outbox[0]?.topic ?? "", o1: outbox[0]?.payload ?? "{}", o2_topic: outbox[1]?.topic ?? "", o2: outbox[1]?.payload ?? "{}", o3: outbox[2]?.payload ?? "{}",
    effect_topic: effect.topic, effect: JSON.stringify(effect.payload), refund_id: `rf_${caseId}_approved`, response: JSON.stringify(response),
  };
}

const csvField = (v: string | number) => (typeof v === "number" ? String(v) : `"${v.replaceAll('"', '""')}"`);

/**
 * Fills bench_targets (numbered 1…) from the claims and resets bench_seq; returns how many
 * targets of each kind there are.
 */
export async function prepareTargets(handle: DatabaseHandle, databaseUrl: string, claims: BenchClaim[], policy: PolicyDocument, now: Date): Promise<Record<TargetKind, number>> {
  const lines = new Map((await loadLines(handle, claims.map((c) => c.itemId))).map((l) => [l.id, l]));
  const history = await loadHistory(handle, policy, now);
  const kinds: Record<TargetKind, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  let n = 0;
  const rows = function* () {
    for (const c of claims) {
      const line = lines.get(c.itemId);
      if (!line || line.claimed_quantity >= line.quantity) continue;
      const row = targetRow({ ...c, n: ++n }, line, policy, history.get(c.customerId) ?? { refundOnlyClaimsInWindow: 0, rejectedClaimsInWindow: 0 }, now);
      kinds[row.kind as TargetKind]++;
      yield `${COLUMNS.map((col) => csvField(row[col])).join(",")}\n`;
    }
  };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(DDL);
    await pipeline(Readable.from(rows()), client.query(copyFrom(`copy bench_targets (${COLUMNS.join(", ")}) from stdin (format csv)`)));
    await client.query("analyze bench_targets");
  } finally {
    await client.end();
  }
  return kinds;
}
