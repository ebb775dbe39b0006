import type { Db } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
// run-time import of cases' store only, as assignment.ts does: cases imports this module's index
import { lockCase } from "../cases/store.js";
import { assignWaiting } from "./assignment.js";

export interface AssignmentSweepDeps {
  db: Db;
  clock: () => Date;
}

/**
 * Cases that waited in review without an owner (nobody eligible was free when they came) go to
 * agents who are free now: oldest first, each in a transaction of its own, a case another node is
 * sweeping skipped. Returns how many were given an owner.
 */
export async function assignWaitingCases(deps: AssignmentSweepDeps, limit = 50): Promise<number> {
  const waiting = await deps.db
    .selectFrom("cases")
    .select("id")
    .where("state", "=", "in_review")
    .where("owner_id", "is", null)
    .orderBy("created_at")
    .limit(limit)
    .execute();
  let assigned = 0;
  for (const { id } of waiting) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const kase = await lockCase(tx, id);
      if (!kase) return false;
      const raised = await assignWaiting(tx, kase, deps.clock());
      if (!raised) return false;
      await appendOutbox(tx, raised);
      return true;
    });
    if (done) assigned++;
  }
  return assigned;
}

/** Sweeps every `intervalMs` in this process (every node may run it). Returns a stop function. */
export function startAssignmentSweep(deps: AssignmentSweepDeps & { intervalMs?: number; onError?: (e: unknown) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? 0 : assignWaitingCases(deps))).catch((e) => deps.onError?.(e));
  }, deps.intervalMs ?? 30_000);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
