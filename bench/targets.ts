import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DatabaseHandle } from "../src/db/database.js";
import { requestHash } from "../src/db/idempotency.js";
import type { OutboxRow } from "../src/db/outbox.js";
import { Problem } from "../src/http/problem.js";
import { priceClaim } from "../src/modules/cases/claims.js";
import { autoApprovalDue } from "../src/modules/cases/deadlines.js";
import { caseViewOf } from "../src/modules/cases/read.js";
import { eventsForDecision } from "../src/modules/cases/service.js";
import type { CaseRow, TimelineRow } from "../src/modules/cases/store.js";
import { planEvents } from "../src/modules/cases/transitions.js";
import { customerPaidPosting, grantKindOf, grantTerms } from "../src/modules/compensation/model.js";
import { decide, type ClaimFacts, type PolicyDocument } from "../src/modules/policy/index.js";
import { calendarNamed, deadlines, planClocks } from "../src/modules/sla/model.js";
import { TASKS_ACTOR, taskFacts } from "../src/modules/tasks/lifecycle.js";
import { TASK_TERMS, homeDepartment, planCaseTasks } from "../src/modules/tasks/model.js";
import type { TaskRow } from "../src/modules/tasks/store.js";
import { fen } from "../src/shared/money.js";
import { claimBody, type BenchClaim } from "./dataset.js";

/**
 * The pgbench side's claims, worked out in advance: for each claim the facts are read and
 * policy decides, as fileClaim would, and everything the SQL of that claim needs (the case,
 * its events, outbox payloads, SLA clocks and timers, tasks, the stored response) goes into a
 * row of `bench_targets`. The pgbench script then takes row `nextval('bench_seq')` per
 * transaction. The case is planned by the same code fileClaim runs (planEvents, caseViewOf,
 * planClocks, planCaseTasks, autoApprovalDue); what afterCaseChange would do is checked
 * against the shapes CLAIM_SCRIPT (pgbench.ts) sends, so a claim it does not mirror fails here
 * instead of being benchmarked as something else.
 */

/**
 * What a claim's decision makes the transaction do: 1 approve + refund, 2 approve without a
 * side write (return needed), 3 approve + reship, 4 approve + compensation, 5 review, 6 reject.
 */
export type TargetKind = 1 | 2 | 3 | 4 | 5 | 6;

/** Rows of the transaction's single outbox insert, per kind (CLAIM_SCRIPT writes this many). */
export const OUTBOX_ROWS: Record<TargetKind, number> = { 1: 5, 2: 4, 3: 6, 4: 5, 5: 3, 6: 3 };
const MAX_OUTBOX = 6;
/** SLA clocks one claim starts at most (review with a leader at the pickup point: three). */
const MAX_CLOCKS = 3;

const CLOCK_COLUMNS = Array.from({ length: MAX_CLOCKS }, (_, i) =>
  ["kind", "dept", "cal", "budget", "warnf", "breach", "due", "warn", "payload"].map((f) => `c${i + 1}_${f}`),
).flat();
const OUTBOX_COLUMNS = Array.from({ length: MAX_OUTBOX }, (_, i) => [`x${i + 1}_topic`, `x${i + 1}`]).flat();

const COLUMNS = [
  "n", "kind", "case_id", "order_id", "line_no", "item_id", "cust", "actor", "sys_actor", "assign_actor", "tasks_actor", "ledger_actor", "scope", "idem_key", "req_hash", "problem_type",
  "wanted", "description", "answers", "has_evidence", "evidence_id", "resolution", "claimed_fen", "approved_fen", "decision",
  "policy_version", "payer", "state", "return_due_at", "comp_kind", "pickup_point_id", "has_pp",
  "ev0", "e1_type", "e1_to", "e1_data", "e2_type", "e2_to", "e2_data", "refund_id",
  // SLA clocks (slot 1 is a task's own clock for a reship), the platform's timers
  "clocks", ...CLOCK_COLUMNS, "auto_approve", "aa_due", "aa_payload", "ret_timer",
  // the reship's warehouse task, the compensation's grant and ledger posting
  "task_id", "task_wh", "task_data", "grant_id", "grant_kind", "coupon", "grant_expires", "grant_points", "posting_key", "posting_memo", "acct1", "amt1", "acct2", "amt2",
  ...OUTBOX_COLUMNS, "response",
] as const;
type TargetRow = Record<string, string | number>;
const INTEGER_COLUMNS = new Set<string>(["n", "kind", "line_no", "has_evidence", "claimed_fen", "approved_fen", "policy_version", "has_pp", "clocks", "auto_approve", "ret_timer", "amt1", "amt2"]);

const DDL = `
drop table if exists bench_targets;
drop sequence if exists bench_seq;
create table bench_targets (${COLUMNS.map((c) => `${c} ${INTEGER_COLUMNS.has(c) ? "integer" : "text"} not null`).join(", ")}, primary key (n));
create sequence bench_seq;`;

/** Case ids shaped like newCaseId's (AS + day + 10 characters), unique per n. */
function caseIdFor(n: number, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
  return `AS${day}-PB${n.toString(36).toUpperCase().padStart(8, "0")}`;
}

/** Like the coupon codes grantCompensation makes (AX + 12 characters without look-alikes). */
function couponCode(): string {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  let code = "AX";
  for (const b of randomBytes(12)) code += alphabet[b % 32];
  return code;
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
          "i.near_expiry_confirmed", "i.defective_confirmed", "i.delivered_at", "i.picked_up_at", "i.warehouse_id", "o.pickup_point_id", "o.placed_at", "o.promised_at"])
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

/** What a claim's transaction reads besides its own lines, loaded once. */
interface Context {
  policy: PolicyDocument;
  now: Date;
  /** sla_policies in the order the unordered lookup of fileClaim returns them (physical order) */
  slaPolicies: { kind: string; department: string; calendar: string; budget_minutes: number; warn_fraction: number; on_breach: string; enabled: boolean }[];
  pickupPoints: Map<string, { city: string | null; leader_id: string | null }>;
  /** agents on duty: CLAIM_SCRIPT sends assignment's path for nobody eligible only */
  agentsOnDuty: number;
}

async function loadContext(handle: DatabaseHandle, policy: PolicyDocument, now: Date): Promise<Context> {
  const sla = await sql<Context["slaPolicies"][number]>`select * from sla_policies`.execute(handle.db);
  const points = await handle.db.selectFrom("pickup_points").select(["id", "city", "leader_id"]).execute();
  const agents = await handle.db.selectFrom("staff").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "=", "agent").where("on_duty", "=", true).where("disabled_at", "is", null).executeTakeFirstOrThrow();
  return { policy, now, slaPolicies: sla.rows, pickupPoints: new Map(points.map((p) => [p.id, p])), agentsOnDuty: Number(agents.n) };
}

/** A claim CLAIM_SCRIPT would not send the same statements for. */
function unmirrored(n: number, what: string): Error {
  return new Error(`bench target ${n}: ${what}; CLAIM_SCRIPT (bench/pgbench.ts) does not mirror this claim`);
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? "";

/**
 * One claim worked out: the decision, the case as fileClaim saves it, what afterCaseChange
 * writes for it, and every value the SQL sends. Null for a claim fileClaim refuses (4xx, nothing written).
 */
function targetRow(c: BenchClaim, line: LineRow, history: ClaimFacts["customer"], ctx: Context): TargetRow | null {
  const { policy, now } = ctx;
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
  // as fileClaim: the case planned in its final state before it is first written
  const submitted: CaseRow = {
    id: caseId, order_id: c.orderId, customer_id: c.customerId, pickup_point_id: line.pickup_point_id, problem_type: c.problemType, wanted_resolution: c.wantedResolution,
    resolution: decision.resolution, description: c.description, answers: c.answers, state: "submitted", claimed_fen: priced.totalFen, approved_fen: 0, refunded_fen: 0,
    decision, policy_version: decision.policyVersion, return_shipping_payer: decision.returnShippingPayer, return_due_at: null, refund_due_at: null, created_at: now,
    updated_at: now, revision: 0, owner_id: null, owned_since: null, escalation_level: 0, merged_into: null, compensation_kind: null,
  };
  let plan: ReturnType<typeof planEvents>;
  try {
    plan = planEvents(submitted, eventsForDecision(decision), { id: "system:policy" }, now, { rules: decision.rules, policyVersion: decision.policyVersion });
  } catch (e) {
    if (e instanceof Problem) return null;
    throw e;
  }
  const kase = plan.kase;
  const timeline: TimelineRow[] = [
    { case_id: caseId, at: now, type: "submitted", actor: `customer:${c.customerId}`, from_state: null, to_state: "submitted", data: { items: body.items, problemType: c.problemType } },
    ...plan.timeline,
  ];
  const kind: TargetKind =
    kase.state === "in_review" ? 5
    : kase.state === "rejected" ? 6
    : kase.state === "refunding" ? 1
    : kase.state === "reshipping" ? 3
    : kase.state === "compensated" ? 4
    : 2;
  const effects = plan.effects.map((e) => e.type);
  if (effects.includes("release_claim") !== (kind === 6)) throw unmirrored(c.n, `a ${kase.state} case ${kind === 6 ? "keeps" : "releases"} its units`);
  if (plan.timeline.length !== (kind <= 4 ? 2 : 1)) throw unmirrored(c.n, `${plan.timeline.length} policy timeline entries for a ${kase.state} case`);
  if (kase.refund_due_at !== null) throw unmirrored(c.n, "a refund due date at filing");
  if ((kind === 1 || kind === 4) && kase.approved_fen <= 0) throw unmirrored(c.n, `${kase.state} with nothing approved`);

  // runEffects: the domain events of the side writes
  const raised: OutboxRow[] = [];
  const refundId = `rf_${caseId}_approved`;
  const grantKind = grantKindOf(kase.compensation_kind);
  const grantId = `CG-${caseId}`;
  const terms = grantTerms(grantKind, kase.approved_fen, now);
  const entries = kind === 4 ? customerPaidPosting(c.customerId, kase.approved_fen) : [];
  for (const effect of effects) {
    if (effect === "request_refund") raised.push({ topic: "refund.requested", aggregate_id: caseId, payload: { refundId, caseId, amountFen: kase.approved_fen - kase.refunded_fen } });
    if (effect === "request_reship") raised.push({ topic: "reship.requested", aggregate_id: caseId, payload: { caseId, orderId: c.orderId } });
    if (effect === "grant_compensation")
      raised.push({ topic: "compensation.granted", aggregate_id: caseId, payload: { grantId, caseId, customerId: c.customerId, kind: grantKind, amountFen: kase.approved_fen, points: terms.points, expiresAt: terms.expiresAt?.toISOString() ?? null } });
  }

  // afterCaseChange: assignment (nobody on duty in the bench database), SLA clocks, platform timers, tasks
  const followed: OutboxRow[] = [];
  const point = line.pickup_point_id ? ctx.pickupPoints.get(line.pickup_point_id) : undefined;
  if (kind === 5 && ctx.agentsOnDuty > 0) throw unmirrored(c.n, `a review with ${ctx.agentsOnDuty} agents on duty to assign it to`);
  if (kind === 5) followed.push({ topic: "case.assignment_waiting", aggregate_id: caseId, payload: { caseId, problemType: c.problemType, city: point?.city ?? null, at } });
  const leaderAtPickupPoint = kind === 5 && Boolean(point?.leader_id);
  const planned: string[] = planClocks({ caseId, before: null, after: kase.state, leaderAtPickupPoint, responders: [] }).start;
  const clocks = ctx.slaPolicies
    .filter((p) => p.enabled && planned.includes(p.kind))
    .map((p) => ({ kind: p.kind, department: p.department, calendar: p.calendar, budget: p.budget_minutes, warnFraction: p.warn_fraction, onBreach: p.on_breach }));
  const expectedClocks = kind === 1 ? 1 : kind === 5 ? (leaderAtPickupPoint ? 3 : 2) : 0;
  if (clocks.length !== expectedClocks) throw unmirrored(c.n, `${clocks.length} SLA clocks started for a ${kase.state} case (${planned.join(", ")})`);
  const handling = policy.handling ?? null;
  const autoApproveAt = kind === 5 && handling ? autoApprovalDue({ handling }, kase, now) : null;
  const steps = planCaseTasks(null, timeline.filter((t) => t.to_state !== null && t.to_state !== t.from_state).map((t) => ({ state: t.to_state!, actor: t.actor })), kase.state);
  const expectedSteps = kind === 3 ? "open:prepare_reship" : kind === 4 || kind === 6 ? "cancel_open" : "";
  const stepsSaid = steps.map((s) => (s.op === "open" ? `open:${s.kind}` : s.op)).join(",");
  if (stepsSaid !== expectedSteps) throw unmirrored(c.n, `tasks ${stepsSaid || "none"} for a ${kase.state} case`);
  // a reship opens the warehouse's prepare_reship task, with its own clock in slot 1
  const taskId = kind === 3 ? `tk_${randomBytes(8).toString("hex")}` : "";
  let taskData = "{}";
  if (kind === 3) {
    const terms = TASK_TERMS.prepare_reship;
    clocks.push({ kind: "task", department: homeDepartment("prepare_reship"), calendar: terms.calendar, budget: terms.budgetMinutes, warnFraction: terms.warnFraction, onBreach: "notify" });
  }
  const clockTimes = clocks.map((k) => deadlines(calendarNamed(k.calendar), { startedAt: now, budgetMinutes: k.budget, pauses: [] }, k.warnFraction));
  if (clockTimes.some((t) => !t.deadlineAt || !t.warnAt)) throw unmirrored(c.n, "a clock without a deadline");
  if (kind === 3) {
    const task = { id: taskId, case_id: caseId, department: homeDepartment("prepare_reship"), kind: "prepare_reship", state: "open", warehouse_id: line.warehouse_id, supplier_id: null, refund_id: null, assignee_id: null, note: "" } as TaskRow;
    const deadlineAt = iso(clockTimes[0]!.deadlineAt);
    taskData = JSON.stringify({ ...taskFacts(task), note: task.note, deadlineAt });
    followed.push({ topic: "task.opened", aggregate_id: caseId, payload: { ...taskFacts(task), deadlineAt, note: task.note, at } });
  }

  const filed = { topic: "case.submitted", aggregate_id: caseId, payload: { caseId, orderId: c.orderId, customerId: c.customerId, pickupPointId: kase.pickup_point_id, problemType: c.problemType, at } };
  const outbox = [filed, ...plan.outbox, ...raised, ...followed];
  if (outbox.length !== OUTBOX_ROWS[kind]) throw unmirrored(c.n, `${outbox.length} outbox rows for a ${kase.state} case (${outbox.map((o) => o.topic).join(", ")})`);
  const [e1, e2] = plan.timeline;
  const items = [{ order_item_id: line.id, quantity: 1, amount_fen: priced.totalFen, line_no: c.lineNo, sku: line.sku, name: line.name }];
  const clockDeadlines = clocks.map((k, i) => ({ kind: k.kind, deadlineAt: clockTimes[i]!.deadlineAt, stoppedAt: null }));
  const response = caseViewOf(kase, items, [...new Set(c.evidenceIds)].sort(), timeline, "customer", clockDeadlines);
  const row: TargetRow = {
    n: c.n, kind, case_id: caseId, order_id: c.orderId, line_no: c.lineNo, item_id: line.id, cust: c.customerId, actor: `customer:${c.customerId}`, sys_actor: "system:policy",
    // actors as variables: with -M prepared pgbench would take the ":word" in a literal for a variable
    assign_actor: "system:assignment", tasks_actor: TASKS_ACTOR, ledger_actor: "system:compensation",
    scope: `case:${c.customerId}`, idem_key: `pgbench-${c.n}-${caseId.slice(-8)}`, req_hash: requestHash(body), problem_type: c.problemType,
    wanted: c.wantedResolution, description: c.description, answers: JSON.stringify(kase.answers), has_evidence: c.evidenceIds.length ? 1 : 0,
    evidence_id: c.evidenceIds[0] ?? "", resolution: kase.resolution, claimed_fen: kase.claimed_fen, approved_fen: kase.approved_fen,
    decision: JSON.stringify(kase.decision), policy_version: kase.policy_version, payer: kase.return_shipping_payer ?? "", state: kase.state, return_due_at: iso(kase.return_due_at),
    comp_kind: kase.compensation_kind ?? "", pickup_point_id: kase.pickup_point_id ?? "", has_pp: kase.pickup_point_id ? 1 : 0,
    ev0: JSON.stringify(timeline[0]!.data), e1_type: e1?.type ?? "", e1_to: e1?.to_state ?? "", e1_data: JSON.stringify(e1?.data ?? {}),
    e2_type: e2?.type ?? "", e2_to: e2?.to_state ?? "", e2_data: JSON.stringify(e2?.data ?? {}), refund_id: refundId,
    clocks: clocks.length, auto_approve: autoApproveAt ? 1 : 0, aa_due: iso(autoApproveAt),
    aa_payload: JSON.stringify(autoApproveAt && handling ? { policyVersion: kase.policy_version, maxFen: handling.autoApproveMaxFen } : {}),
    ret_timer: kase.state === "awaiting_return" && kase.return_due_at ? 1 : 0,
    task_id: taskId, task_wh: line.warehouse_id ?? "", task_data: taskData,
    grant_id: grantId, grant_kind: grantKind, coupon: grantKind === "coupon" ? couponCode() : "", grant_expires: iso(terms.expiresAt), grant_points: terms.points ?? "",
    posting_key: `grant:${grantId}`, posting_memo: JSON.stringify({ source: "compensation", grantId, kind: grantKind }),
    acct1: entries[0]?.account ?? "", amt1: entries[0]?.amountFen ?? 0, acct2: entries[1]?.account ?? "", amt2: entries[1]?.amountFen ?? 0,
    response: JSON.stringify(response),
  };
  if (kind === 4 && (entries.length !== 2 || entries[0]!.account === entries[1]!.account)) throw unmirrored(c.n, "a posting of other than two accounts");
  for (let i = 0; i < MAX_CLOCKS; i++) {
    const k = clocks[i];
    const t = clockTimes[i];
    Object.assign(row, {
      [`c${i + 1}_kind`]: k?.kind ?? "", [`c${i + 1}_dept`]: k?.department ?? "", [`c${i + 1}_cal`]: k?.calendar ?? "", [`c${i + 1}_budget`]: String(k?.budget ?? ""),
      [`c${i + 1}_warnf`]: String(k?.warnFraction ?? ""), [`c${i + 1}_breach`]: k?.onBreach ?? "", [`c${i + 1}_due`]: iso(t?.deadlineAt), [`c${i + 1}_warn`]: iso(t?.warnAt),
      [`c${i + 1}_payload`]: JSON.stringify(k ? { kind: k.kind } : {}),
    });
  }
  for (let i = 0; i < MAX_OUTBOX; i++) Object.assign(row, { [`x${i + 1}_topic`]: outbox[i]?.topic ?? "", [`x${i + 1}`]: JSON.stringify(outbox[i]?.payload ?? {}) });
  const missing = COLUMNS.filter((col) => row[col] === undefined);
  if (missing.length) throw new Error(`bench target ${c.n}: no value for ${missing.join(", ")}`);
  return row;
}

const csvField = (v: string | number) => (typeof v === "number" ? String(v) : `"${v.replaceAll('"', '""')}"`);

/**
 * Fills bench_targets (numbered 1…) from the claims and resets bench_seq; returns how many
 * targets of each kind there are.
 */
export async function prepareTargets(handle: DatabaseHandle, databaseUrl: string, claims: BenchClaim[], policy: PolicyDocument, now: Date): Promise<Record<TargetKind, number>> {
  const lines = new Map((await loadLines(handle, claims.map((c) => c.itemId))).map((l) => [l.id, l]));
  const history = await loadHistory(handle, policy, now);
  const ctx = await loadContext(handle, policy, now);
  const kinds: Record<TargetKind, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  let n = 0;
  const rows = function* () {
    for (const c of claims) {
      const line = lines.get(c.itemId);
      if (!line || line.claimed_quantity >= line.quantity) continue;
      const row = targetRow({ ...c, n: n + 1 }, line, history.get(c.customerId) ?? { refundOnlyClaimsInWindow: 0, rejectedClaimsInWindow: 0 }, ctx);
      if (!row) continue;
      n++;
      kinds[row.kind as TargetKind]++;
      yield `${COLUMNS.map((col) => csvField(row[col]!)).join(",")}\n`;
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
