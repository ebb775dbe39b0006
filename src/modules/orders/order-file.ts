import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { REQUIRED_CSV_COLUMNS, ORDER_CSV_COLUMNS, csvRowsToOrder, type CsvRow } from "./csv.js";

/**
 * Reading order files a record at a time (never the whole file): NDJSON, one order per line,
 * or CSV, one row per order item (see csv.ts). Each order comes with the line it starts on,
 * so a bad one can be reported by line number and the import can go on.
 */
export type OrderFileFormat = "ndjson" | "csv";

/** An order as read from a file: not yet checked; `errors` holds what made it unreadable. */
export class SourcedOrder {
  constructor(
    /** the 1-based line the order starts on */
    readonly line: number,
    readonly value: unknown,
    readonly errors: readonly string[] = [],
  ) {}
}

export interface OrderFile {
  format: OrderFileFormat;
  totalBytes: number;
  /** bytes read so far, for progress */
  bytesRead(): number;
  orders: AsyncIterable<SourcedOrder>;
}

/** The format a file name implies: .csv is CSV, anything else NDJSON. */
export function formatOfPath(path: string): OrderFileFormat {
  return /\.csv$/i.test(path) ? "csv" : "ndjson";
}

/** Opens an order file for streaming. */
export async function openOrderFile(path: string, format: OrderFileFormat = formatOfPath(path)): Promise<OrderFile> {
  const { size } = await stat(path);
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  return {
    format,
    totalBytes: size,
    bytesRead: () => input.bytesRead,
    orders: format === "csv" ? readCsv(input) : readNdjson(input),
  };
}

async function* readNdjson(input: NodeJS.ReadableStream): AsyncGenerator<SourcedOrder> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield new SourcedOrder(line, JSON.parse(text));
    } catch (error) {
      yield new SourcedOrder(line, undefined, [`not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
    }
  }
}

async function* readCsv(input: NodeJS.ReadableStream): AsyncGenerator<SourcedOrder> {
  const skipped: SourcedOrder[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      columns: checkHeader,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = typeof error?.lines === "number" ? error.lines : 0;
        skipped.push(new SourcedOrder(line, undefined, [`unreadable CSV row (${error?.message ?? "unknown error"})`]));
        return undefined;
      },
    }),
  );
  let rows: CsvRow[] = [];
  let firstLine = 0;
  const flush = () => {
    const { value, errors } = csvRowsToOrder(rows);
    rows = [];
    return new SourcedOrder(firstLine, value, errors);
  };
  for await (const entry of parser as AsyncIterable<{ record: CsvRow; info: { lines: number } }>) {
    if (rows.length > 0 && rows[0]?.order_id !== entry.record.order_id) yield flush();
    yield* skipped.splice(0);
    if (rows.length === 0) firstLine = entry.info.lines;
    rows.push(entry.record);
  }
  if (rows.length > 0) yield flush();
  yield* skipped.splice(0);
}

function checkHeader(header: string[]): string[] {
  const known = new Set(ORDER_CSV_COLUMNS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) throw new Error(`unknown CSV column(s): ${unknown.join(", ")}`);
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`missing CSV column(s): ${missing.join(", ")}`);
  return header;
}
