import { Type } from "typebox";

/** RFC 9457 problem details, as every error response carries them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: "uri" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  // the database is unreachable for a moment: try again
  503: ProblemSchema,
};

/** What a public read can answer besides its success: the database unreachable for a moment. */
export const unavailableResponse = { 503: ProblemSchema };
