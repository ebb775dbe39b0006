import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
import type { CaseRow, TimelineRow } from "./store.js";
import { assignIfNeeded } from "../handling/index.js";
import { followCaseDeadlines } from "./deadlines.js";
import { followCaseTasks } from "../tasks/index.js";

/** A change of a case just written: the case before (null when it was just filed) and after. */
export interface CaseChange {
  before: CaseRow | null;
  after: CaseRow;
  /** the timeline entries of this change, in order */
  timeline: TimelineRow[];
}

/**
 * What follows every change of a case, in the same transaction as the change: the SLA clocks
 * follow the state, department tasks open and close, a case that needs a person gets one.
 * Returns domain events for the caller's single outbox write.
 */
export async function afterCaseChange(tx: Queryable, change: CaseChange, now: Date): Promise<OutboxRow[]> {
  const raised: OutboxRow[] = [];
  raised.push(...(await assignIfNeeded(tx, change, now)));
  raised.push(...(await followCaseDeadlines(tx, change, now)));
  raised.push(...(await followCaseTasks(tx, change, now)));
  return raised;
}
