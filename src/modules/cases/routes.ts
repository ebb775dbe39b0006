import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { allow, customerOf, security } from "../../http/auth.js";
import { Problem } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { ledgerOfCase, refundsOfCase } from "../refunds/index.js";
import type { CallerKind } from "./permissions.js";
import { listCaseSummaries, loadCaseView } from "./read.js";
import { CaseSummary, CaseView, ClaimInput, DecisionView } from "./schemas.js";
import { actOnCase, evaluateClaim, fileClaim, type ActionRequest, type CaseDeps } from "./service.js";

const IdempotencyKey = Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "one key per intended claim; a retry with the same key returns the first answer" });

const Action = Type.Object(
  {
    action: Type.Enum(["cancel", "ship_return", "approve", "reject", "receive_return", "reship_delivered", "close"]),
    amountFen: Type.Optional(Type.Integer({ minimum: 0, description: "approve: the amount granted; defaults to the amount claimed" })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "reject, cancel: why" })),
    trackingNo: Type.Optional(Type.String({ maxLength: 64, description: "ship_return: the courier's tracking number" })),
  },
  { additionalProperties: false },
);

function caller(request: FastifyRequest): { kind: CallerKind; customerId?: string; actor: { id: string } } {
  const p = request.principal!;
  return p.kind === "customer" ? { kind: "customer", customerId: p.customerId, actor: { id: `customer:${p.customerId}` } } : { kind: "integrator", actor: { id: `integrator:${p.keyId}` } };
}

export function caseRoutes(deps: CaseDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/cases",
      {
        preHandler: allow("customer"),
        schema: {
          tags: ["cases"],
          summary: "File an after-sales claim; policy decides at once where it can",
          security: security.customer,
          headers: Type.Object({ "idempotency-key": IdempotencyKey }),
          body: ClaimInput,
          response: { 201: CaseView, 200: CaseView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await fileClaim(deps, customerOf(request)!, request.body, request.headers["idempotency-key"]);
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/cases",
      {
        preHandler: allow("customer", "integrator"),
        schema: {
          tags: ["cases"],
          summary: "Cases, newest first: a customer's own, or any for an integrator",
          security: security.either,
          querystring: Type.Object({
            orderId: Type.Optional(Type.String({ maxLength: 64 })),
            state: Type.Optional(Type.String({ maxLength: 32 })),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            before: Type.Optional(Type.String({ format: "date-time", description: "cursor: createdAt of the last case seen" })),
          }),
          response: { 200: Type.Object({ cases: Type.Array(CaseSummary) }), ...problemResponses },
        },
      },
      async (request) => {
        const customerId = customerOf(request) ?? undefined;
        const { orderId, state, limit, before } = request.query;
        return { cases: await listCaseSummaries(deps.db, { customerId, orderId, state }, limit, before) };
      },
    );

    app.get(
      "/cases/:caseId",
      {
        preHandler: allow("customer", "integrator"),
        schema: {
          tags: ["cases"],
          summary: "One case with its decision, timeline and the actions allowed now",
          security: security.either,
          params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }),
          response: { 200: CaseView, ...problemResponses },
        },
      },
      async (request) => {
        const c = caller(request);
        return loadCaseView(deps.db, request.params.caseId, { withTimeline: true, caller: c.kind, customerId: c.customerId });
      },
    );

    app.post(
      "/cases/:caseId/actions",
      {
        preHandler: allow("customer", "integrator"),
        schema: {
          tags: ["cases"],
          summary: "Move a case on: cancel or ship a return (customer); approve, reject, confirm receipt, confirm reship, close (back office)",
          description: "An action the case's state does not allow answers 409 with the allowed actions.",
          security: security.either,
          params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }),
          body: Action,
          response: { 200: CaseView, ...problemResponses },
        },
      },
      async (request) => {
        const b = request.body;
        return actOnCase(deps, request.params.caseId, toEvent(b), caller(request));
      },
    );

    app.get(
      "/cases/:caseId/refunds",
      {
        preHandler: allow("customer", "integrator"),
        schema: {
          tags: ["refunds"],
          summary: "The refunds of a case and their ledger",
          security: security.either,
          params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }),
          response: {
            200: Type.Object({
              refunds: Type.Array(Type.Object({ id: Type.String(), amountFen: Type.Integer(), method: Type.String(), state: Type.String(), attempts: Type.Integer(), gatewayRef: Type.Union([Type.String(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]) })),
              ledger: Type.Array(Type.Object({ refundId: Type.String(), entry: Type.String(), amountFen: Type.Integer(), at: Type.String({ format: "date-time" }) })),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const c = caller(request);
        await loadCaseView(deps.db, request.params.caseId, { withTimeline: false, caller: c.kind, customerId: c.customerId }); // visibility check
        const [refunds, ledger] = await Promise.all([refundsOfCase(deps.db, request.params.caseId), ledgerOfCase(deps.db, request.params.caseId)]);
        return {
          refunds: refunds.map((r) => ({ id: r.id, amountFen: r.amount_fen, method: r.method, state: r.state, attempts: r.attempts, gatewayRef: r.gateway_ref, lastError: r.last_error })),
          ledger: ledger.map((e) => ({ refundId: e.refund_id, entry: e.entry, amountFen: e.amount_fen, at: e.at.toISOString() })),
        };
      },
    );

    app.post(
      "/policy/evaluate",
      {
        preHandler: allow("customer", "integrator"),
        schema: {
          tags: ["policy"],
          summary: "What policy would decide for this claim, without filing it",
          description: "Same input, same answer: the decision POST /cases would make now, with its rules and reason. Nothing is written.",
          security: security.either,
          body: Type.Intersect([ClaimInput, Type.Object({ policyVersion: Type.Optional(Type.Integer({ minimum: 1 })) })]),
          response: { 200: DecisionView, ...problemResponses },
        },
      },
      async (request) => {
        const { policyVersion, ...claim } = request.body;
        return evaluateClaim(deps, customerOf(request), claim, policyVersion);
      },
    );
  };
}

function toEvent(b: { action: string; amountFen?: number; reason?: string; trackingNo?: string }): ActionRequest {
  switch (b.action) {
    case "approve":
      return { type: "approve", ...(b.amountFen !== undefined ? { amountFen: b.amountFen } : {}) };
    case "reject":
      if (!b.reason) throw new Problem(422, "validation", "Reason required", "a rejection needs a reason the customer can read");
      return { type: "reject", reason: b.reason };
    case "ship_return":
      return { type: "ship_return", ...(b.trackingNo ? { trackingNo: b.trackingNo } : {}) };
    case "cancel":
    case "receive_return":
    case "reship_delivered":
    case "close":
      return { type: b.action };
    default:
      throw new Problem(422, "validation", "Unknown action", `no action ${b.action}`);
  }
}
