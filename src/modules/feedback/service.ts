import type { Db } from "../../db/database.js";
import { Problem, notFound } from "../../http/problem.js";
import type { Principal } from "../people/index.js";
import { readVisibleCase } from "../cases/index.js";
import { RATEABLE_STATES, normalTags, sameRating, type RatingInput } from "./model.js";
import { insertRating, ratingOf, type RatingRow } from "./store.js";

export interface FeedbackDeps {
  db: Db;
  clock: () => Date;
}

export interface RatingView {
  caseId: string;
  score: number;
  comment: string;
  tags: string[];
  createdAt: string;
}

const viewOf = (r: RatingRow): RatingView => ({ caseId: r.case_id, score: r.score, comment: r.comment, tags: r.tags, createdAt: r.created_at.toISOString() });

/**
 * The customer rates their finished case, once. Sending the same rating again answers the first
 * (200: a retried request); a different one is a conflict, since the first is what was counted.
 */
export async function rateCase(deps: FeedbackDeps, caseId: string, by: Principal, input: RatingInput): Promise<{ status: 200 | 201; body: RatingView }> {
  if (by.kind !== "customer") throw new Error("only customers rate cases (the route says so)");
  return deps.db.transaction().execute(async (tx) => {
    const kase = await readVisibleCase(tx, caseId, by);
    if (!kase) throw notFound("case", caseId);
    const earlier = await ratingOf(tx, caseId);
    if (earlier) return repeated(earlier, input);
    if (!RATEABLE_STATES.includes(kase.state))
      throw new Problem(409, "conflict", "Case not finished", `case ${caseId} is ${kase.state}: it can be rated once it is finished`, { state: kase.state });
    const row = { case_id: caseId, customer_id: by.customerId, score: input.score, comment: input.comment.trim(), tags: normalTags(input.tags), created_at: deps.clock() };
    const stored = await insertRating(tx, row);
    if (stored) return { status: 201, body: viewOf(stored) };
    // a concurrent request rated it first: answer as to any second rating
    const first = await ratingOf(tx, caseId);
    if (!first) throw new Error(`rating of ${caseId} vanished`);
    return repeated(first, input);
  });
}

function repeated(earlier: RatingRow, input: RatingInput): { status: 200; body: RatingView } {
  if (!sameRating(input, earlier)) throw new Problem(409, "conflict", "Already rated", "this case was already rated differently; a rating cannot be changed", { rating: viewOf(earlier) });
  return { status: 200, body: viewOf(earlier) };
}

/**
 * The rating of a case the caller sees (null until the customer rated it), and whether the caller
 * may rate it now, so a screen never repeats the rule; 404 when the case is outside their scope.
 */
export async function caseRating(deps: FeedbackDeps, caseId: string, viewer: Principal): Promise<{ rating: RatingView | null; canRate: boolean }> {
  const kase = await readVisibleCase(deps.db, caseId, viewer);
  if (!kase) throw notFound("case", caseId);
  const rating = await ratingOf(deps.db, caseId);
  return { rating: rating ? viewOf(rating) : null, canRate: !rating && viewer.kind === "customer" && RATEABLE_STATES.includes(kase.state) };
}
