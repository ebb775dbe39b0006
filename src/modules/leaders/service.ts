import { randomBytes } from "node:crypto";
import type { Db } from "../../db/database.js";
import { requestHash, type StoredResponse } from "../../db/idempotency.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, notFound } from "../../http/problem.js";
import { actOnCase, fileClaim, loadCaseView, lockCase, recordCaseActivity, type CaseState } from "../cases/index.js";
import { actorId, isStaff, type Principal } from "../people/index.js";
import type { PolicySource, ProblemType, Resolution } from "../policy/index.js";
import { approvalStats, batchResolution, chinaDay, dailySeries, percentile, planBatchLine, qualityWindowStart, type BatchCandidate, type LeaderDay, type LeaderLimits } from "./model.js";
import { batchCandidates, batchReportTotals, caseCarriesReport, casesAtPoints, claimBatchReport, completeBatchReport, goodsReceivedAtPoints, leaderEvents, leaderExists, pickupPoint, pointsOfLeader, type BatchReportRow } from "./store.js";
import type { BatchLineOutcome } from "./tables.js";

export interface LeaderDeps {
  db: Db;
  policies: PolicySource;
  clock: () => Date;
}

/** How many order lines one batch report reaches at most; the answer says when more matched. */
export const BATCH_SCAN_LIMIT = 500;

export interface ReturnResult {
  caseId: string;
  outcome: "received" | "already_received" | "error";
  state: CaseState | null;
  error: { type: string; title: string; detail: string | null } | null;
}

/**
 * Goods handed back at the pickup point, several cases at once: each through the case's own
 * receive_return (scope, state and timeline as for one), each in its own transaction, so one
 * case that cannot be received does not hold back the others. Sending a case again is harmless:
 * one already received answers "already_received".
 */
export async function confirmReturns(deps: LeaderDeps, caseIds: string[], by: Principal): Promise<ReturnResult[]> {
  const results: ReturnResult[] = [];
  for (const caseId of caseIds) {
    try {
      const view = await actOnCase(deps, caseId, { type: "receive_return" }, by);
      results.push({ caseId, outcome: "received", state: view.state, error: null });
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      if (err.slug === "invalid-transition") {
        const view = await loadCaseView(deps.db, caseId, { withTimeline: true, viewer: by });
        if (view.timeline?.some((e) => e.type === "receive_return")) {
          results.push({ caseId, outcome: "already_received", state: view.state, error: null });
          continue;
        }
      }
      const body = err.toBody();
      results.push({ caseId, outcome: "error", state: null, error: { type: body.type, title: body.title, detail: body.detail ?? null } });
    }
  }
  return results;
}

export interface BatchReportInput {
  pickupPointId: string;
  sku: string;
  batchId?: string;
  problemType: ProblemType;
  description: string;
  unitsPerCustomer?: number;
  answers?: Record<string, boolean | number | string>;
}

export interface BatchReportView {
  id: string;
  reportedBy: string;
  pickupPointId: string;
  sku: string;
  batchId: string | null;
  problemType: string;
  description: string;
  createdAt: string;
  counts: { opened: number; updated: number; skipped: number };
  truncated: boolean;
  scanLimit: number;
  lines: BatchLineOutcome[];
}

/**
 * One problem for many customers (a whole crate broken at the point): every order line of that
 * SKU (and batch) received at the point within the quality window gets a timeline entry on the
 * case already open on it, or a case filed on the customer's behalf, which policy decides as any
 * other. Each line is its own transaction; a re-sent report (same Idempotency-Key) answers the
 * stored result, and one cut short by a crash picks up where it stopped without doing a line twice.
 */
export async function reportBatch(deps: LeaderDeps, input: BatchReportInput, idempotencyKey: string, by: Principal): Promise<StoredResponse<BatchReportView>> {
  const now = deps.clock();
  const point = await pickupPoint(deps.db, input.pickupPointId);
  // a leader reports for their own points only; another's point is as good as missing
  if (!point || (isStaff(by) && by.role === "leader" && point.leader_id !== by.leaderId)) throw notFound("pickup point", input.pickupPointId);
  const reporter = actorId(by);
  const hash = requestHash(input);
  const report = await claimBatchReport(deps.db, {
    id: newReportId(now),
    reported_by: reporter,
    leader_id: point.leader_id,
    pickup_point_id: point.id,
    sku: input.sku,
    batch_id: input.batchId ?? null,
    problem_type: input.problemType,
    description: input.description,
    units_per_customer: input.unitsPerCustomer ?? null,
    idempotency_key: idempotencyKey,
    request_hash: hash,
    created_at: now,
  });
  if (report.request_hash !== hash) throw new Problem(422, "idempotency-key-reused", "Idempotency key reused", "this Idempotency-Key was already used for a different report");
  if (report.completed_at) return { status: 201, body: reportView(report), replayed: true };

  const policy = await deps.policies.active();
  const found = await batchCandidates(deps.db, {
    pickupPointId: point.id,
    sku: input.sku,
    batchId: input.batchId ?? null,
    freshSince: qualityWindowStart(policy.windows, true, now),
    standardSince: qualityWindowStart(policy.windows, false, now),
    reportId: report.id,
    limit: BATCH_SCAN_LIMIT,
  });
  const wanted = batchResolution(policy.problems[input.problemType].resolutions);
  const lines: BatchLineOutcome[] = [];
  for (const candidate of found.slice(0, BATCH_SCAN_LIMIT)) lines.push(await reportLine(deps, report, input, wanted, candidate, reporter));
  const done = await completeBatchReport(deps.db, report.id, deps.clock(), lines, found.length > BATCH_SCAN_LIMIT);
  return { status: 201, body: reportView(done), replayed: false };
}

async function reportLine(deps: LeaderDeps, report: BatchReportRow, input: BatchReportInput, wanted: Resolution, c: BatchCandidate, reporter: string): Promise<BatchLineOutcome> {
  const line = { customerId: c.customerId, orderId: c.orderId, lineNo: c.lineNo };
  const step = planBatchLine(c, input.unitsPerCustomer);
  try {
    switch (step.kind) {
      case "done":
        return { ...line, outcome: step.outcome, caseId: step.caseId, caseState: null, reason: null };
      case "skip":
        return { ...line, outcome: "skipped", caseId: null, caseState: null, reason: step.reason };
      case "open": {
        const claim = {
          orderId: c.orderId,
          items: [{ lineNo: c.lineNo, quantity: step.quantity }],
          problemType: input.problemType,
          wantedResolution: wanted,
          description: input.description,
          evidenceIds: [],
          answers: input.answers ?? {},
        };
        // one key per report and line: running the report again files nothing twice
        const filed = await fileClaim(deps, c.customerId, claim, `batch:${report.id}:${c.orderItemId}`, { actor: reporter, data: { batchReportId: report.id } });
        return { ...line, outcome: "opened", caseId: filed.body.id, caseState: filed.body.state, reason: null };
      }
      case "update": {
        const state = await deps.db.transaction().execute(async (tx) => {
          const kase = await lockCase(tx, step.caseId);
          if (!kase) throw notFound("case", step.caseId);
          if (await caseCarriesReport(tx, kase.id, report.id)) return kase.state;
          const now = deps.clock();
          const data = { batchReportId: report.id, problemType: input.problemType, description: input.description, sku: input.sku, batchId: input.batchId ?? null };
          const followed = await recordCaseActivity(tx, kase, { type: "batch_reported", actor: { id: reporter }, data }, now);
          await appendOutbox(tx, [{ topic: "case.batch_reported", aggregate_id: kase.id, payload: { caseId: kase.id, batchReportId: report.id, at: now.toISOString() } }, ...followed]);
          return kase.state;
        });
        return { ...line, outcome: "updated", caseId: step.caseId, caseState: state, reason: null };
      }
    }
  } catch (err) {
    // a line the claim rules refuse (e.g. its units were claimed meanwhile) is reported, not fatal
    if (!(err instanceof Problem)) throw err;
    return { ...line, outcome: "skipped", caseId: null, caseState: null, reason: `${err.slug}: ${err.detail ?? err.title}` };
  }
}

function reportView(r: BatchReportRow): BatchReportView {
  return {
    id: r.id,
    reportedBy: r.reported_by,
    pickupPointId: r.pickup_point_id,
    sku: r.sku,
    batchId: r.batch_id,
    problemType: r.problem_type,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    counts: { opened: r.opened, updated: r.updated, skipped: r.skipped },
    truncated: r.truncated,
    scanLimit: BATCH_SCAN_LIMIT,
    lines: r.outcomes,
  };
}

/** BR20261120-7K3M9Q2X, like case ids: the day, then enough randomness for no collisions. */
function newReportId(now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll("-", "");
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  let suffix = "";
  for (const b of randomBytes(10)) suffix += alphabet[b % 32];
  return `BR${day}-${suffix}`;
}

export interface LeaderScores {
  leaderId: string;
  days: number;
  since: string;
  casesAtPoints: number;
  approvals: { count: number; totalFen: number; largestFen: number; busiestDayFen: number; daysAtDailyLimit: number; approvedTodayFen: number; remainingTodayFen: number };
  limits: LeaderLimits;
  responseMinutes: { measured: number; median: number | null; p90: number | null };
  returnsConfirmed: number;
  batchReports: { reports: number; casesOpened: number; casesUpdated: number };
  satisfaction: null;
  daily: LeaderDay[];
}

/** A leader's work over the last `days` China days, today included: cases at their points, approvals against their limits, response times, returns, batch reports. */
export async function leaderScores(deps: LeaderDeps, leaderId: string, days: number): Promise<LeaderScores> {
  if (!(await leaderExists(deps.db, leaderId))) throw notFound("leader", leaderId);
  const now = deps.clock();
  // whole China days, so the first day of the daily series is not a partial one
  const since = new Date(chinaDay(now).from.getTime() - (days - 1) * 86_400_000);
  const policy = await deps.policies.active();
  const [cases, events, reports] = await Promise.all([casesAtPoints(deps.db, leaderId, since), leaderEvents(deps.db, leaderId, since), batchReportTotals(deps.db, leaderId, since)]);
  const approvals = events.filter((e) => e.type === "approve").map((e) => ({ at: e.at, amountFen: e.amount_fen ?? 0 }));
  const today = chinaDay(now);
  const approvedTodayFen = approvals.filter((a) => a.at >= today.from && a.at < today.to).reduce((s, a) => s + a.amountFen, 0);
  const minutes = cases.filter((c) => c.first_leader_at !== null).map((c) => (new Date(c.first_leader_at!).getTime() - c.created_at.getTime()) / 60_000);
  return {
    leaderId,
    days,
    since: since.toISOString(),
    casesAtPoints: cases.length,
    approvals: { ...approvalStats(approvals, policy.leaderLimits), approvedTodayFen, remainingTodayFen: Math.max(0, policy.leaderLimits.perDayFen - approvedTodayFen) },
    limits: policy.leaderLimits,
    responseMinutes: { measured: minutes.length, median: percentile(minutes, 50), p90: percentile(minutes, 90) },
    returnsConfirmed: events.filter((e) => e.type === "receive_return").length,
    batchReports: { reports: reports.reports, casesOpened: reports.opened, casesUpdated: reports.updated },
    satisfaction: null,
    daily: dailySeries(since, now, {
      casesFiledAt: cases.map((c) => c.created_at),
      approvals,
      returnsAt: events.filter((e) => e.type === "receive_return").map((e) => e.at),
    }),
  };
}

/** How many goods rows the leader's batch-report picker lists at most. */
export const RECENT_GOODS_LIMIT = 200;

export interface RecentGoods {
  pickupPoints: { id: string; name: string; city: string; address: string | null }[];
  goods: { pickupPointId: string; sku: string; name: string; batchId: string | null; fresh: boolean; orderLines: number; customers: number; lastReceivedAt: string }[];
  truncated: boolean;
}

/**
 * What a leader can report a batch problem on: their points and the SKUs and batches received
 * there whose quality window is still open (the lines a report would reach), newest first.
 */
export async function recentGoods(deps: LeaderDeps, leaderId: string): Promise<RecentGoods> {
  const now = deps.clock();
  const policy = await deps.policies.active();
  const [points, rows] = await Promise.all([
    pointsOfLeader(deps.db, leaderId),
    goodsReceivedAtPoints(deps.db, { leaderId, freshSince: qualityWindowStart(policy.windows, true, now), standardSince: qualityWindowStart(policy.windows, false, now), limit: RECENT_GOODS_LIMIT + 1 }),
  ]);
  return {
    pickupPoints: points,
    goods: rows.slice(0, RECENT_GOODS_LIMIT).map((r) => ({
      pickupPointId: r.pickup_point_id!,
      sku: r.sku,
      name: r.name,
      batchId: r.batch_id,
      fresh: r.fresh,
      orderLines: r.order_lines,
      customers: r.customers,
      lastReceivedAt: new Date(r.last_received_at).toISOString(),
    })),
    truncated: rows.length > RECENT_GOODS_LIMIT,
  };
}
