import "./tables.js";
export { RATEABLE_STATES, RATING_TAGS, type RatingTag } from "./model.js";
export { caseRating, rateCase, type FeedbackDeps, type RatingView } from "./service.js";
export { feedbackRoutes } from "./routes.js";
export type { CaseRatingsTable } from "./tables.js";
