import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect.js";
import { preparedStatementPool } from "./prepared-pool.js";
import { migrate } from "./migrate.js";
import type { Database } from "./schema.js";

export type { Database } from "./schema.js";
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction on it: store functions accept both. */
export type Queryable = Kysely<Database>;

export interface DatabaseConfig {
  /** postgres://… to use a PostgreSQL server; absent means embedded PGlite. */
  url?: string;
  /** PGlite data directory (ignored with url). */
  dataDir?: string;
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** the server's URL (PostgreSQL only): bulk paths open a connection of their own for COPY */
  url?: string;
  close(): Promise<void>;
}

// int8 (counts, bigserial ids) as numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// date columns stay plain 'YYYY-MM-DD' strings, as PGlite returns them.
pg.types.setTypeParser(1082, (v) => v);

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  const handle = config.url ? openPostgres(config.url, config.poolSize ?? 8) : await openPGlite(config.dataDir);
  await migrate(handle.db);
  return handle;
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  return { db, kind: "postgres", url, close: () => db.destroy() };
}

async function openPGlite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // date columns stay plain 'YYYY-MM-DD' strings, as on the pg driver
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: { 1082: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: "pglite", close: () => db.destroy() };
}
