import type { ColumnType, Generated } from "kysely";

/** Row types of the sla module's tables (migration 0004_sla_policies.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

declare module "../../db/schema.js" {
  interface Database {
    sla_policies: SlaPoliciesTable;
    sla_breaches: SlaBreachesTable;
  }
  /** Columns 0004 adds to sla_clocks: the terms the clock started with. */
  interface SlaClocksTable {
    warn_fraction: ColumnType<number, number | undefined, number>;
    on_breach: ColumnType<string, string | undefined, string>;
  }
}

export interface SlaPoliciesTable {
  kind: string;
  department: string;
  calendar: string;
  budget_minutes: number;
  warn_fraction: number;
  on_breach: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: ColumnType<string, string | undefined, string>;
}

export interface SlaBreachesTable {
  id: Generated<string>;
  clock_id: string;
  case_id: string;
  task_id: string | null;
  kind: string;
  department: string;
  deadline_at: Timestamp;
  breached_at: Timestamp;
  owner_id: string | null;
  on_breach: string;
  escalated_to: string | null;
  escalation_level: number;
}
