import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { STAFF_ROLES } from "../people/index.js";
import { RATING_TAGS } from "./model.js";
import { caseRating, rateCase, type FeedbackDeps } from "./service.js";

const CaseIdParams = Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });

const RatingInput = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: "1 (very unhappy) to 5 (very happy)" }),
    comment: Type.String({ maxLength: 500, default: "" }),
    tags: Type.Array(Type.Enum(RATING_TAGS), { maxItems: RATING_TAGS.length, uniqueItems: true, default: [] }),
  },
  { additionalProperties: false },
);

const RatingView = Type.Object({
  caseId: Type.String(),
  score: Type.Integer(),
  comment: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
});

/** The customer's satisfaction rating of a finished case. */
export function feedbackRoutes(deps: FeedbackDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/cases/:caseId/rating",
      {
        config: access("customer"),
        schema: {
          tags: ["feedback"],
          summary: "Rate your finished case (1–5, tags, a comment), once",
          description: "Only once the case is finished (refunded, reshipped, compensated, closed or rejected): before that, 409. The same rating sent again answers the first (200); a different one is 409.",
          params: CaseIdParams,
          body: RatingInput,
          response: { 201: RatingView, 200: RatingView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await rateCase(deps, request.params.caseId, principalOf(request), request.body);
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/cases/:caseId/rating",
      {
        config: access("customer", ...STAFF_ROLES),
        schema: {
          tags: ["feedback"],
          summary: "A case's satisfaction rating (null until the customer rated it) and whether the caller may rate it now",
          params: CaseIdParams,
          response: {
            200: Type.Object({
              rating: Type.Union([RatingView, Type.Null()]),
              canRate: Type.Boolean({ description: "the customer, on a finished case (refunded, reshipped, compensated, closed or rejected) not rated yet" }),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => caseRating(deps, request.params.caseId, principalOf(request)),
    );
  };
}
