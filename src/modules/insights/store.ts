import { sql, type RawBuilder } from "kysely";
import type { Queryable } from "../../db/database.js";
import type { DayRange, PeriodFacts, ProblemGroup } from "./model.js";

/*
 * The insights module's SQL. It writes nothing: the dashboard is a reporting read over the
 * tables the other modules own (cases and their timelines, SLA clocks, the refund ledger,
 * compensation grants, ratings, order lines), like the audit view. Every query covers the
 * current range and the previous one at once and answers a row per (period, China day) plus
 * a total row per period (GROUPING SETS), so medians stay exact over the whole period.
 */

/** Which period each row belongs to, and its China day (null on a period's total row). */
export interface PeriodRow {
  period: "current" | "previous";
  day: string | null;
}

interface Bounds {
  /** start of the previous range */
  start: Date;
  /** start of the current range */
  current: Date;
  /** end of the current range (exclusive) */
  end: Date;
}

/** The finished states that count as resolved (a withdrawn or merged case was not resolved by anyone). */
const RESOLVED_STATES = ["refunded", "reshipped", "compensated", "closed", "rejected"];

// a staff member's answer to the customer, as the cases module's responseOf judges it: a message, or a
// state change a person made; never the filing itself (a leader's batch report files for customers)
const STAFF_RESPONSE = sql`e.actor like 'staff:%' and e.type <> 'submitted' and (e.type = 'message' or e.to_state is not null)`;

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The period and China-day columns of an instant. */
function stamped(b: Bounds, at: RawBuilder<unknown>) {
  return sql`case when ${at} >= ${ts(b.current)} then 'current' else 'previous' end as period,
    to_char((${at} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day`;
}

/** Rows of `inner` (which selects period, day and the measured columns) aggregated per day and per period. */
async function grouped<T>(db: Queryable, inner: RawBuilder<unknown>, aggregates: RawBuilder<unknown>): Promise<(PeriodRow & T)[]> {
  const query = sql<PeriodRow & T>`select period, day, ${aggregates} from (${inner}) x group by grouping sets ((period, day), (period))`;
  return (await query.execute(db)).rows;
}

const inRange = (b: Bounds, at: RawBuilder<unknown>) => sql`${at} >= ${ts(b.start)} and ${at} < ${ts(b.end)}`;
const spread = (column: string) =>
  sql`count(*)::int as measured,
    percentile_cont(0.5) within group (order by ${sql.ref(column)})::float8 as median,
    percentile_disc(0.9) within group (order by ${sql.ref(column)})::float8 as p90`;

/** Every figure of both periods, keyed by period and day ("current" / "current 2026-11-20"). */
export async function periodFacts(db: Queryable, b: Bounds): Promise<Map<string, PeriodFacts>> {
  const filedAt = sql.ref("c.created_at");
  const [filed, delivered, first, resolved, sla, refunds, grants, ratings] = await Promise.all([
    grouped<{ cases: number; automatic: number; items: number }>(
      db,
      sql`select ${stamped(b, filedAt)}, c.decision->>'outcome' <> 'review' as automatic,
        (select coalesce(sum(ci.quantity), 0) from case_items ci where ci.case_id = c.id) as items
        from cases c where ${inRange(b, filedAt)}`,
      sql`count(*)::int as cases, count(*) filter (where automatic)::int as automatic, coalesce(sum(items), 0)::float8 as items`,
    ),
    grouped<{ items: number }>(
      db,
      sql`select ${stamped(b, sql.ref("i.delivered_at"))}, i.quantity from order_items i where ${inRange(b, sql.ref("i.delivered_at"))}`,
      sql`coalesce(sum(quantity), 0)::float8 as items`,
    ),
    grouped<{ measured: number; median: number | null; p90: number | null }>(
      db,
      sql`with candidates as (select distinct e.case_id from case_events e where ${inRange(b, sql.ref("e.at"))} and ${STAFF_RESPONSE}),
        firsts as (select e.case_id, min(e.at) as at from case_events e where e.case_id in (select case_id from candidates) and ${STAFF_RESPONSE} group by e.case_id)
        select ${stamped(b, sql.ref("f.at"))}, extract(epoch from f.at - c.created_at)::float8 / 60 as minutes
        from firsts f join cases c on c.id = f.case_id
        where ${inRange(b, sql.ref("f.at"))} and c.decision->>'outcome' = 'review'`,
      spread("minutes"),
    ),
    grouped<{ measured: number; median: number | null; p90: number | null }>(
      db,
      sql`with candidates as (select distinct e.case_id from case_events e where ${inRange(b, sql.ref("e.at"))} and e.to_state in (${sql.join(RESOLVED_STATES)})),
        finishes as (select e.case_id, min(e.at) as at from case_events e where e.case_id in (select case_id from candidates) and e.to_state in (${sql.join(RESOLVED_STATES)}) group by e.case_id)
        select ${stamped(b, sql.ref("f.at"))}, extract(epoch from f.at - c.created_at)::float8 / 3600 as hours
        from finishes f join cases c on c.id = f.case_id
        where ${inRange(b, sql.ref("f.at"))}`,
      spread("hours"),
    ),
    grouped<{ met: number; missed: number }>(
      db,
      sql`select ${stamped(b, sql`coalesce(k.breached_at, k.stopped_at)`)}, k.met, k.breached_at
        from sla_clocks k where ${inRange(b, sql`coalesce(k.breached_at, k.stopped_at)`)}`,
      sql`count(*) filter (where breached_at is null and met)::int as met, count(*) filter (where breached_at is not null or met = false)::int as missed`,
    ),
    grouped<{ fen: number }>(
      db,
      sql`select ${stamped(b, sql.ref("l.at"))}, l.amount_fen from refund_ledger l where l.entry = 'paid' and ${inRange(b, sql.ref("l.at"))}`,
      sql`coalesce(sum(amount_fen), 0)::float8 as fen`,
    ),
    grouped<{ fen: number }>(
      db,
      sql`select ${stamped(b, sql.ref("g.granted_at"))}, g.value_fen from compensation_grants g where ${inRange(b, sql.ref("g.granted_at"))}`,
      sql`coalesce(sum(value_fen), 0)::float8 as fen`,
    ),
    grouped<{ ratings: number; score_sum: number; satisfied: number }>(
      db,
      sql`select ${stamped(b, sql.ref("r.created_at"))}, r.score from case_ratings r where ${inRange(b, sql.ref("r.created_at"))}`,
      sql`count(*)::int as ratings, coalesce(sum(score), 0)::float8 as score_sum, count(*) filter (where score >= 4)::int as satisfied`,
    ),
  ]);

  const facts = new Map<string, PeriodFacts>();
  function add<T>(rows: (PeriodRow & T)[], pick: (row: T) => PeriodFacts) {
    for (const row of rows) {
      const key = row.day === null ? row.period : `${row.period} ${row.day}`;
      facts.set(key, { ...facts.get(key), ...pick(row) });
    }
  }
  add(filed, (r) => ({ casesFiled: r.cases, automaticDecisions: r.automatic, itemsClaimed: r.items }));
  add(delivered, (r) => ({ itemsDelivered: r.items }));
  add(first, (r) => ({ firstResponse: { measured: r.measured, median: r.median, p90: r.p90 } }));
  add(resolved, (r) => ({ resolution: { measured: r.measured, median: r.median, p90: r.p90 } }));
  add(sla, (r) => ({ slaMet: r.met, slaMissed: r.missed }));
  add(refunds, (r) => ({ refundFen: r.fen }));
  add(grants, (r) => ({ compensationFen: r.fen }));
  add(ratings, (r) => ({ ratings: r.ratings, scoreSum: r.score_sum, satisfied: r.satisfied }));
  return facts;
}

export type Dimension = "sku" | "batch" | "supplier";

// the order line column each dimension groups by (constants, never input)
const DIMENSION_COLUMN: Record<Dimension, string> = { sku: "i.sku", batch: "i.batch_id", supplier: "i.supplier_id" };

interface GroupRow {
  key: string;
  label: string | null;
  sku: string | null;
  supplier_id: string | null;
  supplier_name: string | null;
  cases: number;
  items: number;
  claimed_fen: number;
  cost_fen: number;
}

/**
 * Cases filed in the range grouped by the SKU, batch or supplier of the goods claimed. A case's
 * cost (refunded plus compensation granted) is shared among its lines by their claimed amounts.
 */
export async function problemGroups(db: Queryable, range: DayRange, dimension: Dimension): Promise<ProblemGroup[]> {
  const key = sql.raw(DIMENSION_COLUMN[dimension]);
  const label = dimension === "sku" ? sql`max(i.name)` : dimension === "supplier" ? sql`max(s.name)` : sql`max(i.batch_id)`;
  const { rows } = await sql<GroupRow>`
    select ${key} as key, ${label} as label,
      case when count(distinct i.sku) = 1 then max(i.sku) end as sku,
      case when count(distinct i.supplier_id) = 1 then max(i.supplier_id) end as supplier_id,
      case when count(distinct i.supplier_id) = 1 then max(s.name) end as supplier_name,
      count(distinct c.id)::int as cases,
      sum(ci.quantity)::float8 as items,
      sum(ci.amount_fen)::float8 as claimed_fen,
      coalesce(sum(round((c.refunded_fen + coalesce(g.value_fen, 0))::numeric * ci.amount_fen / nullif(c.claimed_fen, 0))), 0)::float8 as cost_fen
    from cases c
      join case_items ci on ci.case_id = c.id
      join order_items i on i.id = ci.order_item_id
      left join suppliers s on s.id = i.supplier_id
      left join compensation_grants g on g.case_id = c.id
    where c.created_at >= ${ts(range.start)} and c.created_at < ${ts(range.end)} and ${key} is not null
    group by ${key}`.execute(db);
  return rows.map((r) => ({
    key: r.key,
    label: r.label ?? r.key,
    sku: r.sku,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    cases: r.cases,
    itemsClaimed: r.items,
    claimedFen: r.claimed_fen,
    costFen: r.cost_fen,
    itemsDelivered: 0,
    complaintsPerThousandItems: null,
  }));
}

/** Items delivered in the range per SKU, batch or supplier, for the keys asked. */
export async function deliveredBy(db: Queryable, range: DayRange, dimension: Dimension, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const key = sql.raw(DIMENSION_COLUMN[dimension]);
  const { rows } = await sql<{ key: string; items: number }>`
    select ${key} as key, sum(i.quantity)::float8 as items from order_items i
    where i.delivered_at >= ${ts(range.start)} and i.delivered_at < ${ts(range.end)} and ${key} in (${sql.join([...keys])})
    group by ${key}`.execute(db);
  return new Map(rows.map((r) => [r.key, r.items]));
}
