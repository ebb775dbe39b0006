export {
  CN_CUSTOMER_SERVICE,
  CN_OFFICE,
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  validateCalendar,
  type BusinessCalendar,
  type OpeningHours,
} from "./calendar.js";
export { deadlineOf, isPaused, pause, remainingMinutes, resume, status, type SlaClock, type SlaPause, type SlaStatus } from "./clock.js";
export {
  AROUND_THE_CLOCK,
  BREACH_ACTIONS,
  CALENDARS,
  CALENDAR_NAMES,
  DEPARTMENTS,
  FINISHED,
  SLA_KINDS,
  calendarNamed,
  planClocks,
  type BreachAction,
  type CalendarName,
  type CaseClockFacts,
  type ClockKind,
  type ClockPlan,
  type ClockStatus,
  type Department,
  type Responder,
  type SlaKind,
} from "./model.js";
export {
  SLA_BREACH,
  SLA_WARNING,
  clockOfTimer,
  markBreached,
  recordBreach,
  stageTerms,
  startClock,
  stopClocks,
  syncCaseClocks,
  warnClock,
  type ClockStart,
} from "./service.js";
export { listSlaPolicies, updateSlaPolicy, type SlaPolicyChange, type SlaPolicyView } from "./policies.js";
export { breachViews, caseClockViews, type BreachView, type ClockView } from "./read.js";
export { ClockViewSchema, SlaPolicySchema, slaRoutes } from "./routes.js";
export type { SlaBreachesTable, SlaPoliciesTable } from "./tables.js";
