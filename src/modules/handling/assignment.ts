import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
// cases imports this file (after-change.ts), so only cases' store is imported at run time: it
// imports nothing of cases that leads back here
import { appendEvents } from "../cases/store.js";
import type { CaseChange, CaseRow } from "../cases/index.js";
import { chooseSupervisor, isEligible, needsAssignment, rankAgents, type Candidate, type CaseNeed } from "./model.js";
import { beginAttempt, candidateNow, dutyCandidates, endAttempt, lockFirstFree, recordTurn, waitForStaff } from "./staff-store.js";
import { pickupCity, setCaseOwner } from "./store.js";

const ASSIGNMENT = "system:assignment";

/**
 * The domain event of a change of owner, as every path that changes one raises it (automatic
 * assignment, take, handover, reassignment, escalation).
 */
export function ownerChanged(kase: Pick<CaseRow, "id" | "owner_id">, to: string | null, now: Date, data: Record<string, unknown> = {}): OutboxRow {
  return { topic: "case.owner_changed", aggregate_id: kase.id, payload: { caseId: kase.id, from: kase.owner_id, to, at: now.toISOString(), ...data } };
}

/** Makes an agent the owner of a case by assignment: the row, the timeline, the domain event. */
async function assignTo(tx: Queryable, kase: Pick<CaseRow, "id" | "owner_id">, agentId: string, now: Date, reason: string): Promise<OutboxRow[]> {
  await setCaseOwner(tx, kase.id, agentId, now);
  await appendEvents(tx, [{ case_id: kase.id, at: now, type: "owner_changed", actor: ASSIGNMENT, from_state: null, to_state: null, data: { from: kase.owner_id, to: agentId, reason } }]);
  return [ownerChanged(kase, agentId, now, { reason })];
}

/**
 * Gives a case that has just come to need a person (entered review without an owner) to an
 * agent: on duty, skilled in its problem type, covering its pickup point's city, under capacity;
 * the least loaded, equals taking turns. With nobody eligible the case waits, unowned, in the
 * queue, and the timeline says so. Runs in the transaction of the change (afterCaseChange);
 * returns the domain events for the caller's outbox.
 */
export async function assignIfNeeded(tx: Queryable, change: CaseChange, now: Date): Promise<OutboxRow[]> {
  if (!needsAssignment(change.before, change.after)) return [];
  const kase = change.after;
  const need: CaseNeed = { problemType: kase.problem_type, city: await pickupCity(tx, kase.pickup_point_id) };
  const agent = await claimAgent(tx, need, now);
  if (!agent) {
    await appendEvents(tx, [{ case_id: kase.id, at: now, type: "assignment_waiting", actor: ASSIGNMENT, from_state: null, to_state: null, data: { reason: "no agent on duty with the skills, region and capacity for this case" } }]);
    return [{ topic: "case.assignment_waiting", aggregate_id: kase.id, payload: { caseId: kase.id, problemType: need.problemType, city: need.city, at: now.toISOString() } }];
  }
  return assignTo(tx, kase, agent.id, now, "automatic");
}

/**
 * Gives one case that waits unowned in review to an eligible agent, if one is free now (an agent
 * came on duty, or finished a case). Runs in the caller's transaction, on a case the caller has
 * locked; returns the domain events, or null when nobody can take it yet.
 */
export async function assignWaiting(tx: Queryable, kase: CaseRow, now: Date): Promise<OutboxRow[] | null> {
  if (kase.state !== "in_review" || kase.owner_id !== null) return null;
  const agent = await claimAgent(tx, { problemType: kase.problem_type, city: await pickupCity(tx, kase.pickup_point_id) }, now);
  return agent ? assignTo(tx, kase, agent.id, now, "waited") : null;
}

/**
 * Chooses an agent and makes the choice safe against concurrent assignment. The eligible agents,
 * best first, are locked with `skip locked`: of a burst of filings, each claims a different agent
 * instead of queueing behind the one they all ranked first. The agent got is counted again under
 * the lock, so two filings cannot both take their last free place; one who filled up or went off
 * duty meanwhile is let go at once (a savepoint) and the next tried. When every eligible agent is
 * being given a case right now, the assigner waits for one of those assignments to finish, holding
 * no agent's lock (so assigners never wait on each other in a circle), lets go and decides again
 * from the loads it left. The chosen agent's lock lasts until the filing commits.
 */
async function claimAgent(tx: Queryable, need: CaseNeed, now: Date): Promise<Candidate | null> {
  // agents found unable to take the case under their lock: not tried again
  const passed = new Set<string>();
  for (;;) {
    const ranked = rankAgents(await dutyCandidates(tx, "agent"), need).filter((c) => !passed.has(c.id));
    const best = ranked[0];
    if (!best) return null;
    await beginAttempt(tx);
    const id = await lockFirstFree(tx, ranked.map((c) => c.id));
    if (!id) {
      await waitForStaff(tx, best.id);
      await endAttempt(tx, false);
      continue;
    }
    const fresh = await candidateNow(tx, id);
    if (fresh && isEligible({ ...fresh, lastAssignedAt: null }, need)) {
      await endAttempt(tx, true);
      await recordTurn(tx, id, now);
      return { ...fresh, lastAssignedAt: now };
    }
    await endAttempt(tx, false);
    passed.add(id);
  }
}

/**
 * The supervisor an escalated case goes to: on duty, the least loaded, equals taking turns; null
 * when no supervisor is on duty. Takes the supervisor's turn. For escalation by hand and on an
 * SLA breach alike.
 */
export async function pickSupervisor(tx: Queryable, now: Date): Promise<string | null> {
  const supervisor = chooseSupervisor(await dutyCandidates(tx, "supervisor"));
  if (!supervisor) return null;
  await recordTurn(tx, supervisor.id, now);
  return supervisor.id;
}
