import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { promisify } from "node:util";
import pg from "pg";

/**
 * The local PostgreSQL server the benchmark runs against: making sure it answers, and
 * creating and dropping the scratch database.
 */

const run = promisify(execFile);

/** The server's URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Waits for the server at `serverUrl`, starting the newest local cluster once if it does not answer. */
export async function ensurePostgres(serverUrl: string, log: (line: string) => void): Promise<void> {
  const adminUrl = withDatabase(serverUrl, "postgres");
  if (await answers(adminUrl)) return;
  const versions = (await readdir("/etc/postgresql").catch(() => [] as string[])).sort((a, b) => Number(a) - Number(b));
  const version = versions.at(-1);
  if (!version) throw new Error(`PostgreSQL does not answer at ${adminUrl} and no local cluster was found to start`);
  log(`starting PostgreSQL ${version} (pg_ctlcluster)`);
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]).catch((e: Error) => log(`  pg_ctlcluster: ${e.message.trim()}`));
  for (let i = 0; i < 30; i++) {
    if (await answers(adminUrl)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`PostgreSQL did not come up at ${adminUrl}`);
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in the target). */
async function admin(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Drops (closing its connections) and creates the scratch database; returns its URL. */
export async function recreateDatabase(serverUrl: string, database: string): Promise<string> {
  await dropDatabase(serverUrl, database);
  await admin(serverUrl, [`create database ${quoteIdent(database)}`]);
  return withDatabase(serverUrl, database);
}

/** Drops the scratch database, closing whatever connections are left on it. */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await admin(serverUrl, [`drop database if exists ${quoteIdent(database)} with (force)`]);
}

/** One short-lived connection for set-up queries. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
