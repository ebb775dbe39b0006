import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { OPEN_CASE_STATES } from "../src/modules/handling/model.js";
import { OPEN_TASK_STATES } from "../src/modules/tasks/model.js";
import { OUTBOX_ROWS } from "./targets.js";

/**
 * The raw-SQL side of the benchmark: a pgbench script that sends, in one transaction, the
 * statements fileClaim sends (same tables, same shapes, same order, the reads included, what
 * afterCaseChange adds too), taking its claim from bench_targets, and a runner that reports
 * tps and latency percentiles.
 */

const CASE_EVENT_COLUMNS = "case_id, at, type, actor, from_state, to_state, data";
const CLOCK_COLUMNS = "case_id, task_id, kind, department, calendar, started_at, budget_minutes, deadline_at, warn_at, warn_fraction, on_breach, pauses";
const TIMER_COLUMNS = "kind, subject_id, due_at, payload";
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/** `n` outbox rows from the target's x1… columns, in the order fileClaim writes them. */
const outboxRows = (n: number) => Array.from({ length: n }, (_, i) => `(:x${i + 1}_topic, :case_id, :x${i + 1})`).join(", ");
/** The stage clocks of slots 1…n, as startStageClocks inserts them (no task). */
const stageClocks = (n: number) =>
  Array.from({ length: n }, (_, i) => `(:case_id, NULL, :c${i + 1}_kind, :c${i + 1}_dept, :c${i + 1}_cal, now(), :c${i + 1}_budget, :c${i + 1}_due, :c${i + 1}_warn, :c${i + 1}_warnf, :c${i + 1}_breach, '[]')`).join(",\n  ");
/** A fresh clock's warning and breach (timersOf), for the clock ids in `ids`, slot by slot. */
const clockTimers = (ids: readonly string[]) =>
  ids.map((id, i) => `('sla.warning', :${id}, :c${i + 1}_warn, :c${i + 1}_payload), ('sla.breach', :${id}, :c${i + 1}_due, :c${i + 1}_payload)`).join(",\n  ");
/**
 * insertClocks for several clocks at once: fileClaim reads the ids back from RETURNING to arm
 * their timers; \gset takes one row, so the returned rows are folded into one by kind.
 */
const insertStageClocks = (n: number) =>
  `WITH c AS (INSERT INTO sla_clocks (${CLOCK_COLUMNS}) VALUES ${stageClocks(n)}
  ON CONFLICT DO NOTHING RETURNING id, kind, task_id, deadline_at, warn_at)
  SELECT ${Array.from({ length: n }, (_, i) => `max(id) FILTER (WHERE kind = :c${i + 1}_kind) AS clock${i + 1}`).join(", ")} FROM c \\gset`;
const slaPolicies = (n: number) => `SELECT * FROM sla_policies WHERE kind IN (${Array.from({ length: n }, (_, i) => `:c${i + 1}_kind`).join(", ")}) AND enabled = true;`;
/** timers, `fresh: true` (a clock or a review just started: nothing pending to replace) */
const INSERT_TIMERS = `INSERT INTO timers (${TIMER_COLUMNS}) VALUES`;
const TIMERS_RETURNING = "ON CONFLICT DO NOTHING RETURNING id;";
/** lockOpenTasksOfCase, as followCaseTasks sends it when a case finishes */
const LOCK_OPEN_TASKS = `SELECT * FROM tasks WHERE case_id = :case_id AND state IN (${quoted(OPEN_TASK_STATES)}) ORDER BY created_at, id FOR UPDATE;`;

/**
 * The script. Statement by statement what fileClaim sends (bench/trace.ts prints it: `--trace`),
 * per outcome kind (see TargetKind in targets.ts), with the values prepared in bench_targets:
 *
 * - once(): the idempotency key is claimed first; that statement also takes the claim's
 *   bench_targets row (nextval, one round trip), everything after it reads those values
 * - gatherFacts: the claimed lines locked, the customer's history (and photos)
 * - the case inserted once in its final state, its items, photos, units claimed, timeline
 * - runEffects: refund (1) or grant booked to the ledger (4)
 * - afterCaseChange: assignment of a review (5: the pickup point's city, the agents on duty,
 *   none in the bench database, so `assignment_waiting` on the timeline), SLA clocks (the
 *   pickup point's leader for a review, sla_policies, the clocks, their warning and breach
 *   timers), the platform's timers (auto-approval of a review, return expiry (2)), tasks (3
 *   opens prepare_reship with its clock; a finished case (4, 6) locks its open tasks)
 * - one outbox insert (case.submitted, the state changes, what the effects and afterCaseChange raised)
 * - the response stored on the idempotency key
 *
 * Not sent: the active policy read before the transaction and the policy version read for
 * auto-approval, both cached in the server (a read every few seconds, once per process).
 * Round trips per kind (BEGIN and COMMIT included; +1 with a photo): 1 refund 16, 2 approve
 * with return 13, 3 reship 17, 4 compensate 16, 5 review 18 (+1 auto-approval, −2 without a
 * pickup point), 6 reject 11. Two statements are wrapped to fit \gset, one round trip each as
 * in fileClaim: the idempotency insert also reads the target row, and a review's three clocks
 * are inserted in a CTE that folds their RETURNING ids into one row.
 */
export const CLAIM_SCRIPT = `-- fileClaim as raw SQL; one claim per transaction, claims from bench_targets
BEGIN;
WITH t AS (SELECT * FROM bench_targets WHERE n = (SELECT nextval('bench_seq'))),
  k AS (INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response) SELECT scope, idem_key, req_hash, 0, 'null' FROM t
    ON CONFLICT (scope, key) DO NOTHING RETURNING key)
  SELECT t.*, k.key AS claimed_key FROM t LEFT JOIN k ON true \\gset
SELECT i.id, i.line_no, i.sku, i.name, i.quantity, i.paid_fen, i.claimed_quantity, i.claimed_fen, i.fresh, i.made_to_order, i.digital, i.periodical,
  i.near_expiry_confirmed, i.defective_confirmed, i.delivered_at, i.picked_up_at, o.pickup_point_id, o.placed_at, o.promised_at
  FROM order_items AS i INNER JOIN orders AS o ON o.id = i.order_id
  WHERE i.order_id = :order_id AND o.customer_id = :cust AND i.line_no IN (:line_no) ORDER BY i.id FOR UPDATE OF i;
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
  claimed_fen, approved_fen, refunded_fen, decision, policy_version, return_shipping_payer, return_due_at, refund_due_at, created_at, updated_at, revision,
  owner_id, owned_since, escalation_level, merged_into, compensation_kind)
  VALUES (:case_id, :order_id, :cust, NULLIF(CAST(:pickup_point_id AS text), ''), :problem_type, :wanted, :resolution, :description, :answers, :state,
  :claimed_fen, :approved_fen, 0, :decision, :policy_version, NULLIF(CAST(:payer AS text), ''), CAST(NULLIF(CAST(:return_due_at AS text), '') AS timestamptz), NULL, now(), now(), 1,
  NULL, NULL, 0, NULL, NULLIF(CAST(:comp_kind AS text), ''));
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
${slaPolicies(1)}
INSERT INTO sla_clocks (${CLOCK_COLUMNS}) VALUES ${stageClocks(1)}
  ON CONFLICT DO NOTHING RETURNING id, kind, task_id, deadline_at, warn_at \\gset clock_
${INSERT_TIMERS} ${clockTimers(["clock_id"])} ${TIMERS_RETURNING}
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[1])};
\\elif :kind = 2
\\if :ret_timer
UPDATE timers SET cancelled_at = now() WHERE id IN (SELECT id FROM timers WHERE (kind, subject_id) IN (('case.return_expiry', :case_id))
  AND fired_at IS NULL AND cancelled_at IS NULL FOR UPDATE SKIP LOCKED);
${INSERT_TIMERS} ('case.return_expiry', :case_id, :return_due_at, '{}') ${TIMERS_RETURNING}
\\endif
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[2])};
\\elif :kind = 3
SELECT oi.warehouse_id, oi.supplier_id FROM case_items AS ci INNER JOIN order_items AS oi ON oi.id = ci.order_item_id WHERE ci.case_id = :case_id ORDER BY oi.line_no;
INSERT INTO tasks (id, case_id, department, kind, warehouse_id, supplier_id, refund_id, assignee_id, note, created_by, state, created_at, updated_at)
  VALUES (:task_id, :case_id, 'warehouse', 'prepare_reship', NULLIF(CAST(:task_wh AS text), ''), NULL, NULL, NULL, '', :tasks_actor, 'open', now(), now())
  ON CONFLICT DO NOTHING RETURNING *;
INSERT INTO sla_clocks (${CLOCK_COLUMNS}) VALUES (:case_id, :task_id, :c1_kind, :c1_dept, :c1_cal, now(), :c1_budget, :c1_due, :c1_warn, :c1_warnf, :c1_breach, '[]')
  ON CONFLICT DO NOTHING RETURNING id, kind, task_id, deadline_at, warn_at \\gset clock_
${INSERT_TIMERS} ${clockTimers(["clock_id"])} ${TIMERS_RETURNING}
UPDATE tasks SET clock_id = :clock_id, updated_at = now() WHERE id = :task_id RETURNING *;
INSERT INTO case_events (${CASE_EVENT_COLUMNS}) VALUES (:case_id, now(), 'task_opened', :tasks_actor, NULL, NULL, :task_data);
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[3])};
\\elif :kind = 4
INSERT INTO compensation_grants (id, case_id, customer_id, kind, value_fen, coupon_code, expires_at, points, granted_at)
  VALUES (:grant_id, :case_id, :cust, :grant_kind, :approved_fen, NULLIF(CAST(:coupon AS text), ''), CAST(NULLIF(CAST(:grant_expires AS text), '') AS timestamptz),
  CAST(NULLIF(CAST(:grant_points AS text), '') AS int), now()) ON CONFLICT (case_id) DO NOTHING RETURNING *;
INSERT INTO ledger_postings (key, kind, case_id, assignment_id, reverses, at, actor, memo) VALUES (:posting_key, 'customer_paid', :case_id, NULL, NULL, now(), :ledger_actor, :posting_memo)
  ON CONFLICT (key) DO NOTHING RETURNING id \\gset posting_
INSERT INTO ledger_accounts (account, opened_at) VALUES (:acct1, now()), (:acct2, now()) ON CONFLICT (account) DO NOTHING;
INSERT INTO ledger_entries (posting_id, account, amount_fen) VALUES (:posting_id, :acct1, :amt1), (:posting_id, :acct2, :amt2);
${LOCK_OPEN_TASKS}
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[4])};
\\elif :kind = 5
\\if :has_pp
SELECT city FROM pickup_points WHERE id = :pickup_point_id;
\\endif
SELECT staff.id, staff.skills, staff.regions, staff.capacity, staff.on_duty, staff.disabled_at, t.last_assigned_at,
  (SELECT count(*)::int AS n FROM cases WHERE cases.owner_id = staff.id AND cases.state IN (${quoted(OPEN_CASE_STATES)})) AS open_cases
  FROM staff LEFT JOIN assignment_turns AS t ON t.staff_id = staff.id WHERE staff.role = 'agent' AND staff.on_duty = true AND staff.disabled_at IS NULL;
INSERT INTO case_events (${CASE_EVENT_COLUMNS}) VALUES (:case_id, now(), 'assignment_waiting', :assign_actor, NULL, NULL,
  '{"reason":"no agent on duty with the skills, region and capacity for this case"}');
\\if :has_pp
SELECT leader_id FROM pickup_points WHERE id = :pickup_point_id;
\\endif
\\if :clocks = 3
${slaPolicies(3)}
${insertStageClocks(3)}
${INSERT_TIMERS} ${clockTimers(["clock1", "clock2", "clock3"])} ${TIMERS_RETURNING}
\\else
${slaPolicies(2)}
${insertStageClocks(2)}
${INSERT_TIMERS} ${clockTimers(["clock1", "clock2"])} ${TIMERS_RETURNING}
\\endif
\\if :auto_approve
${INSERT_TIMERS} ('case.auto_approve', :case_id, :aa_due, :aa_payload) ${TIMERS_RETURNING}
\\endif
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[5])};
\\else
${LOCK_OPEN_TASKS}
INSERT INTO outbox (topic, aggregate_id, payload) VALUES ${outboxRows(OUTBOX_ROWS[6])};
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
