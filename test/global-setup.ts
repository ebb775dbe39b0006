import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { PGLITE_TEMPLATE_DIR, POSTGRES_TEMPLATE_DB, adminUrl, testDatabaseKind } from "./db.js";

/**
 * Prepares one migrated database to copy from: a PGlite data directory, or a template
 * database on the PostgreSQL server, named after the migrations' fingerprint. Creating PGlite
 * takes seconds; copying it, a fraction. A template that exists is reused; a new one is built
 * under a name of its own and renamed into place, so concurrent runs never see half of one.
 */
export default async function setup(): Promise<void> {
  const tag = `${process.pid}_${randomBytes(3).toString("hex")}`;
  if (testDatabaseKind() === "postgres") {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [POSTGRES_TEMPLATE_DB]);
      if (exists.rowCount) return;
      const building = `${POSTGRES_TEMPLATE_DB}_b_${tag}`;
      await admin.query(`create database ${building}`);
      const handle = await openDatabase({ url: adminUrl(building), poolSize: 1 });
      await handle.close();
      try {
        await admin.query(`alter database ${building} rename to ${POSTGRES_TEMPLATE_DB}`);
      } catch {
        await admin.query(`drop database if exists ${building} with (force)`); // another run made it first
      }
    } finally {
      await admin.end();
    }
    return;
  }
  await forgetOldTemplates();
  if (await stat(PGLITE_TEMPLATE_DIR).then(() => true, () => false)) return;
  const building = `${PGLITE_TEMPLATE_DIR}.building-${tag}`;
  await mkdir(building, { recursive: true });
  const handle = await openDatabase({ dataDir: building });
  await handle.close();
  try {
    await rename(building, PGLITE_TEMPLATE_DIR);
  } catch {
    await rm(building, { recursive: true, force: true }); // another run made it first
  }
}

/** PGlite templates of earlier schemas, untouched for an hour: no run still copies from them. */
async function forgetOldTemplates() {
  const parent = dirname(PGLITE_TEMPLATE_DIR);
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith("pglite-template") || name === basename(PGLITE_TEMPLATE_DIR)) continue;
    const info = await stat(join(parent, name)).catch(() => null);
    if (info && Date.now() - info.mtimeMs > 3_600_000) await rm(join(parent, name), { recursive: true, force: true });
  }
}
