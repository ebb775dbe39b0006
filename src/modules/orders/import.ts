import { Compile } from "typebox/compile";
import type { Db, DatabaseHandle } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import { openCopyWriter } from "./import-postgres.js";
import { checkOrder, orderContentHash, OrderInput, type OrderTotals } from "./model.js";
import { SourcedOrder } from "./order-file.js";
import { ingestOrder, ingestOrders } from "./service.js";

/**
 * Bulk import of orders (a file, the demo data): validates each order, writes them in
 * batches with the semantics of ingestOrders — an unchanged order is skipped, claimed lines
 * keep their claims, an order whose change would undercut a claim is rejected — and reports
 * every rejected order with where it came from, without stopping.
 */

export interface ImportOptions {
  /** orders per transaction (default 1000) */
  batchSize?: number;
  /** the server's URL (default: the handle's): with a PostgreSQL handle, batches go through COPY on a connection of their own */
  databaseUrl?: string;
  /** the clock for updated_at (default: the wall clock) */
  now?: () => Date;
  onProgress?: (progress: ImportProgress) => void;
  onRejected?: (rejection: RejectedOrder) => void;
  /** how many rejections the summary keeps (default 1000; all are counted and passed to onRejected) */
  keepRejections?: number;
}

export interface ImportProgress {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  elapsedMs: number;
}

export interface ImportSummary extends ImportProgress {
  /** how the orders were written: COPY into staging tables, or ingestOrders batches */
  method: "copy" | "ingest";
  ordersPerSecond: number;
  rejections: RejectedOrder[];
}

/** An order left out, and why: it does not pass the schema or the sums ("invalid"), or it undercuts a claim ("conflict"). */
export interface RejectedOrder {
  kind: "invalid" | "conflict";
  /** 1-based position in the source */
  position: number;
  /** the line of the file it starts on, when read from a file */
  line?: number;
  orderId?: string;
  errors: string[];
}

/** A valid order on its way to the database. */
export interface CheckedOrder {
  order: OrderInput;
  hash: string;
  totals: OrderTotals;
  position: number;
  line?: number;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedOrder[];
}

/** Writes batches of checked orders, each in one transaction. */
export interface OrderBatchWriter {
  method: ImportSummary["method"];
  write(batch: CheckedOrder[], now: Date): Promise<BatchOutcome>;
  close(): Promise<void>;
}

const orderValidator = Compile(OrderInput);
/** int4 columns hold the order's totals */
const MAX_COLUMN_FEN = 2_147_483_647;

/** Checks one incoming order: the schema, then the sums. */
export function checkImportedOrder(value: unknown, position: number, line?: number, readErrors: readonly string[] = []): CheckedOrder | RejectedOrder {
  const where = { position, ...(line !== undefined ? { line } : {}) };
  const orderId = typeof value === "object" && value !== null && "id" in value && typeof value.id === "string" ? { orderId: value.id } : {};
  if (readErrors.length) return { kind: "invalid", ...where, ...orderId, errors: [...readErrors] };
  if (!orderValidator.Check(value)) {
    const errors = orderValidator.Errors(value).slice(0, 5).map((e) => `${e.instancePath || "/"}: ${e.message}`);
    return { kind: "invalid", ...where, ...orderId, errors };
  }
  const checked = checkOrder(value);
  if (!checked.ok) return { kind: "invalid", ...where, ...orderId, errors: checked.errors };
  if (checked.totals.goodsFen > MAX_COLUMN_FEN) return { kind: "invalid", ...where, ...orderId, errors: [`goods total ${checked.totals.goodsFen} fen is more than an order can hold`] };
  return { order: value, hash: orderContentHash(value), totals: checked.totals, ...where };
}

/**
 * Imports a stream of orders. Items may be orders as objects (checked here, positions counted
 * from 1) or SourcedOrders from openOrderFile (which carry their line numbers).
 */
export async function importOrders(
  handle: DatabaseHandle,
  source: AsyncIterable<OrderInput | SourcedOrder> | Iterable<OrderInput | SourcedOrder>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const keep = options.keepRejections ?? 1000;
  const now = options.now ?? (() => new Date());
  const copyUrl = options.databaseUrl ?? handle.url;
  const writer = handle.kind === "postgres" && copyUrl ? await openCopyWriter(copyUrl) : ingestWriter(handle.db);
  const started = performance.now();
  const tally = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejections: RejectedOrder[] = [];
  const progress = (): ImportProgress => ({ ...tally, elapsedMs: performance.now() - started });
  const reject = (rejection: RejectedOrder) => {
    tally.rejected++;
    if (rejections.length < keep) rejections.push(rejection);
    options.onRejected?.(rejection);
  };

  // One batch is written while the next is read and checked.
  let batch: CheckedOrder[] = [];
  let idsInBatch = new Set<string>();
  let inFlight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    await inFlight;
    if (failure) throw failure.error;
  };
  const send = async () => {
    await settle();
    const sending = batch;
    batch = [];
    idsInBatch = new Set();
    inFlight = writer.write(sending, now()).then(
      (outcome) => {
        tally.created += outcome.created;
        tally.updated += outcome.updated;
        tally.unchanged += outcome.unchanged;
        outcome.rejected.forEach(reject);
        options.onProgress?.(progress());
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  try {
    for await (const item of source) {
      const position = ++tally.read;
      const checked = item instanceof SourcedOrder ? checkImportedOrder(item.value, position, item.line, item.errors) : checkImportedOrder(item, position);
      if ("errors" in checked) {
        reject(checked);
        continue;
      }
      // The same order twice in one batch: write the first before the second, as one by one would.
      if (idsInBatch.has(checked.order.id)) await send();
      batch.push(checked);
      idsInBatch.add(checked.order.id);
      if (batch.length >= batchSize) await send();
    }
    if (batch.length > 0) await send();
    await settle();
  } finally {
    await inFlight;
    await writer.close();
  }
  const done = progress();
  return { ...done, method: writer.method, ordersPerSecond: done.read / Math.max(done.elapsedMs / 1000, 1e-3), rejections };
}

/** Batches through ingestOrders (PGlite, or a server without a URL for COPY). */
function ingestWriter(db: Db): OrderBatchWriter {
  return {
    method: "ingest",
    async write(batch, now) {
      try {
        const result = await ingestOrders(db, batch.map((b) => b.order), now);
        const byId = new Map(batch.map((b) => [b.order.id, b]));
        const rejected = result.rejected.map((r): RejectedOrder => {
          const b = byId.get(r.id);
          return { kind: "invalid", position: b?.position ?? 0, ...(b?.line !== undefined ? { line: b.line } : {}), orderId: r.id, errors: r.errors };
        });
        return { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected };
      } catch (error) {
        if (!isOrderConflict(error)) throw error;
      }
      // One order of the batch undercuts a claim: write them one by one to find it.
      const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
      for (const b of batch) {
        try {
          outcome[await ingestOrder(db, b.order, now)]++;
        } catch (error) {
          if (!isOrderConflict(error)) throw error;
          outcome.rejected.push({ kind: "conflict", position: b.position, ...(b.line !== undefined ? { line: b.line } : {}), orderId: b.order.id, errors: conflictsOf(error) });
        }
      }
      return outcome;
    },
    close: async () => {},
  };
}

function isOrderConflict(error: unknown): error is Problem {
  return error instanceof Problem && error.slug === "order-conflict";
}

function conflictsOf(problem: Problem): string[] {
  const conflicts = problem.extensions.conflicts;
  return Array.isArray(conflicts) ? conflicts.map(String) : [problem.detail ?? problem.title];
}
