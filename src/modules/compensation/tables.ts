import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { GrantKind, PartyType, PostingKind } from "./model.js";

/** Row types of the compensation module's tables (migration 0007_compensation.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

declare module "../../db/schema.js" {
  interface Database {
    compensation_grants: CompensationGrantsTable;
    ledger_accounts: LedgerAccountsTable;
    ledger_postings: LedgerPostingsTable;
    ledger_entries: LedgerEntriesTable;
    liability_assignments: LiabilityAssignmentsTable;
    liability_lines: LiabilityLinesTable;
  }
}

/** A coupon, balance credit or points granted on a case. */
export interface CompensationGrantsTable {
  id: string;
  case_id: string;
  customer_id: string;
  kind: GrantKind;
  value_fen: number;
  coupon_code: string | null;
  expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  points: number | null;
  granted_at: Timestamp;
}

export interface LedgerAccountsTable {
  account: string;
  opened_at: Timestamp;
}

/** One money movement; its entries sum to zero. */
export interface LedgerPostingsTable {
  id: Generated<number>;
  key: string;
  kind: PostingKind;
  case_id: string | null;
  assignment_id: string | null;
  reverses: number | null;
  at: Timestamp;
  actor: string;
  memo: JSONColumnType<Record<string, unknown>, string, string>;
}

/** A debit (positive) or credit (negative) on one account, in fen. */
export interface LedgerEntriesTable {
  id: Generated<number>;
  posting_id: number;
  account: string;
  amount_fen: number;
}

/** One version of who bears a case's cost. */
export interface LiabilityAssignmentsTable {
  id: string;
  case_id: string;
  version: number;
  paid_fen: number;
  posting_id: number;
  assigned_by: string;
  assigned_at: Timestamp;
}

/** A party's share of an assignment, with what its statement shows of the case. */
export interface LiabilityLinesTable {
  assignment_id: string;
  party_type: PartyType;
  party_id: string;
  amount_fen: number;
  reason: string;
  case_id: string;
  order_id: string;
  skus: string[];
  batch_ids: string[];
}
