import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, principalOf, publicAccess } from "../../http/auth.js";
import { actorId } from "../people/index.js";
import { notFound } from "../../http/problem.js";
import { problemResponses, unavailableResponse } from "../../http/schemas.js";
import { EvidenceRequirement, GuidedQuestion, PolicyDocument } from "./document.js";
import { PROBLEM_TYPES, RESOLUTIONS } from "./model.js";
import { questionsFor } from "./questions.js";
import type { PolicySource } from "./service.js";
import { listPolicyVersions } from "./store.js";

/** The rules are public (seed 003): anyone may read them; publishing is for the back office. */
export function policyRoutes(deps: { db: Db; policies: PolicySource }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/policy",
      { config: publicAccess, schema: { tags: ["policy"], summary: "The policy in force", response: { 200: PolicyDocument, ...unavailableResponse } } },
      async () => deps.policies.active(),
    );

    app.get(
      "/policy/versions",
      {
        config: publicAccess,
        schema: {
          tags: ["policy"],
          summary: "Every published version, newest first",
          response: { 200: Type.Object({ versions: Type.Array(Type.Object({ version: Type.Integer(), note: Type.String(), publishedBy: Type.String(), publishedAt: Type.String({ format: "date-time" }) })) }), ...unavailableResponse },
        },
      },
      async () => ({
        versions: (await listPolicyVersions(deps.db)).map((v) => ({ version: v.version, note: v.note, publishedBy: v.published_by, publishedAt: v.published_at.toISOString() })),
      }),
    );

    app.get(
      "/policy/versions/:version",
      { config: publicAccess, schema: { tags: ["policy"], summary: "One published version", params: Type.Object({ version: Type.Integer({ minimum: 1 }) }), response: { 200: PolicyDocument, ...problemResponses } } },
      async (request) => {
        const policy = await deps.policies.version(request.params.version);
        if (!policy) throw notFound("policy version", String(request.params.version));
        return policy;
      },
    );

    app.post(
      "/policy/versions",
      {
        config: access("integrator", "ops_admin"),
        schema: {
          tags: ["policy"],
          summary: "Publish the next policy version (validated; version must be the latest + 1)",
          body: Type.Object({ document: Type.Unknown(), note: Type.String({ maxLength: 500, default: "" }) }, { additionalProperties: false }),
          response: { 201: PolicyDocument, ...problemResponses },
        },
      },
      async (request, reply) => {
        const who = actorId(principalOf(request));
        return reply.status(201).send(await deps.policies.publish(request.body.document, who, request.body.note));
      },
    );

    app.get(
      "/policy/questions/:problemType",
      {
        config: publicAccess,
        schema: {
          tags: ["policy"],
          summary: "The guided questions and evidence a problem type needs (the claim form asks only these)",
          params: Type.Object({ problemType: Type.Enum(PROBLEM_TYPES) }),
          response: {
            200: Type.Object({
              problemType: Type.Enum(PROBLEM_TYPES),
              questions: Type.Array(GuidedQuestion),
              evidence: EvidenceRequirement,
              resolutions: Type.Array(Type.Enum(RESOLUTIONS), { description: "the resolutions policy allows for this problem type, the preferred one first" }),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => questionsFor(await deps.policies.active(), request.params.problemType),
    );
  };
}
