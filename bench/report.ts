import { okShare, type LoadResult } from "./http-load.js";
import type { PgbenchResult } from "./pgbench.js";
import type { PgliteResult } from "./pglite.js";

/** The targets the intake path is held to. */
export const TARGETS = { ratio: 0.6, p99Ms: 50 } as const;

/** Everything the summary shows. */
export interface SummaryInput {
  setup: string;
  http: LoadResult;
  pgbench?: PgbenchResult;
  pglite?: PgliteResult;
  /** extra findings worth a line each (round trips, CPU per claim) */
  notes: string[];
  /** CPU busy with other work before each phase */
  background: string[];
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const ms = (n: number) => `${f(n)} ms`;
const verdict = (met: boolean | undefined) => (met === undefined ? "n/a" : met ? "met" : "NOT MET");

/** Responses by status, e.g. "201: 9123, 409: 2". */
export function statusLine(r: LoadResult): string {
  return Object.entries(r.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}: ${n}`)
    .join(", ");
}

/** Problems of a load run worth a line of their own: non-2xx, socket errors, a pool run dry. */
export function loadWarnings(name: string, r: LoadResult): string[] {
  const out: string[] = [];
  const non2xx = Object.entries(r.statuses).filter(([code]) => !code.startsWith("2"));
  if (non2xx.length) out.push(`${name}: non-2xx responses: ${non2xx.map(([c, n]) => `${n} × ${c}`).join(", ")}`);
  if (r.errors || r.timeouts) out.push(`${name}: ${r.errors} connection errors, ${r.timeouts} timeouts`);
  if (r.exhausted) out.push(`${name}: the claim pool ran dry; later requests were idempotent replays (raise --orders)`);
  if (r.responses && okShare(r) < 0.99) out.push(`${name}: only ${(okShare(r) * 100).toFixed(1)} % of responses were 2xx`);
  return out;
}

/** The summary table, as lines. */
export function formatSummary(s: SummaryInput): string[] {
  const { http, pgbench, pglite } = s;
  const ratio = pgbench && pgbench.tps > 0 ? http.rps / pgbench.tps : NaN;
  const rows: [string, string, string, string][] = [
    ["HTTP POST /api/v1/cases", `${f(http.rps)} req/s`, "", ""],
    ["  latency p50", ms(http.p50), "", ""],
    ["  latency p99", ms(http.p99), `< ${TARGETS.p99Ms} ms`, verdict(http.responses ? http.p99 < TARGETS.p99Ms : undefined)],
    ["  2xx share", `${f(okShare(http) * 100, 2)} %`, "", ""],
    ["pgbench, same SQL per claim", pgbench ? `${f(pgbench.tps)} tps` : "skipped", "", ""],
    ["  latency avg", pgbench ? ms(pgbench.latencyAvg) : "", "", ""],
    ["  latency p50 / p99", pgbench ? `${ms(pgbench.p50)} / ${ms(pgbench.p99)}` : "", "", ""],
    ["ratio HTTP req/s ÷ pgbench tps", f(ratio, 2), `≥ ${TARGETS.ratio}`, verdict(Number.isFinite(ratio) ? ratio >= TARGETS.ratio : undefined)],
    ["PGlite POST /api/v1/cases", pglite ? `${f(pglite.load.rps)} cases/s` : "skipped", "", ""],
    ["  latency p50 / p99", pglite ? `${ms(pglite.load.p50)} / ${ms(pglite.load.p99)}` : "", "", ""],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["", "measured", "target", "verdict"][i]!.length));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("   ").trimEnd();
  const rule = "─".repeat(widths.reduce((a, b) => a + b, 0) + 9);
  return [
    "",
    "═══ Anxin intake benchmark ═══",
    s.setup,
    rule,
    line(["", "measured", "target", "verdict"]),
    rule,
    ...rows.map(line),
    rule,
    `HTTP statuses: ${statusLine(http)} (${http.responses} responses in ${f(http.seconds)} s)`,
    ...(pgbench ? [`pgbench: ${pgbench.transactions} transactions, ${pgbench.failed} failed${pgbench.problems.length ? `; ${pgbench.problems[0]}` : ""}`] : []),
    ...(pglite ? [`PGlite: ${pglite.orders} orders, statuses ${statusLine(pglite.load)} (${pglite.load.responses} in ${f(pglite.load.seconds)} s)`] : []),
    ...s.notes,
    ...loadWarnings("HTTP", http),
    ...(pglite ? loadWarnings("PGlite", pglite.load) : []),
    `CPU busy with other processes just before each phase: ${s.background.join(", ")} (high values make the figures noisy)`,
    "",
  ];
}
