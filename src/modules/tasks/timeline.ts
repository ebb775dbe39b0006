import type { Queryable } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
import { recordCaseActivity, type CaseRow } from "../cases/index.js";
import type { TaskChange } from "./lifecycle.js";

/**
 * Writes a task's change on its case: the timeline entry (through recordCaseActivity, so what
 * follows every case change runs) and the domain events, in the caller's transaction. The case
 * must be locked. Not exported by tasks' index: it imports cases.
 */
export async function recordTaskChange(tx: Queryable, kase: CaseRow, change: TaskChange, now: Date): Promise<void> {
  const raised = await recordCaseActivity(tx, kase, change.activity, now);
  await appendOutbox(tx, [...change.events, ...raised]);
}
