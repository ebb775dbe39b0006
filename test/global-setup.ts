import { cp, mkdir, rm, stat } from "node:fs/promises";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { PGLITE_TEMPLATE_DIR, POSTGRES_TEMPLATE_DB, adminUrl, testDatabaseKind } from "./db.js";

/**
 * Prepares one migrated database to copy from: a PGlite data directory, or a template
 * database on the PostgreSQL server. Creating PGlite takes seconds; copying it, a fraction.
 */
export default async function setup(): Promise<void> {
  if (testDatabaseKind() === "postgres") {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${POSTGRES_TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${POSTGRES_TEMPLATE_DB}`);
    await admin.end();
    const handle = await openDatabase({ url: adminUrl(POSTGRES_TEMPLATE_DB), poolSize: 1 });
    await handle.close();
    return;
  }
  const building = `${PGLITE_TEMPLATE_DIR}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  const handle = await openDatabase({ dataDir: building });
  await handle.close();
  await rm(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
  await cp(building, PGLITE_TEMPLATE_DIR, { recursive: true });
  await rm(building, { recursive: true, force: true });
  await stat(PGLITE_TEMPLATE_DIR);
}
