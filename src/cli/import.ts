/**
 * Imports orders from an NDJSON or CSV file (as written by `npm run generate`).
 *
 *   npm run import -- <file.ndjson|file.csv> [--database-url postgres://…] [--data-dir .data/pglite]
 *                     [--batch 1000] [--format ndjson|csv]
 *
 * The file is streamed, never loaded whole. Bad orders are reported with their line number
 * and skipped; the rest is written. On a PostgreSQL server batches go through COPY, on
 * PGlite through ingestOrders. Without --database-url, DATABASE_URL is used if set, else PGlite.
 */
import { mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/database.js";
import { importOrders, type RejectedOrder } from "../modules/orders/import.js";
import { openOrderFile } from "../modules/orders/order-file.js";
import { startProgress } from "./progress.js";

/** Rejections printed one by one; the rest are only counted. */
const PRINTED_REJECTIONS = 1000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "database-url": { type: "string" },
    "data-dir": { type: "string", default: ".data/pglite" },
    batch: { type: "string", default: "1000" },
    format: { type: "string" },
  },
});

const path = positionals[0];
if (!path || positionals.length > 1) fail("give one file to import: npm run import -- <file.ndjson|file.csv>");
const batchSize = Number(values.batch);
if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail(`--batch must be a positive whole number, not ${values.batch}`);
const format = values.format;
if (format !== undefined && format !== "ndjson" && format !== "csv") fail(`--format must be ndjson or csv, not ${format}`);

const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
if (!databaseUrl) await mkdir(values["data-dir"], { recursive: true });
const handle = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: values["data-dir"] });
const file = await openOrderFile(path, format);
const progress = startProgress("import", file.totalBytes);
let printed = 0;

try {
  const summary = await importOrders(handle, file.orders, {
    batchSize,
    ...(databaseUrl ? { databaseUrl } : {}),
    keepRejections: 0,
    onRejected: (rejection) => {
      if (printed++ < PRINTED_REJECTIONS) progress.log(describe(rejection));
    },
    onProgress: (p) => {
      const rate = Math.round(p.read / Math.max(p.elapsedMs / 1000, 1e-3));
      progress.update(file.bytesRead(), `${p.read} orders, ${rate}/s | new ${p.created} changed ${p.updated} same ${p.unchanged} rejected ${p.rejected}`);
    },
  });
  progress.update(file.totalBytes, `${summary.read} orders`);
  progress.stop();
  if (summary.rejected > PRINTED_REJECTIONS) process.stderr.write(`… and ${summary.rejected - PRINTED_REJECTIONS} more rejected orders\n`);
  const where = handle.kind === "postgres" ? "PostgreSQL" : `PGlite (${values["data-dir"]})`;
  process.stdout.write(
    [
      `imported ${path} into ${where} via ${summary.method === "copy" ? "COPY" : "ingestOrders"} in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
      `  read       ${summary.read}`,
      `  created    ${summary.created}`,
      `  updated    ${summary.updated}`,
      `  unchanged  ${summary.unchanged}`,
      `  rejected   ${summary.rejected}`,
      `  ${Math.round(summary.ordersPerSecond)} orders/s`,
      "",
    ].join("\n"),
  );
} catch (error) {
  progress.stop();
  process.stderr.write(`import: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}

function describe(r: RejectedOrder): string {
  const where = r.line !== undefined ? `line ${r.line}` : `order #${r.position}`;
  return `${where}${r.orderId ? ` (${r.orderId})` : ""}: ${r.kind === "conflict" ? "conflicts with claims" : "invalid"}: ${r.errors.join("; ")}`;
}

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(1);
}
