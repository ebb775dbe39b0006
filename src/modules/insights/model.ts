/*
 * Operations insights as pure arithmetic: China-day ranges, the previous period a range is
 * compared with, and the shaping of the aggregates the store reads into the figures the
 * dashboard shows. No database, no clock.
 */

const DAY_MS = 86_400_000;
// China time (Asia/Shanghai) is UTC+8 all year, no daylight saving
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** the longest range one request may ask for: a (leap) year of China days */
export const MAX_RANGE_DAYS = 366;

/** A range of whole China days, `from` and `to` included, and the instants that bound it. */
export interface DayRange {
  from: string;
  to: string;
  days: number;
  /** 00:00 Asia/Shanghai on `from` */
  start: Date;
  /** 00:00 Asia/Shanghai the day after `to` (exclusive) */
  end: Date;
}

export type RangeCheck = { ok: true; range: DayRange } | { ok: false; error: string };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a China day starts, or null if `day` is no calendar date (2026-02-30). */
export function chinaDayStart(day: string): Date | null {
  const m = DAY_PATTERN.exec(day);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== day) return null;
  return new Date(utc - CHINA_OFFSET_MS);
}

/** The China day an instant falls on, as YYYY-MM-DD. */
export function chinaDayOf(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Checks a requested range: real dates, from ≤ to, at most MAX_RANGE_DAYS days. */
export function dayRange(from: string, to: string): RangeCheck {
  const start = chinaDayStart(from);
  const last = chinaDayStart(to);
  if (!start) return { ok: false, error: `from ${from} is not a calendar date` };
  if (!last) return { ok: false, error: `to ${to} is not a calendar date` };
  if (last < start) return { ok: false, error: `from ${from} is after to ${to}` };
  const days = Math.round((last.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) return { ok: false, error: `${days} days asked; at most ${MAX_RANGE_DAYS}` };
  return { ok: true, range: { from, to, days, start, end: new Date(last.getTime() + DAY_MS) } };
}

/** The range of the same length that ends the day before `range` starts: what deltas compare with. */
export function previousRange(range: DayRange): DayRange {
  const start = new Date(range.start.getTime() - range.days * DAY_MS);
  const end = range.start;
  return { from: chinaDayOf(start), to: chinaDayOf(new Date(end.getTime() - DAY_MS)), days: range.days, start, end };
}

/** The last `days` China days ending with the day `now` falls on. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  const to = chinaDayOf(now);
  const from = chinaDayOf(new Date(now.getTime() - (days - 1) * DAY_MS));
  return { from, to };
}

/** Every China day of a range, in order. */
export function daysOf(range: DayRange): string[] {
  return Array.from({ length: range.days }, (_, i) => chinaDayOf(new Date(range.start.getTime() + i * DAY_MS)));
}

/** The figures of one period (a whole range, or one day of it). */
export interface Kpis {
  casesFiled: number;
  automaticDecisions: number;
  automaticDecisionPercent: number | null;
  itemsClaimed: number;
  itemsDelivered: number;
  complaintsPerThousandItems: number | null;
  firstResponseMinutes: Spread;
  resolutionHours: Spread;
  slaMet: number;
  slaMissed: number;
  slaCompliancePercent: number | null;
  refundFen: number;
  compensationFen: number;
  ratings: number;
  averageScore: number | null;
  satisfiedPercent: number | null;
}

/** How many cases were measured and the median and 90th percentile of what was measured. */
export interface Spread {
  measured: number;
  median: number | null;
  p90: number | null;
}

/** What the store reads for one period; every field may be missing where nothing happened. */
export interface PeriodFacts {
  casesFiled?: number;
  automaticDecisions?: number;
  itemsClaimed?: number;
  itemsDelivered?: number;
  firstResponse?: Spread;
  resolution?: Spread;
  slaMet?: number;
  slaMissed?: number;
  refundFen?: number;
  compensationFen?: number;
  ratings?: number;
  scoreSum?: number;
  satisfied?: number;
}

const NO_SPREAD: Spread = { measured: 0, median: null, p90: null };

/** A share in percent with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** Complaints per 1,000 items with two decimals, or null when no item was delivered. */
export function perThousand(claimed: number, delivered: number): number | null {
  return delivered > 0 ? Math.round((claimed / delivered) * 100_000) / 100 : null;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** The figures of a period from its facts. */
export function kpisOf(f: PeriodFacts): Kpis {
  const casesFiled = f.casesFiled ?? 0;
  const automatic = f.automaticDecisions ?? 0;
  const claimed = f.itemsClaimed ?? 0;
  const delivered = f.itemsDelivered ?? 0;
  const met = f.slaMet ?? 0;
  const missed = f.slaMissed ?? 0;
  const ratings = f.ratings ?? 0;
  const first = f.firstResponse ?? NO_SPREAD;
  const resolution = f.resolution ?? NO_SPREAD;
  return {
    casesFiled,
    automaticDecisions: automatic,
    automaticDecisionPercent: percent(automatic, casesFiled),
    itemsClaimed: claimed,
    itemsDelivered: delivered,
    complaintsPerThousandItems: perThousand(claimed, delivered),
    firstResponseMinutes: { measured: first.measured, median: round1(first.median), p90: round1(first.p90) },
    resolutionHours: { measured: resolution.measured, median: round1(resolution.median), p90: round1(resolution.p90) },
    slaMet: met,
    slaMissed: missed,
    slaCompliancePercent: percent(met, met + missed),
    refundFen: f.refundFen ?? 0,
    compensationFen: f.compensationFen ?? 0,
    ratings,
    averageScore: ratings > 0 ? Math.round(((f.scoreSum ?? 0) / ratings) * 100) / 100 : null,
    satisfiedPercent: percent(f.satisfied ?? 0, ratings),
  };
}

/** A problem SKU, batch or supplier: what was claimed on its goods in the range, and what it cost. */
export interface ProblemGroup {
  key: string;
  label: string;
  /** the SKU of a batch, the supplier of a SKU or batch, where known */
  sku: string | null;
  supplierId: string | null;
  supplierName: string | null;
  cases: number;
  itemsClaimed: number;
  claimedFen: number;
  costFen: number;
  itemsDelivered: number;
  complaintsPerThousandItems: number | null;
}

export const TOP_N = 10;

/** The top groups by cases (then cost) and by cost (then cases), TOP_N each. */
export function rankProblems(groups: readonly ProblemGroup[]): { byCases: ProblemGroup[]; byCost: ProblemGroup[] } {
  const byCases = [...groups].sort((a, b) => b.cases - a.cases || b.costFen - a.costFen || a.key.localeCompare(b.key)).slice(0, TOP_N);
  const byCost = [...groups].sort((a, b) => b.costFen - a.costFen || b.cases - a.cases || a.key.localeCompare(b.key)).slice(0, TOP_N);
  return { byCases, byCost };
}
