import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The raw-SQL side of the benchmark: a pgbench script that sends, in one transaction, the
 * statements fileClaim sends (same tables, same shapes, same order, the view reads included),
 * taking its claim from bench_targets, and a runner that reports tps and latency percentiles.
 */

const CASE_EVENT_COLUMNS = "case_id, at, type, actor, from_state, to_state, data";

/**
 * The script. The first select is the one fileClaim sends (the claimed lines of the customer's
 * order, joined to its header, locked), joined to bench_targets as well so the claim's prepared
 * values arrive in the same round trip (nullable columns coalesced: \\gset takes no NULLs); everything else mirrors the statements logged from
 * fileClaim (bench/trace.ts prints them): the case is inserted once in its final state, the
 * timeline and the outbox are one multi-row insert each, and the response is built in memory.
 */
export const CLAIM_SCRIPT = `-- fileClaim as raw SQL; one claim per transaction, claims from bench_targets
BEGIN;
SELECT i.id, i.line_no, i.sku, i.name, i.quantity, i.paid_fen, i.claimed_quantity, i.claimed_fen, i.fresh, i.made_to_order, i.digital, i.periodical,
  i.near_expiry_confirmed, i.defective_confirmed, coalesce(i.delivered_at::text, '') AS delivered_at, coalesce(i.picked_up_at::text, '') AS picked_up_at,
  coalesce(o.pickup_point_id, '') AS pickup_point_id, o.placed_at, coalesce(o.promised_at::text, '') AS promised_at, t.*
  FROM bench_targets t JOIN order_items i ON i.order_id = t.order_id AND i.line_no = t.line_no JOIN orders o ON o.id = i.order_id
  WHERE t.n = (SELECT nextval('bench_seq')) AND o.customer_id = t.cust ORDER BY i.id FOR UPDATE OF i \\gset
INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response) VALUES (:scope, :idem_key, :req_hash, 0, 'null')
  ON CONFLICT (scope, key) DO NOTHING RETURNING key;
\\if :has_evidence
SELECT count(*) FILTER (WHERE resolution IN ('refund_only', 'partial_refund') AND state NOT IN ('cancelled', 'rejected') AND created_at >= now() - interval '30 days')::int AS refund_only,
  count(*) FILTER (WHERE state = 'rejected' AND created_at >= now() - interval '90 days')::int AS rejected,
  (SELECT count(*) FROM evidence WHERE customer_id = :cust AND id IN (:evidence_id))::int AS owned
  FROM cases WHERE customer_id = :cust AND created_at >= now() - interval '90 days';
\\else
SELECT count(*) FILTER (WHERE resolution IN ('refund_only', 'partial_refund') AND state NOT IN ('cancelled', 'rejected') AND created_at >= now() - interval '30 days')::int AS refund_only,
  count(*) FILTER (WHERE state = 'rejected' AND created_at >= now() - interval '90 days')::int AS rejected, 0 AS owned
  FROM cases WHERE customer_id = :cust AND created_at >= now() - interval '90 days';
\\endif
INSERT INTO cases (id, order_id, customer_id, pickup_point_id, problem_type, wanted_resolution, resolution, description, answers, state,
  claimed_fen, approved_fen, refunded_fen, decision, policy_version, return_shipping_payer, return_due_at, refund_due_at, created_at, updated_at, revision)
  VALUES (:case_id, :order_id, :cust, NULLIF(CAST(:pickup_point_id AS text), ''), :problem_type, :wanted, :resolution, :description, :answers, :state,
  :claimed_fen, :approved_fen, 0, :decision, :policy_version, NULLIF(CAST(:payer AS text), ''), CAST(NULLIF(CAST(:return_due_at AS text), '') AS timestamptz), NULL, now(), now(), 1);
INSERT INTO case_items (case_id, order_item_id, quantity, amount_fen) VALUES (:case_id, :item_id, 1, :claimed_fen);
\\if :has_evidence
INSERT INTO case_evidence (case_id, evidence_id) VALUES (:case_id, :evidence_id);
\\endif
\\if :kind <> 6
UPDATE order_items SET claimed_quantity = claimed_quantity + d.qty, claimed_fen = claimed_fen + d.fen
  FROM (VALUES (CAST(:item_id AS text), 1, CAST(:claimed_fen AS int))) AS d(id, qty, fen) WHERE order_items.id = d.id;
\\endif
\\if :kind <= 4
INSERT INTO case_events (${CASE_EVENT_COLUMNS}) VALUES (:case_id, now(), 'submitted', :actor, NULL, 'submitted', :ev0),
  (:case_id, now(), :e1_type, :sys_actor, 'submitted', :e1_to, :e1_data), (:case_id, now(), :e2_type, :sys_actor, :e1_to, :e2_to, :e2_data);
\\else
INSERT INTO case_events (${CASE_EVENT_COLUMNS}) VALUES (:case_id, now(), 'submitted', :actor, NULL, 'submitted', :ev0),
  (:case_id, now(), :e1_type, :sys_actor, 'submitted', :e1_to, :e1_data);
\\endif
\\if :kind = 1
INSERT INTO refunds (id, case_id, order_id, amount_fen, method, state, request_key, next_attempt_at, updated_at)
  VALUES (:refund_id, :case_id, :order_id, :approved_fen, 'original', 'pending', 'approved', now(), now())
  ON CONFLICT (case_id, request_key) DO NOTHING RETURNING id;
INSERT INTO refund_ledger (case_id, refund_id, entry, amount_fen, at, data) VALUES (:case_id, :refund_id, 'requested', :approved_fen, now(), '{}');
\\endif
\\if :kind = 1 or :kind = 3 or :kind = 4
INSERT INTO outbox (topic, aggregate_id, payload) VALUES (:o1_topic, :case_id, :o1), (:o2_topic, :case_id, :o2), ('case.stage_changed', :case_id, :o3), (:effect_topic, :case_id, :effect);
\\elif :kind = 2
INSERT INTO outbox (topic, aggregate_id, payload) VALUES (:o1_topic, :case_id, :o1), (:o2_topic, :case_id, :o2), ('case.stage_changed', :case_id, :o3);
\\elif :kind = 5
INSERT INTO outbox (topic, aggregate_id, payload) VALUES (:o1_topic, :case_id, :o1);
\\else
INSERT INTO outbox (topic, aggregate_id, payload) VALUES (:o1_topic, :case_id, :o1), (:o2_topic, :case_id, :o2);
\\endif
UPDATE idempotency_keys SET status_code = 201, response = :response WHERE scope = :scope AND key = :idem_key;
COMMIT;
`;

/** What one pgbench run measured. */
export interface PgbenchResult {
  transactions: number;
  failed: number;
  /** tps as pgbench prints it (without initial connection time) */
  tps: number;
  /** latency as pgbench prints it, ms */
  latencyAvg: number;
  /** percentiles from the per-transaction log, ms */
  p50: number;
  p99: number;
  /** pgbench's stderr when clients aborted */
  problems: string[];
  output: string;
}

const num = (text: string, re: RegExp) => {
  const m = re.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : NaN;
};

/** Writes the script into `dir` and runs pgbench on it (-M prepared by default, as the server sends its queries), with a per-transaction log for percentiles. */
export async function runPgbench(
  databaseUrl: string,
  dir: string,
  options: { clients: number; threads: number; duration: number; protocol?: "simple" | "extended" | "prepared" },
): Promise<PgbenchResult> {
  await mkdir(dir, { recursive: true });
  const script = join(dir, "claim.sql");
  await writeFile(script, CLAIM_SCRIPT);
  const logDir = join(dir, `log-${Date.now()}`);
  await mkdir(logDir);
  const url = new URL(databaseUrl);
  const args = [
    "-n", "-M", options.protocol ?? "prepared", "-c", String(options.clients), "-j", String(options.threads), "-T", String(options.duration),
    "-f", script, "-l", `--log-prefix=${join(logDir, "txn")}`,
    "-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres"), url.pathname.slice(1),
  ];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("pgbench", args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString()).slice(-50_000)));
    child.once("error", reject);
    child.once("close", (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  const latencies: number[] = [];
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(join(logDir, file), "utf8")).split("\n")) {
      const time = line.split(" ")[2];
      if (time !== undefined && /^\d+$/.test(time)) latencies.push(Number(time) / 1000);
    }
  }
  await rm(logDir, { recursive: true, force: true });
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
  const problems = stderr.split("\n").filter((l) => /error|abort|fatal/i.test(l)).slice(0, 5);
  if (code !== 0 && !problems.length) problems.push(`pgbench exited with ${code}: ${stderr.trim().slice(-500)}`);
  return {
    transactions: num(stdout, /number of transactions actually processed: (\d+)/),
    failed: num(stdout, /number of failed transactions: (\d+)/) || 0,
    tps: num(stdout, /tps = ([\d.]+) \(without initial connection time\)/),
    latencyAvg: num(stdout, /latency average = ([\d.]+) ms/),
    p50: pct(50),
    p99: pct(99),
    problems,
    output: stdout,
  };
}
