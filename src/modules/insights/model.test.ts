import { describe, expect, it } from "vitest";
import { chinaDayOf, dayRange, daysOf, kpisOf, lastDays, perThousand, percent, previousRange, rankProblems, type ProblemGroup } from "./model.js";

describe("day ranges", () => {
  it("bounds China days: 00:00 Asia/Shanghai is 16:00 UTC the day before", () => {
    const checked = dayRange("2026-11-20", "2026-11-21");
    expect(checked).toMatchObject({ ok: true, range: { days: 2 } });
    if (!checked.ok) return;
    expect(checked.range.start.toISOString()).toBe("2026-11-19T16:00:00.000Z");
    expect(checked.range.end.toISOString()).toBe("2026-11-21T16:00:00.000Z");
    expect(daysOf(checked.range)).toEqual(["2026-11-20", "2026-11-21"]);
  });

  it.each([
    ["2026-11-21", "2026-11-20", "after"],
    ["2026-02-30", "2026-03-01", "not a calendar date"],
    ["2025-01-01", "2026-01-02", "at most 366"],
  ])("refuses %s..%s (%s)", (from, to, error) => {
    const checked = dayRange(from, to);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toContain(error);
  });

  it("compares with the same number of days just before", () => {
    const checked = dayRange("2026-03-01", "2026-03-14");
    if (!checked.ok) throw new Error(checked.error);
    expect(previousRange(checked.range)).toMatchObject({ from: "2026-02-15", to: "2026-02-28", days: 14 });
  });

  it("counts the last days up to the China day of now", () => {
    // 2026-11-20 17:00 UTC is already 11-21 in China
    expect(chinaDayOf(new Date("2026-11-20T17:00:00Z"))).toBe("2026-11-21");
    expect(lastDays(new Date("2026-11-20T17:00:00Z"), 14)).toEqual({ from: "2026-11-08", to: "2026-11-21" });
  });
});

describe("figures", () => {
  it("divides only where there is something to divide by", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBeNull();
    expect(perThousand(3, 9)).toBe(333.33);
    expect(perThousand(1, 0)).toBeNull();
  });

  it("answers zeros and nulls for a period where nothing happened", () => {
    expect(kpisOf({})).toMatchObject({ casesFiled: 0, automaticDecisionPercent: null, averageScore: null, firstResponseMinutes: { measured: 0, median: null, p90: null } });
  });

  it("averages scores and rounds times to a tenth", () => {
    const k = kpisOf({ ratings: 3, scoreSum: 13, satisfied: 2, firstResponse: { measured: 2, median: 12.345, p90: 90.06 } });
    expect(k).toMatchObject({ averageScore: 4.33, satisfiedPercent: 66.7, firstResponseMinutes: { median: 12.3, p90: 90.1 } });
  });

  it("ranks problems by cases and by cost, ten each", () => {
    const group = (key: string, cases: number, costFen: number): ProblemGroup => ({ key, label: key, sku: null, supplierId: null, supplierName: null, cases, itemsClaimed: cases, claimedFen: costFen, costFen, itemsDelivered: 0, complaintsPerThousandItems: null });
    const groups = [group("A", 5, 100), group("B", 1, 9000), group("C", 5, 200), ...Array.from({ length: 12 }, (_, i) => group(`Z${i}`, 0, 0))];
    const { byCases, byCost } = rankProblems(groups);
    expect(byCases.map((g) => g.key).slice(0, 3)).toEqual(["C", "A", "B"]);
    expect(byCost.map((g) => g.key).slice(0, 3)).toEqual(["B", "C", "A"]);
    expect(byCases).toHaveLength(10);
  });
});
