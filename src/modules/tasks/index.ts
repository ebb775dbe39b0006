// The cases module imports this index (afterCaseChange opens and closes tasks): nothing exported
// here may import cases at run time. The staff use cases, the finance flow and the routes need
// cases, so the server and the app wiring import them directly (service.ts, finance.ts, routes.ts).
import "./tables.js";
export { followCaseTasks, finishTask, openTask, takeTask, TASKS_ACTOR, type TaskActivity, type TaskChange, type TaskEnd, type TaskOpening } from "./lifecycle.js";
export {
  KINDS_OF,
  OPEN_TASK_STATES,
  RECEIPT_CONDITIONS,
  ROOT_CAUSES,
  TASK_DEPARTMENTS,
  TASK_KINDS,
  TASK_STATES,
  TASK_TERMS,
  checkOutcome,
  decideTask,
  homeDepartment,
  openingRefusal,
  planCaseTasks,
  worksOn,
  type OutcomeInput,
  type RootCause,
  type TaskDepartment,
  type TaskKind,
  type TaskState,
  type TaskStep,
  type TaskWorker,
} from "./model.js";
export type { CaseRootCausesTable, TasksTable } from "./tables.js";
