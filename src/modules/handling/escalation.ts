import type { Queryable, Tx } from "../../db/database.js";
import { once, requestHash } from "../../db/idempotency.js";
import { appendOutbox } from "../../db/outbox.js";
import { recordCaseActivity, type Actor, type CaseRow } from "../cases/index.js";
import { actorId, isStaff, type Principal } from "../people/index.js";
import { pickSupervisor } from "./assignment.js";
import { assertOpen, changeOwner, lockCaseFor, ownershipOf, type HandlingDeps, type Ownership } from "./service.js";
import { insertNote, setEscalationLevel } from "./store.js";

/**
 * Escalates a locked, open case one level: the least-loaded supervisor on duty becomes its owner
 * (if one is on duty and they do not own it already), the reason goes to the internal notes (it
 * may say things the customer should not read), and the timeline and outbox say it was escalated.
 * For escalation by hand and on an SLA breach alike (`authorId` null for the system).
 * Runs in the caller's transaction; writes its own outbox rows.
 */
export async function escalateCase(tx: Queryable, kase: CaseRow, input: { reason: string; actor: Actor; authorId: string | null }, now: Date): Promise<{ level: number; ownerId: string | null }> {
  assertOpen(kase, "escalated");
  const level = kase.escalation_level + 1;
  const version = await setEscalationLevel(tx, kase.id, level, now);
  const noteId = await insertNote(tx, { case_id: kase.id, author_id: input.authorId, actor: input.actor.id, kind: "escalation", body: input.reason, created_at: now });
  const supervisor = await pickSupervisor(tx, now);
  let current: CaseRow = { ...kase, escalation_level: level, ...version };
  if (supervisor && supervisor !== kase.owner_id) current = await changeOwner(tx, current, supervisor, input.actor, now, { reason: "escalated", level });
  const raised = await recordCaseActivity(tx, current, { type: "escalated", actor: input.actor, data: { level, to: supervisor, noteId } }, now);
  await appendOutbox(tx, [
    { topic: "case.escalated", aggregate_id: kase.id, payload: { caseId: kase.id, level, reason: input.reason, supervisorId: supervisor, ownerId: current.owner_id, at: now.toISOString() } },
    ...raised,
  ]);
  return { level, ownerId: current.owner_id };
}

/**
 * POST /cases/:id/escalate: an agent, supervisor or leader escalates a case in their scope.
 * Escalating twice is meant to raise the level twice, so a retry is told apart by its
 * Idempotency-Key: the same key (same caller, same case and reason) answers what the first
 * request answered and writes nothing again; a different request under the key is a 422.
 */
export async function escalate(deps: HandlingDeps, caseId: string, reason: string, p: Principal, idempotencyKey?: string): Promise<{ status: number; body: Ownership; replayed: boolean }> {
  const now = deps.clock();
  const work = async (tx: Tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    await escalateCase(tx, kase, { reason, actor: { id: actorId(p) }, authorId: isStaff(p) ? p.staffId : null }, now);
    return { status: 200, body: await ownershipOf(tx, caseId) };
  };
  return deps.db.transaction().execute(async (tx) => {
    if (idempotencyKey) return once(tx, `escalate:${actorId(p)}`, idempotencyKey, requestHash({ caseId, reason }), () => work(tx));
    return { ...(await work(tx)), replayed: false };
  });
}
