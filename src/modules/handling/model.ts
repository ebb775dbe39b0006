/**
 * Case handling rules: who gets a case, who may hand it on, what counts as open. Pure: plain data
 * in, a decision out; the service reads the data and writes the result.
 */

/**
 * States in which a case still needs someone (its customer stage is neither 已完成 nor 已关闭):
 * they fill the queue and count towards an agent's load. Kept here, not derived from the cases
 * module at run time, so that cases can import handling without a cycle; a test holds the two
 * in step.
 */
export const OPEN_CASE_STATES = [
  "submitted",
  "in_review",
  "awaiting_customer",
  "approved",
  "awaiting_return",
  "return_in_transit",
  "return_received",
  "refunding",
  "reshipping",
] as const;

/** Whether a case in this state still needs someone. */
export function isOpenState(state: string): boolean {
  return (OPEN_CASE_STATES as readonly string[]).includes(state);
}

/** A viewer counts while their last heartbeat is at most this old. */
export const PRESENCE_WINDOW_MS = 30_000;

/** The part of a case that decides whether it needs assigning. */
export interface OwnedState {
  state: string;
  owner_id: string | null;
}

/**
 * A case needs a person when it comes into review (filed straight into review too) without an
 * owner. Only on entering: a case that stays in review is not assigned again on every note.
 */
export function needsAssignment(before: OwnedState | null, after: OwnedState): boolean {
  return after.state === "in_review" && before?.state !== "in_review" && after.owner_id === null;
}

/** A member of staff who may be given a case, with what the chooser needs to know. */
export interface Candidate {
  id: string;
  /** problem types they take; empty: any */
  skills: readonly string[];
  /** pickup-point cities they take; empty: any */
  regions: readonly string[];
  /** open cases they hold at most (automatic assignment only) */
  capacity: number;
  onDuty: boolean;
  disabled: boolean;
  /** open cases they own now */
  openCases: number;
  /** when the system last gave them a case; null: never */
  lastAssignedAt: Date | null;
}

/** What the case asks of its agent. */
export interface CaseNeed {
  problemType: string;
  /** the pickup point's city; null when the case has no pickup point */
  city: string | null;
}

/**
 * Whether an agent may be given this case automatically: on duty, not disabled, skilled in its
 * problem type, covering its city (a case without a known city goes to agents who take any
 * region), and under capacity.
 */
export function isEligible(c: Candidate, need: CaseNeed): boolean {
  if (!c.onDuty || c.disabled) return false;
  if (c.skills.length > 0 && !c.skills.includes(need.problemType)) return false;
  if (c.regions.length > 0 && (need.city === null || !c.regions.includes(need.city))) return false;
  return c.openCases < c.capacity;
}

/**
 * Lowest load first; among equals the one given a case longest ago (never: first), so equals
 * take turns (round-robin); then by id, so the choice is the same on every run.
 */
function byLoadThenTurn(a: Candidate, b: Candidate): number {
  if (a.openCases !== b.openCases) return a.openCases - b.openCases;
  const ta = a.lastAssignedAt?.getTime() ?? -Infinity;
  const tb = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The agents who may be given this case automatically, best first (least loaded, then turns):
 * the order in which the assigner tries to claim them.
 */
export function rankAgents(candidates: readonly Candidate[], need: CaseNeed): Candidate[] {
  return candidates.filter((c) => isEligible(c, need)).sort(byLoadThenTurn);
}

/** The agent to give a case to automatically, or null when nobody eligible is free. */
export function chooseAgent(candidates: readonly Candidate[], need: CaseNeed): Candidate | null {
  return rankAgents(candidates, need)[0] ?? null;
}

/**
 * The supervisor an escalated case goes to: on duty, not disabled, least loaded, turns among
 * equals. Capacity does not apply: an escalation must land with someone if anyone is there.
 */
export function chooseSupervisor(candidates: readonly Candidate[]): Candidate | null {
  return candidates.filter((c) => c.onDuty && !c.disabled).sort(byLoadThenTurn)[0] ?? null;
}

/** Who is asking to hand over or take a case. */
export interface Handler {
  staffId: string;
  role: string;
}

/**
 * 首问负责制: the owner stays responsible until they hand the case over themselves; a supervisor
 * may hand over anyone's case. Returns why the handover is refused, or null.
 */
export function handoverRefusal(by: Handler, ownerId: string | null): string | null {
  if (by.role === "supervisor") return null;
  if (ownerId === by.staffId) return null;
  return ownerId === null ? "the case has no owner yet: take it first" : "only the case's owner or a supervisor may hand it over";
}

/** Roles a case can be handed, assigned or escalated to: those who work cases from the queue. */
export const OWNER_ROLES = ["agent", "supervisor"] as const;
