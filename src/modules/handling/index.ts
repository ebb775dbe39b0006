// The cases module imports this index (afterCaseChange assigns cases), and so may sla: nothing
// exported here may import cases at run time. The routes and the services that need cases
// (service.ts, links.ts, escalation.ts) are imported directly by the server and by job wiring.
import "./tables.js";
export { assignIfNeeded, pickSupervisor, ownerChanged } from "./assignment.js";
export { OPEN_CASE_STATES, PRESENCE_WINDOW_MS, chooseAgent, chooseSupervisor, handoverRefusal, isEligible, isOpenState, needsAssignment, type Candidate, type CaseNeed } from "./model.js";
export type { CaseLinkKind, NoteKind } from "./tables.js";
