import type { Queryable } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import { dayRange, daysOf, kpisOf, lastDays, perThousand, previousRange, rankProblems, type DayRange, type Kpis, type ProblemGroup } from "./model.js";
import { deliveredBy, periodFacts, problemGroups, type Dimension } from "./store.js";

export interface InsightsDeps {
  db: Queryable;
  clock: () => Date;
}

/** The range a dashboard opens on: the last 14 China days, today included. */
export const DEFAULT_DAYS = 14;

export interface KpiReport {
  range: { from: string; to: string; days: number };
  previousRange: { from: string; to: string; days: number };
  current: Kpis;
  previous: Kpis;
  daily: (Kpis & { day: string })[];
}

export interface ProblemReport {
  range: { from: string; to: string; days: number };
  skus: { byCases: ProblemGroup[]; byCost: ProblemGroup[] };
  batches: { byCases: ProblemGroup[]; byCost: ProblemGroup[] };
  suppliers: { byCases: ProblemGroup[]; byCost: ProblemGroup[] };
}

/** The range asked for (default: the last 14 days), or a 422 problem saying what is wrong with it. */
export function requestedRange(clock: () => Date, from?: string, to?: string): DayRange {
  // a lone end fixes the range around it; neither: the last 14 days
  const fallback = lastDays(to ? new Date(`${to}T12:00:00+08:00`) : from ? new Date(new Date(`${from}T12:00:00+08:00`).getTime() + (DEFAULT_DAYS - 1) * 86_400_000) : clock(), DEFAULT_DAYS);
  const checked = dayRange(from ?? fallback.from, to ?? fallback.to);
  if (!checked.ok) throw new Problem(422, "validation", "Invalid date range", checked.error);
  return checked.range;
}

const rangeView = (r: DayRange) => ({ from: r.from, to: r.to, days: r.days });

/** The figures of a range and of the same-length range before it, with a trend per China day. */
export async function kpiReport(deps: InsightsDeps, range: DayRange): Promise<KpiReport> {
  const previous = previousRange(range);
  const facts = await periodFacts(deps.db, { start: previous.start, current: range.start, end: range.end });
  return {
    range: rangeView(range),
    previousRange: rangeView(previous),
    current: kpisOf(facts.get("current") ?? {}),
    previous: kpisOf(facts.get("previous") ?? {}),
    daily: daysOf(range).map((day) => ({ day, ...kpisOf(facts.get(`current ${day}`) ?? {}) })),
  };
}

async function ranked(deps: InsightsDeps, range: DayRange, dimension: Dimension) {
  const top = rankProblems(await problemGroups(deps.db, range, dimension));
  const keys = [...new Set([...top.byCases, ...top.byCost].map((g) => g.key))];
  const delivered = await deliveredBy(deps.db, range, dimension, keys);
  const withRate = (g: ProblemGroup): ProblemGroup => {
    const items = delivered.get(g.key) ?? 0;
    return { ...g, itemsDelivered: items, complaintsPerThousandItems: perThousand(g.itemsClaimed, items) };
  };
  return { byCases: top.byCases.map(withRate), byCost: top.byCost.map(withRate) };
}

/** The SKUs, batches and suppliers whose goods were claimed most in a range, and cost the most. */
export async function problemReport(deps: InsightsDeps, range: DayRange): Promise<ProblemReport> {
  const [skus, batches, suppliers] = await Promise.all([ranked(deps, range, "sku"), ranked(deps, range, "batch"), ranked(deps, range, "supplier")]);
  return { range: rangeView(range), skus, batches, suppliers };
}
