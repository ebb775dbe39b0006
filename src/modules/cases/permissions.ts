import type { Role } from "../people/index.js";
import { allowedEvents, type CaseEventType, type CaseState } from "./machine.js";

/**
 * Who may ask for which event through the API. Scope (whose cases) and limits (a leader's
 * approval limit) are checked by the service; this table says what each role does at all.
 */
const EVENTS_BY_ROLE: Record<Role, readonly CaseEventType[]> = {
  customer: ["cancel", "ship_return", "provide_info"],
  // 团长: approves small refunds within the policy's limits and takes back goods at the point
  leader: ["approve", "receive_return"],
  agent: ["approve", "reject", "request_info", "close"],
  supervisor: ["approve", "reject", "request_info", "close", "receive_return", "reship_delivered", "cancel"],
  warehouse: ["receive_return", "reship_delivered"],
  finance: [],
  supplier_quality: [],
  ops_admin: [],
  // back-office systems (WMS, ERP) that report what happened to goods and decisions made elsewhere
  integrator: ["approve", "reject", "receive_return", "reship_delivered", "close", "ship_return"],
};

export function eventsAllowedTo(role: Role): readonly CaseEventType[] {
  return EVENTS_BY_ROLE[role];
}

/** The actions this role may take on a case in this state: what a UI may offer. */
export function actionsFor(role: Role, state: CaseState): CaseEventType[] {
  const mine = eventsAllowedTo(role);
  return allowedEvents(state).filter((e) => mine.includes(e));
}
