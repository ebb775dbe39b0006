import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type, type Static } from "typebox";
import { access, customerOf, principalOf } from "../../http/auth.js";
import { Problem } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { ledgerOfCase, refundsOfCase } from "../refunds/index.js";
import { STAFF_ROLES } from "../people/index.js";
import { ResolutionSchema } from "./schemas.js";
import { COMPENSATION_KINDS, REJECT_CODES } from "./machine.js";
import { listCaseSummaries, loadCaseView } from "./read.js";
import { CaseSummary, CaseView, ClaimInput, DecisionView } from "./schemas.js";
import { actOnCaseOnce, evaluateClaim, fileClaim, type ActionRequest, type CaseDeps } from "./service.js";

const IdempotencyKey = Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "one key per intended claim; a retry with the same key returns the first answer" });

const Action = Type.Object(
  {
    action: Type.Enum(["cancel", "ship_return", "provide_info", "approve", "reject", "request_info", "receive_return", "reship_delivered", "close"]),
    amountFen: Type.Optional(Type.Integer({ minimum: 0, description: "approve: the amount granted (less than claimed: a partial refund); defaults to the amount claimed" })),
    resolution: Type.Optional(ResolutionSchema),
    compensationKind: Type.Optional(Type.Enum(COMPENSATION_KINDS)),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "reject, cancel: why, in words the customer reads" })),
    reasonCode: Type.Optional(Type.Enum(REJECT_CODES)),
    question: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "request_info: what the customer should add" })),
    note: Type.Optional(Type.String({ maxLength: 2000, description: "approve: a note on the timeline; provide_info: the customer's answer" })),
    evidenceIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 9, description: "provide_info: photos uploaded since" })),
    trackingNo: Type.Optional(Type.String({ maxLength: 64, description: "ship_return: the courier's tracking number" })),
  },
  { additionalProperties: false },
);

/** Everyone who can see cases at all. */
const CASE_VIEWERS = access("customer", "integrator", ...STAFF_ROLES);

export function caseRoutes(deps: CaseDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/cases",
      {
        config: access("customer"),
        schema: {
          tags: ["cases"],
          summary: "File an after-sales claim; policy decides at once where it can",
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
        config: CASE_VIEWERS,
        schema: {
          tags: ["cases"],
          summary: "Cases, newest first, within the caller's scope: a customer's own, a leader's pickup points, a supplier's goods, all for the back office",
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
        const { orderId, state, limit, before } = request.query;
        return { cases: await listCaseSummaries(deps.db, principalOf(request), { orderId, state }, limit, before) };
      },
    );

    app.get(
      "/cases/:caseId",
      {
        config: CASE_VIEWERS,
        schema: {
          tags: ["cases"],
          summary: "One case with its decision, timeline and the actions allowed now",
          params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }),
          response: { 200: CaseView, ...problemResponses },
        },
      },
      async (request) => loadCaseView(deps.db, request.params.caseId, { withTimeline: true, viewer: principalOf(request) }),
    );

    app.post(
      "/cases/:caseId/actions",
      {
        config: access("customer", "integrator", "leader", "agent", "supervisor", "warehouse"),
        schema: {
          tags: ["cases"],
          summary: "Move a case on: cancel, ship a return or answer a question (customer); approve in full or in part, reject with a reason code, ask for evidence, confirm receipt or reship, close (staff)",
          description:
            "An action the case's state does not allow answers 409 with the allowed actions; one the role may not take, 403. Send an Idempotency-Key to make a retry safe: the same key (same caller, case and action) answers what the first answered (header idempotent-replayed: true) and changes nothing again; another action under it is 422 idempotency-key-reused.",
          params: Type.Object({ caseId: Type.String({ maxLength: 64 }) }),
          headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "optional: a retry with the same key changes nothing again" })) }),
          body: Action,
          response: { 200: CaseView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await actOnCaseOnce(deps, request.params.caseId, toEvent(request.body), principalOf(request), request.headers["idempotency-key"]);
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/cases/:caseId/refunds",
      {
        config: access("customer", "integrator", "agent", "supervisor", "finance", "ops_admin"),
        schema: {
          tags: ["refunds"],
          summary: "The refunds of a case and their ledger",
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
        await loadCaseView(deps.db, request.params.caseId, { withTimeline: false, viewer: principalOf(request) }); // visibility check
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
        config: access("customer", "integrator", "leader", "agent", "supervisor", "ops_admin"),
        schema: {
          tags: ["policy"],
          summary: "What policy would decide for this claim, without filing it",
          description: "Same input, same answer: the decision POST /cases would make now, with its rules and reason. Nothing is written.",
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

type ActionBody = Static<typeof Action>;

function toEvent(b: ActionBody): ActionRequest {
  const required = (value: string | undefined, what: string): string => {
    if (!value) throw new Problem(422, "validation", `${what} required`, `${b.action} needs ${what}`);
    return value;
  };
  switch (b.action) {
    case "approve":
      if (b.compensationKind && b.resolution !== "compensation") throw new Problem(422, "validation", "Compensation kind without compensation", "compensationKind applies to the compensation resolution only");
      return {
        type: "approve",
        ...(b.amountFen !== undefined ? { amountFen: b.amountFen } : {}),
        ...(b.resolution ? { resolution: b.resolution } : {}),
        ...(b.compensationKind ? { compensationKind: b.compensationKind } : {}),
        ...(b.note ? { note: b.note } : {}),
      };
    case "reject":
      return { type: "reject", reason: required(b.reason, "a reason the customer can read"), reasonCode: b.reasonCode ?? "other" };
    case "request_info":
      return { type: "request_info", question: required(b.question, "a question") };
    case "provide_info":
      if (!b.note && !b.evidenceIds?.length) throw new Problem(422, "validation", "Nothing provided", "provide_info needs a note or photos");
      return { type: "provide_info", ...(b.note ? { note: b.note } : {}), ...(b.evidenceIds?.length ? { evidenceIds: b.evidenceIds } : {}) };
    case "ship_return":
      return { type: "ship_return", ...(b.trackingNo ? { trackingNo: b.trackingNo } : {}) };
    case "cancel":
      return { type: "cancel", ...(b.reason ? { reason: b.reason } : {}) };
    case "receive_return":
    case "reship_delivered":
    case "close":
      return { type: b.action };
  }
}
