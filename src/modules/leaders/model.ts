import type { PolicyDocument, Resolution } from "../policy/index.js";

/*
 * Group leaders (团长), as pure rules: what a leader may approve alone, which order lines a batch
 * problem report reaches and what it does to each, and the arithmetic of their scores.
 * No database, no clock (pass `now`). Imported directly by the cases module (the approval limit),
 * so this file imports nothing that imports cases.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// China time (Asia/Shanghai) is UTC+8 all year, no daylight saving
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** What a leader may approve alone: per case and per China calendar day (policy `leaderLimits`). */
export type LeaderLimits = PolicyDocument["leaderLimits"];

/** Small money at the point: money back or goods sent again, never a return or an exchange to run. */
export const LEADER_RESOLUTIONS = ["refund_only", "partial_refund", "reship"] as const satisfies readonly Resolution[];

export type LeaderApproval =
  | { ok: true; remainingTodayFen: number }
  | { ok: false; error: "resolution_not_allowed" | "per_case_limit" | "per_day_limit"; remainingTodayFen: number };

/**
 * May a leader approve this amount now? Within the per-case limit, and with what they already
 * approved today still within the per-day limit. `remainingTodayFen` is what is left today
 * before this approval when refused, after it when allowed.
 */
export function leaderMayApprove(limits: LeaderLimits, a: { amountFen: number; approvedTodayFen: number; resolution: Resolution }): LeaderApproval {
  const remaining = Math.max(0, limits.perDayFen - a.approvedTodayFen);
  if (!(LEADER_RESOLUTIONS as readonly Resolution[]).includes(a.resolution)) return { ok: false, error: "resolution_not_allowed", remainingTodayFen: remaining };
  if (a.amountFen > limits.perCaseFen) return { ok: false, error: "per_case_limit", remainingTodayFen: remaining };
  if (a.amountFen > remaining) return { ok: false, error: "per_day_limit", remainingTodayFen: remaining };
  return { ok: true, remainingTodayFen: remaining - a.amountFen };
}

/** The China calendar day `at` falls on: [00:00, 24:00) Asia/Shanghai. */
export function chinaDay(at: Date): { from: Date; to: Date } {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const from = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - CHINA_OFFSET_MS;
  return { from: new Date(from), to: new Date(from + DAY_MS) };
}

/**
 * The earliest receipt (pickup, else delivery) whose quality window is still open at `now`,
 * mirroring policy: fresh produce `qualityHours` after receipt (inclusive); other goods until the
 * end of the `qualityDays`-th China day after the receipt day (办法第十条: the day of receipt is not counted).
 */
export function qualityWindowStart(windows: PolicyDocument["windows"], fresh: boolean, now: Date): Date {
  if (fresh) return new Date(now.getTime() - windows.fresh.qualityHours * HOUR_MS);
  return chinaDay(new Date(now.getTime() - windows.standard.qualityDays * DAY_MS)).from;
}

/** What a batch report asks for on the customers' behalf: money back where the problem allows it. */
export function batchResolution(allowed: readonly Resolution[]): Resolution {
  return allowed.includes("refund_only") ? "refund_only" : (allowed[0] ?? "refund_only");
}

/** One order line a batch report reaches, as the scan found it. */
export interface BatchCandidate {
  orderId: string;
  orderItemId: string;
  lineNo: number;
  customerId: string;
  quantity: number;
  claimedQuantity: number;
  /** the newest case on this line that is still open */
  openCaseId: string | null;
  /** a case this very report already opened or updated (the report is being run again) */
  reported: { caseId: string; outcome: "opened" | "updated" } | null;
}

export type BatchStep =
  | { kind: "open"; quantity: number }
  | { kind: "update"; caseId: string }
  | { kind: "done"; caseId: string; outcome: "opened" | "updated" }
  | { kind: "skip"; reason: string };

/**
 * What a batch report does for one customer's order line: nothing twice (a line it already
 * reached), a timeline entry on a case already open on the line, else a new case for the units
 * still claimable (all of them, or `unitsPerCustomer` at most).
 */
export function planBatchLine(c: BatchCandidate, unitsPerCustomer?: number): BatchStep {
  if (c.reported) return { kind: "done", ...c.reported };
  if (c.openCaseId) return { kind: "update", caseId: c.openCaseId };
  const claimable = c.quantity - c.claimedQuantity;
  if (claimable <= 0) return { kind: "skip", reason: "nothing left to claim on this line" };
  return { kind: "open", quantity: Math.min(claimable, unitsPerCustomer ?? claimable) };
}

/** The p-th percentile (0–100) by nearest rank; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface ApprovalStats {
  count: number;
  totalFen: number;
  largestFen: number;
  /** the most approved on one China day */
  busiestDayFen: number;
  /** days on which the per-day limit was used up */
  daysAtDailyLimit: number;
}

/** A leader's approvals in a period, measured against their limits. */
export function approvalStats(approvals: readonly { at: Date; amountFen: number }[], limits: LeaderLimits): ApprovalStats {
  const byDay = new Map<number, number>();
  for (const a of approvals) {
    const day = chinaDay(a.at).from.getTime();
    byDay.set(day, (byDay.get(day) ?? 0) + a.amountFen);
  }
  const days = [...byDay.values()];
  return {
    count: approvals.length,
    totalFen: approvals.reduce((s, a) => s + a.amountFen, 0),
    largestFen: Math.max(0, ...approvals.map((a) => a.amountFen)),
    busiestDayFen: Math.max(0, ...days),
    daysAtDailyLimit: days.filter((d) => d >= limits.perDayFen).length,
  };
}

/** One China day of a leader's work, for the trend on their scores. */
export interface LeaderDay {
  /** YYYY-MM-DD, Asia/Shanghai */
  day: string;
  casesFiled: number;
  approvals: number;
  approvedFen: number;
  returnsConfirmed: number;
}

/**
 * The leader's work per China day from the day `since` falls on to the day `now` falls on,
 * every day present (a quiet day is zeros, so a chart shows it as one).
 */
export function dailySeries(
  since: Date,
  now: Date,
  facts: { casesFiledAt: readonly Date[]; approvals: readonly { at: Date; amountFen: number }[]; returnsAt: readonly Date[] },
): LeaderDay[] {
  const days = new Map<number, LeaderDay>();
  for (let from = chinaDay(since).from.getTime(); from <= chinaDay(now).from.getTime(); from += DAY_MS) {
    const day = new Date(from + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    days.set(from, { day, casesFiled: 0, approvals: 0, approvedFen: 0, returnsConfirmed: 0 });
  }
  const dayOf = (at: Date) => days.get(chinaDay(at).from.getTime());
  for (const at of facts.casesFiledAt) {
    const d = dayOf(at);
    if (d) d.casesFiled += 1;
  }
  for (const a of facts.approvals) {
    const d = dayOf(a.at);
    if (d) {
      d.approvals += 1;
      d.approvedFen += a.amountFen;
    }
  }
  for (const at of facts.returnsAt) {
    const d = dayOf(at);
    if (d) d.returnsConfirmed += 1;
  }
  return [...days.values()];
}
