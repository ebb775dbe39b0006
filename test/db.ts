import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/db/database.js";

/**
 * The migrations' fingerprint names the template databases, so runs with the same schema share
 * one template and runs going on at the same time with different schemas never clash.
 */
function schemaFingerprint(): string {
  const dir = join(process.cwd(), "src", "db", "migrations");
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest("hex").slice(0, 12);
}
const FINGERPRINT = schemaFingerprint();
export const PGLITE_TEMPLATE_DIR = join(process.cwd(), ".tmp", `pglite-template-${FINGERPRINT}`);
export const POSTGRES_TEMPLATE_DB = `anxin_test_template_${FINGERPRINT}`;

/** Which database the db tests run on: TEST_DATABASE=postgres, or PGlite by default. */
export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
}

export function adminUrl(database = "postgres"): string {
  const base = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, migrated database of its own for one test file; drop it with close(). */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (testDatabaseKind() === "postgres") {
    const name = `anxin_test_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name} template ${POSTGRES_TEMPLATE_DB}`);
    await admin.end();
    const handle = await openDatabase({ url: adminUrl(name), poolSize: 10 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const a = new pg.Client({ connectionString: adminUrl() });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "anxin-pglite-"));
  await cp(PGLITE_TEMPLATE_DIR, dir, { recursive: true });
  const handle = await openDatabase({ dataDir: dir });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
