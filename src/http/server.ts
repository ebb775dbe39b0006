import Fastify, { type FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Db } from "../db/database.js";
import type { Credentials } from "../modules/people/credentials.js";
import { peopleRoutes } from "../modules/people/index.js";
import { auditRoutes, auditWrites } from "../modules/audit/index.js";
import { orderRoutes } from "../modules/orders/routes.js";
import { policyRoutes } from "../modules/policy/routes.js";
import type { PolicySource } from "../modules/policy/index.js";
import { caseRoutes } from "../modules/cases/routes.js";
import { caseSlaRoutes } from "../modules/cases/sla-routes.js";
import { slaRoutes } from "../modules/sla/index.js";
import { handlingRoutes } from "../modules/handling/routes.js";
import { viewRoutes } from "../modules/handling/view-routes.js";
import { taskRoutes } from "../modules/tasks/routes.js";
import { evidenceRoutes, type EvidenceStorage } from "../modules/evidence/index.js";
import { leaderRoutes } from "../modules/leaders/index.js";
import { notifyRoutes } from "../modules/notify/index.js";
import { compensationRoutes } from "../modules/compensation/routes.js";
import { feedbackRoutes } from "../modules/feedback/index.js";
import { conversationRoutes, makeCaseStream, streamRoutes } from "../modules/conversation/index.js";
import { insightsRoutes } from "../modules/insights/index.js";
import { accessTable, guard, type AccessEntry } from "./auth.js";
import { problemHandler } from "./errors.js";
import { Problem } from "./problem.js";
import { registerWebApp } from "./web.js";

export interface AppDeps {
  db: Db;
  credentials: Credentials;
  policies: PolicySource;
  storage: EvidenceStorage;
  clock: () => Date;
  /** let webhooks reach loopback and private addresses (development, tests) */
  webhookAllowPrivateTargets?: boolean;
  /** the built web app (web/dist) to serve at /; none: API only */
  webDir?: string;
  /** pino options, or false for silence in tests */
  logger?: boolean | object;
}

declare module "fastify" {
  interface FastifyInstance {
    /** every /api route with the roles it admits */
    accessTable: AccessEntry[];
  }
}

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** Builds the HTTP API: routes per module, problem+json errors, OpenAPI at /openapi.json and /docs. */
export async function buildServer(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: "array" } },
    genReqId: (req) => (typeof req.headers["x-request-id"] === "string" && req.headers["x-request-id"].length <= 64 ? req.headers["x-request-id"] : crypto.randomUUID()),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Anxin (安心) after-sales API", version: "0.1.0", description: "After-sales service for community group buying. Errors are RFC 9457 problem+json." },
      components: {
        securitySchemes: {
          apiKey: { type: "apiKey", in: "header", name: "X-Api-Key", description: "integrator API key" },
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "customer token (POST /api/v1/customer-tokens) or staff session token (POST /api/v1/auth/login)" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5, parts: 6 } });

  // limits are per route (config.rateLimit), counted after the route's guard: see the login route
  await app.register(rateLimit, {
    global: false,
    hook: "preHandler",
    errorResponseBuilder: (_request, context) => new Problem(429, "rate-limited", "Too many requests", `too many attempts; try again in ${context.after}`),
  });
  app.setErrorHandler(problemHandler);
  const web = deps.webDir ? await registerWebApp(app, deps.webDir) : { fallback: () => false };
  app.setNotFoundHandler((request, reply) => {
    if (web.fallback(request, reply)) return;
    return problemHandler(new Problem(404, "not-found", "Not found", `no route ${request.method} ${request.url.split("?")[0]}`), request, reply);
  });
  app.decorateRequest("principal", null);
  const routes = accessTable();
  app.decorate("accessTable", routes.entries);
  app.addHook("onRoute", routes.hook);
  app.addHook("onRequest", guard(deps.credentials));
  app.addHook("onResponse", auditWrites(deps.db, deps.clock));
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  app.get("/healthz", { schema: { hide: true } }, async () => ({ ok: true }));

  await app.register(peopleRoutes(deps), { prefix: "/api/v1" });
  await app.register(orderRoutes(deps), { prefix: "/api/v1" });
  await app.register(policyRoutes(deps), { prefix: "/api/v1" });
  await app.register(evidenceRoutes(deps), { prefix: "/api/v1" });
  await app.register(caseRoutes(deps), { prefix: "/api/v1" });
  await app.register(slaRoutes(deps), { prefix: "/api/v1" });
  await app.register(caseSlaRoutes(deps), { prefix: "/api/v1" });
  await app.register(handlingRoutes(deps), { prefix: "/api/v1" });
  await app.register(viewRoutes(deps), { prefix: "/api/v1" });
  await app.register(taskRoutes(deps), { prefix: "/api/v1" });
  await app.register(leaderRoutes(deps), { prefix: "/api/v1" });
  await app.register(notifyRoutes(deps), { prefix: "/api/v1" });
  await app.register(compensationRoutes(deps), { prefix: "/api/v1" });
  await app.register(conversationRoutes(deps), { prefix: "/api/v1" });
  await app.register(feedbackRoutes(deps), { prefix: "/api/v1" });
  // one outbox tailer per process feeds every staff screen; open streams end before the server closes
  const stream = makeCaseStream({ db: deps.db, onError: (e) => app.log.error({ err: e instanceof Error ? e.message : String(e) }, "case stream") });
  app.addHook("preClose", () => stream.close());
  await app.register(streamRoutes({ stream, credentials: deps.credentials }), { prefix: "/api/v1" });
  await app.register(auditRoutes(deps), { prefix: "/api/v1" });
  await app.register(insightsRoutes(deps), { prefix: "/api/v1" });
  return app;
}
