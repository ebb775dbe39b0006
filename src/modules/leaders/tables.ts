import type { ColumnType, JSONColumnType } from "kysely";

declare module "../../db/schema.js" {
  interface Database {
    batch_reports: BatchReportsTable;
  }
}

/** What a batch report did for one order line (stored, so a re-sent report answers the same). */
export interface BatchLineOutcome {
  customerId: string;
  orderId: string;
  lineNo: number;
  outcome: "opened" | "updated" | "skipped";
  caseId: string | null;
  /** the case's state after the report, when there is a case */
  caseState: string | null;
  /** why a line was skipped */
  reason: string | null;
}

/** Migration 0006_leaders.sql. */
export interface BatchReportsTable {
  id: string;
  reported_by: string;
  leader_id: string | null;
  pickup_point_id: string;
  sku: string;
  batch_id: string | null;
  problem_type: string;
  description: string;
  units_per_customer: number | null;
  idempotency_key: string;
  request_hash: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  completed_at: ColumnType<Date, Date | string, Date | string> | null;
  opened: ColumnType<number, number | undefined, number>;
  updated: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  truncated: ColumnType<boolean, boolean | undefined, boolean>;
  outcomes: JSONColumnType<BatchLineOutcome[], string | undefined, string>;
}
