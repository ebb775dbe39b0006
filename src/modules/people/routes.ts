import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Credentials } from "./credentials.js";
import { allow, security } from "../../http/auth.js";
import { ExternalId } from "../orders/model.js";
import { ProblemSchema } from "../../http/schemas.js";

/** Integrators exchange their user's identity for a customer token (the platform's SSO stays theirs). */
export function peopleRoutes(deps: { credentials: Credentials }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/customer-tokens",
      {
        preHandler: allow("integrator"),
        schema: {
          tags: ["identity"],
          summary: "Issue a token that lets one customer see and claim only their own orders",
          security: security.integrator,
          body: Type.Object({ customerId: ExternalId }, { additionalProperties: false }),
          response: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: "date-time" }) }), 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await deps.credentials.issueCustomerToken(request.body.customerId)),
    );
  };
}
