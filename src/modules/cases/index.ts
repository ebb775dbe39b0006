export { fileClaim, evaluateClaim, actOnCase, markRefundPaid, type CaseDeps } from "./service.js";
export { loadCaseView, listCaseSummaries } from "./read.js";
export { ClaimInput, CaseView } from "./schemas.js";
export { CASE_STATES, customerStage, transition, allowedEvents, type CaseState } from "./machine.js";
export { caseRoutes } from "./routes.js";
