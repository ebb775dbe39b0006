import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../db/database.js";
import { actorId, roleOf } from "../people/index.js";
import { appendAudit } from "./store.js";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Writes that record no decision, only that someone is looking (a heartbeat every few seconds). */
const NOT_AUDITED = /\/presence$/;

/**
 * The onResponse hook that records every write through the API: who, which route, on what,
 * and how it ended (refusals too). Bodies are not kept: they can hold personal data. A failure
 * to record is logged, never turned into a failed request after the fact.
 */
export function auditWrites(db: Db, clock: () => Date) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (READS.has(request.method) || !request.routeOptions.url?.startsWith("/api/") || NOT_AUDITED.test(request.routeOptions.url)) return;
    const p = request.principal;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const target = Object.values(params).find((v): v is string => typeof v === "string") ?? null;
    const body = request.body as Record<string, unknown> | undefined;
    const data: Record<string, unknown> = {};
    // which login was tried is what a security review asks first; the password never is
    if (request.routeOptions.url.endsWith("/auth/login") && typeof body?.login === "string") data.login = body.login;
    if (typeof body?.action === "string") data.action = body.action;
    try {
      await appendAudit(db, {
        at: clock(),
        actor: p ? actorId(p) : "anonymous",
        role: p ? roleOf(p) : "anonymous",
        method: request.method,
        route: request.routeOptions.url,
        target,
        status: reply.statusCode,
        request_id: request.id,
        data,
      });
    } catch (e) {
      request.log.error({ err: e instanceof Error ? e.message : String(e) }, "audit entry not written");
    }
  };
}
