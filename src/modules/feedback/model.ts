/*
 * The customer's satisfaction rating of a finished case: what may be rated, and whether a
 * second rating of the same case repeats the first or contradicts it. Pure.
 */

/** What was good or bad about the handling: a fixed list, so the dashboard can count them. */
export const RATING_TAGS = ["fast", "friendly_staff", "fair_outcome", "clear_updates", "slow", "unhelpful_staff", "unfair_outcome", "unclear_updates"] as const;
export type RatingTag = (typeof RATING_TAGS)[number];

/**
 * The case is done from the customer's side: money back, goods resent, compensation granted,
 * closed, or turned down. A cancelled or merged case was never handled to the end, so it is not rated.
 */
export const RATEABLE_STATES: readonly string[] = ["refunded", "reshipped", "compensated", "closed", "rejected"];

export interface RatingInput {
  score: number;
  comment: string;
  tags: RatingTag[];
}

/** The tags as stored: each once, in the list's order, so the same choice always compares equal. */
export function normalTags(tags: readonly string[]): string[] {
  return RATING_TAGS.filter((t) => tags.includes(t));
}

/** A repeated rating is the same when score, comment (trimmed) and tags agree. */
export function sameRating(a: RatingInput, b: { score: number; comment: string; tags: readonly string[] }): boolean {
  const [ta, tb] = [normalTags(a.tags), normalTags(b.tags)];
  return a.score === b.score && a.comment.trim() === b.comment.trim() && ta.length === tb.length && ta.every((t, i) => t === tb[i]);
}
