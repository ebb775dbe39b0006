import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../src/db/database.js";
import { ensureDefaultPolicy, makePolicySource } from "../src/modules/policy/index.js";
import { buildClaims, loadOrders, mixOf, prepareRequests } from "./dataset.js";
import { busyBetween, cpuBusy, driveRequests, machineCpu, processCpuMs, startServers, type LoadResult, type Servers } from "./http-load.js";
import { runPgbench, type PgbenchResult } from "./pgbench.js";
import { benchPglite, type PgliteResult } from "./pglite.js";
import { dropDatabase, ensurePostgres, recreateDatabase } from "./postgres.js";
import { formatSummary, loadWarnings, statusLine } from "./report.js";
import { prepareTargets } from "./targets.js";
import { formatTrace, traceClaims } from "./trace.js";

/**
 * npm run bench:intake — how fast claims are filed (POST /api/v1/cases) through the real
 * server on PostgreSQL, against the ceiling of the same SQL sent by pgbench, plus claims/s
 * on embedded PGlite. The phases run one after the other: the machine is small.
 */

const { values: opts } = parseArgs({
  options: {
    orders: { type: "string", default: "30000" },
    days: { type: "string", default: "4" },
    duration: { type: "string", default: "15" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "64" },
    servers: { type: "string", default: "1" },
    "pool-size": { type: "string" },
    "http-share": { type: "string", default: "0.35" },
    "pgbench-clients": { type: "string", default: "64" },
    "pgbench-threads": { type: "string", default: "2" },
    // the server sends named prepared statements (src/db/prepared-pool.ts): pgbench does the same
    "pgbench-mode": { type: "string", default: "prepared" },
    "pglite-orders": { type: "string", default: "3000" },
    "pglite-duration": { type: "string", default: "10" },
    "pglite-connections": { type: "string", default: "8" },
    "skip-pgbench": { type: "boolean", default: false },
    "skip-pglite": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    trace: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    server: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    database: { type: "string", default: "anxin_bench" },
    help: { type: "boolean", default: false },
  },
});

if (opts.help) {
  console.log(`npm run bench:intake -- [--orders 30000] [--duration 15] [--warmup 3] [--connections 64] [--servers 1]
  [--pool-size N] (server DB_POOL_SIZE)  [--http-share 0.35] (share of claimable lines for HTTP; the rest go to pgbench)
  [--pgbench-clients 64] [--pgbench-threads 2] [--pgbench-mode prepared|extended|simple]
  [--pglite-orders 3000] [--pglite-duration 10] [--pglite-connections 8] [--skip-pgbench] [--skip-pglite]
  [--cpu-prof DIR] (servers run with --cpu-prof)  [--trace] (print fileClaim's statements)  [--keep] (keep ${opts.database})`);
  process.exit(0);
}

const int = (name: keyof typeof opts) => {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};
const log = (line: string) => console.log(`[bench] ${line}`);
const background: string[] = [];
const notes: string[] = [];
/** What else keeps the CPUs busy: sampled for a second while the benchmark itself is idle. */
const noteBackground = async (phase: string) => {
  const busy = `${(((await cpuBusy(1000)) || 0) * 100).toFixed(0)} %`;
  background.push(`${phase} ${busy}`);
  log(`${phase}: CPU busy before the run (others): ${busy} of ${availableParallelism()} cores`);
};

async function checkpoint(handle: DatabaseHandle) {
  await sql`checkpoint`.execute(handle.db);
}

async function main() {
  const duration = int("duration");
  const warmup = int("warmup");
  const serverCount = Math.max(1, int("servers"));
  const connections = int("connections");
  const secret = randomBytes(24).toString("base64url");
  const dir = await mkdtemp(join(tmpdir(), "anxin-bench-"));
  let handle: DatabaseHandle | undefined;
  let servers: Servers | undefined;
  let databaseUrl: string | undefined;
  let http: LoadResult | undefined;
  let pgbench: PgbenchResult | undefined;
  let pglite: PgliteResult | undefined;
  try {
    // 1. the scratch database, migrated, with demo orders and claims on them
    await ensurePostgres(opts.server, log);
    databaseUrl = await recreateDatabase(opts.server, opts.database);
    handle = await openDatabase({ url: databaseUrl, poolSize: 4 });
    await ensureDefaultPolicy(handle.db);
    const now = new Date();
    const loaded = await loadOrders(handle, { orders: int("orders"), days: int("days"), now, databaseUrl });
    log(`${loaded.created} orders loaded by ${loaded.method} in ${(loaded.elapsedMs / 1000).toFixed(1)} s (${loaded.rejected} rejected)`);
    const claims = await buildClaims(handle);
    await sql`vacuum analyze`.execute(handle.db);
    const traced = claims.slice(-40);
    const httpCount = Math.floor((claims.length - traced.length) * Number(opts["http-share"]));
    const httpClaims = claims.slice(0, httpCount);
    const pgbenchClaims = claims.slice(httpCount, claims.length - traced.length);
    log(`${claims.length} claimable lines: ${httpClaims.length} for HTTP, ${pgbenchClaims.length} for pgbench; mix ${JSON.stringify(mixOf(claims))}`);

    // the SQL behind one claim, one client: round trips and time in the database
    const trace = await traceClaims(databaseUrl, traced);
    for (const line of formatTrace(trace, opts.trace)) log(line);
    notes.push(`fileClaim: ${trace.statementsPerClaim.toFixed(1)} SQL round trips per claim; one client alone: ${trace.wallMsPerClaim.toFixed(1)} ms per claim`);

    // 2. the real server(s), 3. autocannon
    const requests = await prepareRequests(handle.db, httpClaims, secret, "http");
    const env: Record<string, string> = { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ANXIN_TOKEN_SECRET: secret, ANXIN_EVIDENCE_DIR: join(dir, "evidence") };
    if (opts["pool-size"]) env.DB_POOL_SIZE = opts["pool-size"];
    const nodeArgs = opts["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${opts["cpu-prof"]}`] : [];
    servers = await startServers(serverCount, env, nodeArgs);
    log(`${serverCount} server(s) up: ${servers.urls.join(", ")}`);
    const cursor = { next: 0 };
    const path = "/api/v1/cases";
    if (warmup > 0) {
      const w = await driveRequests(servers.urls, requests, cursor, { path, connections, duration: warmup });
      log(`warm-up: ${w.responses} responses (${statusLine(w)})`);
    }
    await checkpoint(handle);
    await noteBackground("HTTP");
    // where the CPU goes: the server process(es), their PostgreSQL backends, the whole machine
    const backends = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(handle.db);
    const cpuOf = async (pids: number[]) => (await Promise.all(pids.map(processCpuMs))).reduce((a, b) => a + b, 0);
    const before = { server: await cpuOf(servers.pids), db: await cpuOf(backends.rows.map((r) => r.pid)), machine: await machineCpu() };
    http = await driveRequests(servers.urls, requests, cursor, { path, connections, duration });
    const serverMs = (await cpuOf(servers.pids)) - before.server;
    const dbMs = (await cpuOf(backends.rows.map((r) => r.pid))) - before.db;
    const busy = busyBetween(before.machine, await machineCpu());
    log(`HTTP: ${http.rps.toFixed(1)} req/s, p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms; ${statusLine(http)}`);
    const perClaim = (ms: number) => (http!.responses ? (ms / http!.responses).toFixed(2) : "n/a");
    notes.push(`HTTP CPU per claim: server ${perClaim(serverMs)} ms, its PostgreSQL backends ${perClaim(dbMs)} ms; machine ${(busy * 100).toFixed(0)} % busy during the run`);
    log(notes.at(-1)!);
    for (const w of loadWarnings("HTTP", http)) log(w);
    await servers.stop();
    servers = undefined;
    if (opts["cpu-prof"]) log(`CPU profiles of the server(s) in ${opts["cpu-prof"]}`);

    // 4. the same SQL through pgbench, on lines the HTTP run did not touch
    if (!opts["skip-pgbench"]) {
      const policy = await makePolicySource(handle.db).active();
      const kinds = await prepareTargets(handle, databaseUrl, pgbenchClaims, policy, new Date());
      log(`pgbench targets by outcome: refund ${kinds[1]}, approve (return) ${kinds[2]}, reship ${kinds[3]}, compensate ${kinds[4]}, review ${kinds[5]}, reject ${kinds[6]}`);
      const pgOptions = { clients: int("pgbench-clients"), threads: int("pgbench-threads"), protocol: opts["pgbench-mode"] as "prepared" };
      if (warmup > 0) await runPgbench(databaseUrl, join(dir, "pgbench"), { ...pgOptions, duration: warmup });
      await checkpoint(handle);
      await noteBackground("pgbench");
      const machineBefore = await machineCpu();
      pgbench = await runPgbench(databaseUrl, join(dir, "pgbench"), { ...pgOptions, duration });
      notes.push(`pgbench: machine ${(busyBetween(machineBefore, await machineCpu()) * 100).toFixed(0)} % busy during the run`);
      log(`pgbench: ${pgbench.tps.toFixed(1)} tps, latency avg ${pgbench.latencyAvg.toFixed(1)} ms, p99 ${pgbench.p99.toFixed(1)} ms`);
      for (const p of pgbench.problems) log(`pgbench: ${p}`);
    }
    await handle.close();
    handle = undefined;

    // 5. PGlite
    if (!opts["skip-pglite"]) {
      await noteBackground("PGlite");
      pglite = await benchPglite({
        dir, orders: int("pglite-orders"), days: int("days"), duration: int("pglite-duration"), warmup: Math.min(warmup, 2),
        connections: int("pglite-connections"), secret, log,
      });
    }
    const setup =
      `${loaded.created} orders; HTTP: ${serverCount} server(s), ${connections} connections, ${duration} s after ${warmup} s warm-up, ` +
      `DB_POOL_SIZE ${opts["pool-size"] ?? "default"}; pgbench: ${int("pgbench-clients")} clients, -j ${int("pgbench-threads")}, -M ${opts["pgbench-mode"]}; ` +
      `PGlite: ${int("pglite-connections")} connections, ${int("pglite-duration")} s`;
    for (const line of formatSummary({ setup, http, pgbench, pglite, background, notes })) console.log(line);
  } finally {
    // 6. clean up
    await servers?.stop().catch(() => {});
    await handle?.close().catch(() => {});
    if (!opts.keep) await dropDatabase(opts.server, opts.database).catch((e: Error) => log(`could not drop ${opts.database}: ${e.message}`));
    else log(`kept database ${opts.database}`);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
