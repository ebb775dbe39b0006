import type { Queryable } from "../../db/database.js";

/** The feedback module's SQL: it owns case_ratings. */

export async function ratingOf(db: Queryable, caseId: string) {
  return db.selectFrom("case_ratings").selectAll().where("case_id", "=", caseId).executeTakeFirst();
}
export type RatingRow = NonNullable<Awaited<ReturnType<typeof ratingOf>>>;

/** Inserts the rating unless the case already has one; undefined when one was there first. */
export async function insertRating(db: Queryable, row: { case_id: string; customer_id: string; score: number; comment: string; tags: string[]; created_at: Date }) {
  return db.insertInto("case_ratings").values(row).onConflict((oc) => oc.column("case_id").doNothing()).returningAll().executeTakeFirst();
}
