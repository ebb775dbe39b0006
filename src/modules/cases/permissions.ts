import { allowedEvents, type CaseEventType, type CaseState } from "./machine.js";

/** Who may ask for which event through the API. Staff roles extend this with case handling. */
const EVENTS_BY_CALLER = {
  customer: ["cancel", "ship_return"],
  // back-office systems (WMS, ERP) until staff work in Anxin itself
  integrator: ["approve", "reject", "receive_return", "reship_delivered", "close", "ship_return"],
} as const satisfies Record<string, readonly CaseEventType[]>;
export type CallerKind = keyof typeof EVENTS_BY_CALLER;

export function eventsAllowedTo(caller: CallerKind): readonly CaseEventType[] {
  return EVENTS_BY_CALLER[caller];
}

/** The actions this caller may take on a case in this state: what a UI may offer. */
export function actionsFor(caller: CallerKind, state: CaseState): CaseEventType[] {
  const mine = eventsAllowedTo(caller);
  return allowedEvents(state).filter((e) => mine.includes(e));
}
