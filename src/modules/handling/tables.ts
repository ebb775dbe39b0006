import type { ColumnType, Generated, JSONColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

declare module "../../db/schema.js" {
  interface Database {
    assignment_turns: AssignmentTurnsTable;
    case_notes: CaseNotesTable;
    case_viewers: CaseViewersTable;
    case_links: CaseLinksTable;
    saved_views: SavedViewsTable;
  }
}

/** When the system last gave each member of staff a case (round-robin among equals). */
export interface AssignmentTurnsTable {
  staff_id: string;
  last_assigned_at: Timestamp;
}

/** An internal note on a case: staff only, never in the customer's timeline. */
export interface CaseNotesTable {
  id: Generated<number>;
  case_id: string;
  author_id: string | null;
  actor: string;
  kind: ColumnType<NoteKind, NoteKind | undefined, NoteKind>;
  body: string;
  created_at: Timestamp;
}
export type NoteKind = "note" | "handover" | "escalation";

/** A heartbeat of one member of staff looking at one case. */
export interface CaseViewersTable {
  case_id: string;
  staff_id: string;
  seen_at: Timestamp;
}

/** One direction of a link between two cases. */
export interface CaseLinksTable {
  case_id: string;
  other_case_id: string;
  kind: CaseLinkKind;
  created_by: string;
  created_at: Timestamp;
}
export type CaseLinkKind = "duplicate" | "related" | "merged_into" | "merged_from";

/** A named set of filters of one staff work list (migration 0011), one person's own. */
export interface SavedViewsTable {
  id: string;
  staff_id: string;
  screen: SavedViewScreen;
  name: string;
  filters: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type SavedViewScreen = "queue" | "tasks" | "cases";
