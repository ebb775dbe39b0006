import { join } from "node:path";
import { createApp } from "../src/app.js";
import { readConfig } from "../src/config.js";
import { buildClaims, loadOrders, prepareRequests } from "./dataset.js";
import { driveRequests, startServers, type LoadResult } from "./http-load.js";

/**
 * Claims per second on embedded PGlite: an app on a fresh data directory gets demo orders
 * (through createApp and importOrders), then the real server is started on that directory
 * as a child process and autocannon files claims against it.
 */

/** Options of the PGlite run. */
export interface PgliteOptions {
  dir: string;
  orders: number;
  days: number;
  duration: number;
  warmup: number;
  connections: number;
  secret: string;
  log: (line: string) => void;
}

/** The PGlite run's measurement and how many claims it had to file. */
export interface PgliteResult {
  load: LoadResult;
  orders: number;
  claims: number;
}

/** Prepares the PGlite data directory, starts a server on it and drives POST /api/v1/cases. */
export async function benchPglite(o: PgliteOptions): Promise<PgliteResult> {
  const dataDir = join(o.dir, "pglite");
  const evidenceDir = join(o.dir, "pglite-evidence");
  const config = { ...readConfig({}), databaseUrl: undefined, dataDir, evidenceDir, tokenSecret: o.secret, logLevel: "warn" };
  const app = await createApp(config, { logger: false });
  let requests;
  let orders = 0;
  try {
    const started = performance.now();
    const summary = await loadOrders(app.database, { orders: o.orders, days: o.days, now: new Date() });
    orders = summary.created;
    const claims = await buildClaims(app.database);
    requests = await prepareRequests(app.database.db, claims, o.secret, "pglite");
    o.log(`PGlite: ${orders} orders (${summary.method}), ${claims.length} claimable lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app.stop();
  }
  const servers = await startServers(1, {
    DATABASE_URL: "",
    ANXIN_DATA_DIR: dataDir,
    ANXIN_EVIDENCE_DIR: evidenceDir,
    ANXIN_TOKEN_SECRET: o.secret,
    LOG_LEVEL: "warn",
  });
  try {
    const cursor = { next: 0 };
    const path = "/api/v1/cases";
    if (o.warmup > 0) await driveRequests(servers.urls, requests, cursor, { path, connections: o.connections, duration: o.warmup });
    const load = await driveRequests(servers.urls, requests, cursor, { path, connections: o.connections, duration: o.duration });
    return { load, orders, claims: requests.length };
  } finally {
    await servers.stop();
  }
}
