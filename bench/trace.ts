import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";
import type { Database } from "../src/db/database.js";
import { fileClaim } from "../src/modules/cases/service.js";
import { makePolicySource } from "../src/modules/policy/index.js";
import { claimBody, type BenchClaim } from "./dataset.js";

/**
 * The SQL behind fileClaim, seen from the driver: files a few claims through a Kysely that
 * logs every statement, and reports the round trips and database time per claim.
 */

/** One statement as the driver sent it. */
export interface TracedStatement {
  sql: string;
  ms: number;
}

/** What the trace found: statements per claim, and the statements of one claim of each kind. */
export interface TraceReport {
  claims: number;
  /** average statements sent per claim (BEGIN and COMMIT included) */
  statementsPerClaim: number;
  /** average summed statement time per claim, single client, ms */
  dbMsPerClaim: number;
  /** average wall time of fileClaim, single client, ms */
  wallMsPerClaim: number;
  /** the statements of the first claim of each final case state */
  byState: Record<string, TracedStatement[]>;
}

/** Files `claims` one at a time through fileClaim with statement logging (they are really filed). */
export async function traceClaims(databaseUrl: string, claims: BenchClaim[]): Promise<TraceReport> {
  let current: TracedStatement[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      current.push({ sql: e.query.sql.replace(/\s+/g, " "), ms: e.queryDurationMillis });
    },
  });
  const deps = { db, policies: makePolicySource(db), clock: () => new Date() };
  const byState: Record<string, TracedStatement[]> = {};
  let statements = 0;
  let dbMs = 0;
  let wallMs = 0;
  try {
    await deps.policies.active();
    for (const c of claims) {
      current = [];
      const started = performance.now();
      const result = await fileClaim(deps, c.customerId, claimBody(c) as Parameters<typeof fileClaim>[2], `trace-${c.n}`);
      wallMs += performance.now() - started;
      // BEGIN and COMMIT go around the log in Kysely's PostgreSQL driver: count them by hand
      const sent = current.length + (current.some((s) => /^begin/i.test(s.sql)) ? 0 : 2);
      statements += sent;
      dbMs += current.reduce((s, q) => s + q.ms, 0);
      byState[result.body.state] ??= current;
    }
  } finally {
    await db.destroy();
  }
  const n = Math.max(claims.length, 1);
  return { claims: claims.length, statementsPerClaim: statements / n, dbMsPerClaim: dbMs / n, wallMsPerClaim: wallMs / n, byState };
}

/** The trace as lines for the console. */
export function formatTrace(t: TraceReport, verbose: boolean): string[] {
  const out = [
    `fileClaim, one client, ${t.claims} claims: ${t.statementsPerClaim.toFixed(1)} statements (round trips) per claim, ` +
      `${t.dbMsPerClaim.toFixed(2)} ms in statements, ${t.wallMsPerClaim.toFixed(2)} ms wall`,
  ];
  for (const [state, stmts] of Object.entries(t.byState)) {
    out.push(`  → ${state}: ${stmts.length} logged statements`);
    if (verbose) for (const s of stmts) out.push(`      ${s.ms.toFixed(2).padStart(6)} ms  ${s.sql.slice(0, 150)}`);
  }
  return out;
}
