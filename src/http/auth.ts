import type { FastifyReply, FastifyRequest } from "fastify";
import type { Credentials } from "../modules/people/credentials.js";
import type { Principal, PrincipalKind } from "../modules/people/model.js";
import { forbidden, unauthenticated } from "./problem.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Reads `X-Api-Key` (integrators) or `Authorization: Bearer` (tokens); no credentials is anonymous. */
export function authenticate(credentials: Credentials) {
  return async (request: FastifyRequest) => {
    request.principal = null;
    const apiKey = request.headers["x-api-key"];
    if (typeof apiKey === "string" && apiKey) {
      request.principal = await credentials.verifyApiKey(apiKey);
      if (!request.principal) throw unauthenticated("the API key is not valid");
      return;
    }
    const auth = request.headers.authorization;
    if (auth) {
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      request.principal = match?.[1] ? await credentials.verifyToken(match[1]) : null;
      if (!request.principal) throw unauthenticated("the bearer token is not valid or has expired");
    }
  };
}

/** A preHandler that admits only the given kinds of caller. */
export function allow(...kinds: PrincipalKind[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw unauthenticated(`this endpoint needs ${kinds.join(" or ")} credentials`);
    if (!kinds.includes(p.kind)) throw forbidden(`a ${p.kind} may not do this`);
  };
}

export function customerOf(request: FastifyRequest): string | null {
  return request.principal?.kind === "customer" ? request.principal.customerId : null;
}

/** Security requirements for the OpenAPI document. */
type SecurityRequirement = { [scheme: string]: string[] }[];
export const security: Record<"integrator" | "customer" | "either", SecurityRequirement> = {
  integrator: [{ apiKey: [] }],
  customer: [{ bearer: [] }],
  either: [{ apiKey: [] }, { bearer: [] }],
};
