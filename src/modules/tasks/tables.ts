import type { ColumnType, JSONColumnType } from "kysely";

/** Row types of the tasks module's tables (migration 0010_tasks.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type MaybeTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

declare module "../../db/schema.js" {
  interface Database {
    tasks: TasksTable;
    case_root_causes: CaseRootCausesTable;
  }
}

export interface TasksTable {
  id: string;
  case_id: string;
  department: string;
  kind: string;
  state: string;
  warehouse_id: Optional<string>;
  supplier_id: Optional<string>;
  refund_id: Optional<string>;
  assignee_id: Optional<string>;
  note: ColumnType<string, string | undefined, string>;
  outcome: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  cancel_reason: Optional<string>;
  clock_id: Optional<string>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  taken_at: MaybeTimestamp;
  finished_at: MaybeTimestamp;
  finished_by: Optional<string>;
}

export interface CaseRootCausesTable {
  task_id: string;
  case_id: string;
  category: string;
  corrective_action: string;
  supplier_id: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}
