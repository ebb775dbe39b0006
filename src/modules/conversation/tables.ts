import type { ColumnType, Generated } from "kysely";

/** Row types of the conversation tables (migration 0008_conversation.sql). */
declare module "../../db/schema.js" {
  interface Database {
    case_messages: CaseMessagesTable;
    case_message_reads: CaseMessageReadsTable;
    reply_scripts: ReplyScriptsTable;
  }
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CaseMessagesTable {
  id: Generated<number>;
  case_id: string;
  author: string;
  author_role: string;
  author_name: ColumnType<string, string | undefined, never>;
  side: "customer" | "staff";
  body: string;
  evidence_ids: ColumnType<string[], string[] | undefined, never>;
  script_id: string | null;
  script_version: number | null;
  client_message_id: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface CaseMessageReadsTable {
  case_id: string;
  side: "customer" | "staff";
  read_up_to: number;
  read_at: Timestamp;
}

export interface ReplyScriptsTable {
  id: string;
  version: number;
  title: string;
  category: string;
  audience: "agent" | "leader" | "any";
  body: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: ColumnType<Date, Date | string, never>;
  superseded_at: Timestamp | null;
}
