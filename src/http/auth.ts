import type { FastifyRequest, RouteOptions } from "fastify";
import type { Credentials } from "../modules/people/credentials.js";
import { roleOf, type Principal, type Role } from "../modules/people/model.js";
import { Problem, unauthenticated } from "./problem.js";

/**
 * Who may call a route: "public" (no credentials needed) or the roles admitted. Every route under
 * /api declares it in its config (`config: access("agent", "supervisor")`); the server refuses to
 * start with one that does not, so no endpoint is left unguarded by omission.
 */
export type Access = "public" | readonly Role[];

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Route config admitting these roles. */
export const access = (...roles: Role[]): { access: Access } => ({ access: roles });
export const publicAccess: { access: Access } = { access: "public" };

/**
 * The onRequest hook: reads `X-Api-Key` (integrators) or `Authorization: Bearer` (customer and
 * staff tokens), then checks the route's access before the body is even parsed, so a caller
 * who may not call a route learns nothing about its validation.
 */
export function guard(credentials: Credentials) {
  return async (request: FastifyRequest) => {
    request.principal = await identify(credentials, request);
    const allowed = request.routeOptions.config.access;
    if (allowed === undefined || allowed === "public") return;
    const p = request.principal;
    if (!p) throw unauthenticated(`this endpoint needs the credentials of: ${allowed.join(", ")}`);
    const role = roleOf(p);
    if (!allowed.includes(role)) throw new Problem(403, "forbidden", "Forbidden", `a ${role.replace("_", " ")} may not do this`, { allowedRoles: allowed });
  };
}

async function identify(credentials: Credentials, request: FastifyRequest): Promise<Principal | null> {
  const apiKey = request.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey) {
    const p = await credentials.verifyApiKey(apiKey);
    if (!p) throw unauthenticated("the API key is not valid");
    return p;
  }
  const auth = request.headers.authorization;
  if (!auth) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(auth);
  const p = match?.[1] ? await credentials.verifyToken(match[1]) : null;
  if (!p) throw unauthenticated("the bearer token is not valid or has expired");
  return p;
}

/** One guarded route, as declared: what the authorization matrix test and the docs are built from. */
export interface AccessEntry {
  method: string;
  url: string;
  access: Access;
}

/** Collects the access declarations of every /api route as they are registered. */
export function accessTable() {
  const entries: AccessEntry[] = [];
  return {
    entries,
    hook(route: RouteOptions): void {
      declareAccess(route);
      if (!route.url.startsWith("/api/")) return;
      for (const method of [route.method].flat()) if (method !== "HEAD") entries.push({ method, url: route.url, access: route.config!.access! });
    },
  };
}

/**
 * The onRoute hook: an /api route without an access declaration is a bug caught at start-up.
 * It also writes the roles into the OpenAPI document (security schemes and a line in the
 * description), so the document and the enforcement come from the same declaration.
 */
export function declareAccess(route: RouteOptions): void {
  if (!route.url.startsWith("/api/")) return;
  const allowed = route.config?.access;
  if (allowed === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
  // Fastify's automatic HEAD route shares its GET route's schema object: describe it once
  if (!route.schema || route.method === "HEAD") return;
  const schema = route.schema as Record<string, unknown>;
  if (allowed === "public") {
    schema.security = [];
    return;
  }
  const security: Record<string, string[]>[] = [];
  if (allowed.some((r) => r !== "integrator")) security.push({ bearer: [] });
  if (allowed.includes("integrator")) security.push({ apiKey: [] });
  schema.security = security;
  const roles = `Roles: ${allowed.join(", ")}.`;
  schema.description = schema.description ? `${String(schema.description)}\n\n${roles}` : roles;
}

/** The customer calling, or null for anyone else. */
export function customerOf(request: FastifyRequest): string | null {
  return request.principal?.kind === "customer" ? request.principal.customerId : null;
}

/** The caller of a guarded route; the guard has already refused anonymous callers. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated("this endpoint needs credentials");
  return request.principal;
}
