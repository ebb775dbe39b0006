export { fileClaim, evaluateClaim, actOnCase, markRefundPaid, takeOwnership, type ActionRequest, type CaseDeps } from "./service.js";
export { loadCaseView, listCaseSummaries } from "./read.js";
export { ClaimInput, CaseView } from "./schemas.js";
export { CASE_STATES, COMPENSATION_KINDS, REJECT_CODES, customerStage, transition, allowedEvents, isCaseState, type CaseState, type CaseEvent, type CompensationKind } from "./machine.js";
export { applyEvents, recordCaseActivity, type Actor } from "./transitions.js";
export { appendEvents, lockCase, lockVisibleCase, readVisibleCase, caseItems, linkCaseEvidence, type CaseRow, type TimelineRow } from "./store.js";
export { visibleTo } from "./scope.js";
export type { CaseChange } from "./after-change.js";
export { caseRoutes } from "./routes.js";
