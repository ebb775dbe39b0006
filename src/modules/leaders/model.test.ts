import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../policy/index.js";
import { approvalStats, batchResolution, chinaDay, dailySeries, leaderMayApprove, percentile, planBatchLine, qualityWindowStart, type BatchCandidate } from "./model.js";

const limits = { perCaseFen: 5_000, perDayFen: 50_000 };

describe("leaderMayApprove", () => {
  const cases = [
    { name: "a small refund on a fresh day", amountFen: 2_990, approvedTodayFen: 0, resolution: "refund_only", want: { ok: true, remainingTodayFen: 47_010 } },
    { name: "exactly the per-case limit", amountFen: 5_000, approvedTodayFen: 0, resolution: "refund_only", want: { ok: true, remainingTodayFen: 45_000 } },
    { name: "one fen over the per-case limit", amountFen: 5_001, approvedTodayFen: 0, resolution: "refund_only", want: { ok: false, error: "per_case_limit", remainingTodayFen: 50_000 } },
    { name: "a partial refund that fills the day exactly", amountFen: 2_000, approvedTodayFen: 48_000, resolution: "partial_refund", want: { ok: true, remainingTodayFen: 0 } },
    { name: "one fen past the day's limit", amountFen: 2_001, approvedTodayFen: 48_000, resolution: "refund_only", want: { ok: false, error: "per_day_limit", remainingTodayFen: 2_000 } },
    { name: "anything once the day is used up", amountFen: 1, approvedTodayFen: 50_000, resolution: "reship", want: { ok: false, error: "per_day_limit", remainingTodayFen: 0 } },
    { name: "a reship within the limits", amountFen: 1_990, approvedTodayFen: 10_000, resolution: "reship", want: { ok: true, remainingTodayFen: 38_010 } },
    { name: "a return and refund, whatever the amount", amountFen: 100, approvedTodayFen: 0, resolution: "return_refund", want: { ok: false, error: "resolution_not_allowed", remainingTodayFen: 50_000 } },
    { name: "an exchange", amountFen: 0, approvedTodayFen: 0, resolution: "exchange", want: { ok: false, error: "resolution_not_allowed", remainingTodayFen: 50_000 } },
    { name: "compensation", amountFen: 500, approvedTodayFen: 0, resolution: "compensation", want: { ok: false, error: "resolution_not_allowed", remainingTodayFen: 50_000 } },
  ] as const;
  it.each(cases)("$name", ({ amountFen, approvedTodayFen, resolution, want }) => {
    expect(leaderMayApprove(limits, { amountFen, approvedTodayFen, resolution })).toEqual(want);
  });
});

describe("chinaDay", () => {
  it.each([
    { at: "2026-11-20T15:59:59.999Z", from: "2026-11-19T16:00:00.000Z" },
    { at: "2026-11-20T16:00:00.000Z", from: "2026-11-20T16:00:00.000Z" },
    { at: "2026-11-20T04:00:00.000Z", from: "2026-11-19T16:00:00.000Z" },
    { at: "2026-12-31T20:00:00.000Z", from: "2026-12-31T16:00:00.000Z" },
  ])("$at falls on the China day from $from", ({ at, from }) => {
    const day = chinaDay(new Date(at));
    expect(day.from.toISOString()).toBe(from);
    expect(day.to.getTime() - day.from.getTime()).toBe(86_400_000);
  });
});

describe("qualityWindowStart", () => {
  const now = new Date("2026-11-22T04:00:00.000Z"); // 12:00 China time on the 22nd
  it("fresh produce: qualityHours before now", () => {
    expect(qualityWindowStart(DEFAULT_POLICY.windows, true, now).toISOString()).toBe("2026-11-20T04:00:00.000Z");
  });
  it("other goods: the start of the China day qualityDays back (the receipt day is not counted)", () => {
    // received on the 15th (China): the 7 days are the 16th–22nd, still open at noon on the 22nd
    expect(qualityWindowStart(DEFAULT_POLICY.windows, false, now).toISOString()).toBe("2026-11-14T16:00:00.000Z");
  });
});

describe("planBatchLine", () => {
  const line: BatchCandidate = { orderId: "O1", orderItemId: "O1#1", lineNo: 1, customerId: "C1", quantity: 3, claimedQuantity: 0, openCaseId: null, reported: null };
  it.each([
    { name: "opens a case for every unit", c: line, units: undefined, want: { kind: "open", quantity: 3 } },
    { name: "opens a case for the units asked, at most", c: line, units: 1, want: { kind: "open", quantity: 1 } },
    { name: "claims only what is still claimable", c: { ...line, claimedQuantity: 2 }, units: 5, want: { kind: "open", quantity: 1 } },
    { name: "updates the open case instead of opening another", c: { ...line, claimedQuantity: 1, openCaseId: "AS1" }, units: undefined, want: { kind: "update", caseId: "AS1" } },
    { name: "skips a line with nothing left to claim", c: { ...line, claimedQuantity: 3 }, units: undefined, want: { kind: "skip", reason: "nothing left to claim on this line" } },
    { name: "does nothing twice on a re-run", c: { ...line, claimedQuantity: 3, openCaseId: "AS2", reported: { caseId: "AS2", outcome: "opened" } }, units: undefined, want: { kind: "done", caseId: "AS2", outcome: "opened" } },
  ] as const)("$name", ({ c, units, want }) => {
    expect(planBatchLine(c, units)).toEqual(want);
  });
});

describe("batchResolution", () => {
  it("asks for money back where the problem allows it, else the first resolution offered", () => {
    expect(batchResolution(["exchange", "return_refund", "refund_only"])).toBe("refund_only");
    expect(batchResolution(["exchange", "return_refund"])).toBe("exchange");
  });
});

describe("percentile", () => {
  it.each([
    { values: [], p: 50, want: null },
    { values: [7], p: 90, want: 7 },
    { values: [5, 1, 3], p: 50, want: 3 },
    { values: [1, 2, 3, 4], p: 50, want: 2 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p: 90, want: 9 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], p: 90, want: 10 },
  ])("p$p of $values is $want", ({ values, p, want }) => {
    expect(percentile(values, p)).toBe(want);
  });
});

describe("approvalStats", () => {
  it("sums approvals per China day against the daily limit", () => {
    const at = (iso: string, amountFen: number) => ({ at: new Date(iso), amountFen });
    const stats = approvalStats(
      [
        at("2026-11-20T01:00:00.000Z", 5_000),
        at("2026-11-20T15:30:00.000Z", 45_000), // 23:30 China time, same day as the first
        at("2026-11-20T16:30:00.000Z", 3_000), // 00:30 on the next China day
      ],
      limits,
    );
    expect(stats).toEqual({ count: 3, totalFen: 53_000, largestFen: 45_000, busiestDayFen: 50_000, daysAtDailyLimit: 1 });
    expect(approvalStats([], limits)).toEqual({ count: 0, totalFen: 0, largestFen: 0, busiestDayFen: 0, daysAtDailyLimit: 0 });
  });
});

describe("dailySeries", () => {
  it("has every China day of the period, quiet ones as zeros, each fact on the China day it fell on", () => {
    const series = dailySeries(new Date("2026-11-18T20:00:00Z"), new Date("2026-11-21T04:00:00Z"), {
      // 2026-11-20T16:30Z is 00:30 on the 21st in China
      casesFiledAt: [new Date("2026-11-20T16:30:00Z"), new Date("2026-11-19T01:00:00Z")],
      approvals: [{ at: new Date("2026-11-20T15:59:00Z"), amountFen: 1_200 }, { at: new Date("2026-11-20T16:01:00Z"), amountFen: 800 }],
      returnsAt: [new Date("2026-11-01T00:00:00Z")],
    });
    expect(series.map((d) => d.day)).toEqual(["2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(series[0]).toEqual({ day: "2026-11-19", casesFiled: 1, approvals: 0, approvedFen: 0, returnsConfirmed: 0 });
    expect(series[1]).toEqual({ day: "2026-11-20", casesFiled: 0, approvals: 1, approvedFen: 1_200, returnsConfirmed: 0 });
    expect(series[2]).toEqual({ day: "2026-11-21", casesFiled: 1, approvals: 1, approvedFen: 800, returnsConfirmed: 0 });
  });
});
