/**
 * Writes demo orders of a regional community-group-buying platform to a file.
 *
 *   npm run generate -- --orders 50000 --seed 42 --out demo.ndjson [--format ndjson|csv]
 *                       [--days 30] [--start 2026-11-01] [--as-of 2026-11-30T20:00:00+08:00]
 *
 * NDJSON: one OrderInput (src/modules/orders/model.ts) per line.
 * CSV: one row per order item, the order's columns repeated on each of its rows; the
 * columns are documented in src/modules/orders/csv.ts (order_id … supply_picked_up_at,
 * delivery_events as a JSON column). Without --out the orders go to stdout.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { generateDemoOrders } from "../demo/generator.js";
import { ORDER_CSV_COLUMNS, formatCsvRecord, orderToCsvRows } from "../modules/orders/csv.js";
import { formatOfPath } from "../modules/orders/order-file.js";
import { startProgress } from "./progress.js";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000" },
    seed: { type: "string", default: "42" },
    days: { type: "string", default: "30" },
    start: { type: "string", default: "2026-11-01" },
    "as-of": { type: "string" },
    out: { type: "string" },
    format: { type: "string" },
  },
});

const orders = wholeNumber("orders", values.orders);
const seed = wholeNumber("seed", values.seed);
const days = wholeNumber("days", values.days);
const format = values.format ?? (values.out ? formatOfPath(values.out) : "ndjson");
if (format !== "ndjson" && format !== "csv") fail(`--format must be ndjson or csv, not ${format}`);
if (!/^\d{4}-\d{2}-\d{2}$/.test(values.start)) fail("--start must be a day, YYYY-MM-DD");
const asOf = values["as-of"] ? new Date(values["as-of"]) : undefined;
if (asOf && Number.isNaN(asOf.getTime())) fail("--as-of must be an ISO 8601 instant");

const out = values.out ? createWriteStream(values.out) : process.stdout;
const progress = startProgress("generate", orders);
const started = performance.now();
let written = 0;
let records = 0;
let chunk: string[] = [];

const flush = async () => {
  if (!out.write(chunk.join(""))) await once(out, "drain");
  chunk = [];
  progress.update(written, `${written} orders`);
};

if (format === "csv") chunk.push(formatCsvRecord(ORDER_CSV_COLUMNS));
for (const order of generateDemoOrders({ seed, orders, days, startDate: values.start, ...(asOf ? { asOf } : {}) })) {
  if (format === "csv") {
    for (const row of orderToCsvRows(order)) {
      chunk.push(formatCsvRecord(row));
      records++;
    }
  } else {
    chunk.push(`${JSON.stringify(order)}\n`);
    records++;
  }
  written++;
  if (chunk.length >= 1000) await flush();
}
await flush();
progress.stop();
if (out !== process.stdout) {
  out.end();
  await finished(out);
}
const seconds = (performance.now() - started) / 1000;
process.stderr.write(
  `wrote ${written} orders (${records} ${format === "csv" ? "item rows" : "lines"}) ${values.out ? `to ${values.out} ` : ""}in ${seconds.toFixed(1)} s (${Math.round(written / Math.max(seconds, 1e-3))} orders/s)\n`,
);

function wholeNumber(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} must be a whole number, not ${text}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n`);
  process.exit(2);
}
