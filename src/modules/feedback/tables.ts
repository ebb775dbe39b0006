import type { ColumnType } from "kysely";

/** Row types of the feedback module's table (migration 0011_ratings_views.sql). */
declare module "../../db/schema.js" {
  interface Database {
    case_ratings: CaseRatingsTable;
  }
}

export interface CaseRatingsTable {
  case_id: string;
  customer_id: string;
  score: number;
  comment: ColumnType<string, string | undefined, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  created_at: ColumnType<Date, Date | string, Date | string>;
}
