import { Type, type Static } from "typebox";
import { ExternalId } from "../orders/index.js";
import { PROBLEM_TYPES, RESOLUTIONS } from "../policy/index.js";
import { CASE_STATES, COMPENSATION_KINDS } from "./machine.js";

export const ProblemTypeSchema = Type.Enum(PROBLEM_TYPES);
export const ResolutionSchema = Type.Enum(RESOLUTIONS);

/** A customer's claim: order → items and quantities → problem type → evidence → wanted resolution. */
export const ClaimInput = Type.Object(
  {
    orderId: ExternalId,
    items: Type.Array(
      Type.Object({ lineNo: Type.Integer({ minimum: 1, maximum: 999 }), quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 50 },
    ),
    problemType: ProblemTypeSchema,
    wantedResolution: ResolutionSchema,
    description: Type.String({ maxLength: 2000, default: "" }),
    evidenceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 9, default: [] }),
    answers: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 200 })]), {
      default: {},
      description: "answers to the guided questions of the problem type (GET /policy/questions/{problemType})",
    }),
  },
  { additionalProperties: false },
);
export type ClaimInput = Static<typeof ClaimInput>;

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const DecisionView = Type.Object({
  outcome: Type.Union([Type.Literal("approve"), Type.Literal("review"), Type.Literal("reject")]),
  resolution: ResolutionSchema,
  approvedFen: Type.Integer(),
  rules: Type.Array(Type.String()),
  reason: Bilingual,
  returnRequired: Type.Boolean(),
  returnShippingPayer: Type.Union([Type.Literal("customer"), Type.Literal("merchant"), Type.Null()]),
  refundDueDays: Type.Union([Type.Integer(), Type.Null()]),
  missingEvidence: Type.Array(Type.String()),
  policyVersion: Type.Integer(),
});

export const ProgressStepView = Type.Object({
  stage: Type.Enum(["review", "awaiting_return", "returning", "processing", "completed", "closed"]),
  label: Bilingual,
  status: Type.Enum(["done", "current", "upcoming", "closed"], { description: "closed: the case ended here without being completed (rejected, cancelled, merged)" }),
  reachedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  expectedBy: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "when the stage is due to end, where a deadline is known (a stage not yet done)" }),
});

export const CaseView = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  customerId: Type.String(),
  state: Type.Enum(CASE_STATES),
  stage: Bilingual,
  problemType: ProblemTypeSchema,
  wantedResolution: ResolutionSchema,
  resolution: ResolutionSchema,
  description: Type.String(),
  answers: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number(), Type.String()])),
  items: Type.Array(Type.Object({ orderItemId: Type.String(), lineNo: Type.Integer(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), amountFen: Type.Integer() })),
  evidenceIds: Type.Array(Type.String()),
  claimedFen: Type.Integer(),
  approvedFen: Type.Integer(),
  refundedFen: Type.Integer(),
  decision: DecisionView,
  returnShippingPayer: Type.Union([Type.String(), Type.Null()]),
  returnDueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  refundDueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  compensationKind: Type.Union([Type.Enum(COMPENSATION_KINDS), Type.Null()]),
  ownerId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "staff only: the member of staff who owns the case (首问负责)" })),
  escalationLevel: Type.Optional(Type.Integer({ description: "staff only: 0 if not escalated; each escalation (by a person or a breached SLA) adds one" })),
  mergedInto: Type.Union([Type.String(), Type.Null()]),
  customer: Type.Optional(
    Type.Union([Type.Object({ name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), address: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
      description: "staff only: the customer's contact, masked for roles that do not need it; null for supplier quality",
    }),
  ),
  allowedActions: Type.Array(Type.String(), { description: "the transitions this caller may ask for now" }),
  progress: Type.Array(ProgressStepView, { description: "the customer's plain stages (审核中 · 待退货 · 退货中 · 处理中 · 已完成), stages the resolution does not need left out" }),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
  timeline: Type.Optional(
    Type.Array(
      Type.Object({
        at: Type.String({ format: "date-time" }),
        type: Type.String(),
        actor: Type.String(),
        from: Type.Union([Type.String(), Type.Null()]),
        to: Type.Union([Type.String(), Type.Null()]),
        data: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  ),
});
export type CaseView = Static<typeof CaseView>;

export const CaseSummary = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  problemType: Type.String(),
  resolution: Type.String(),
  state: Type.String(),
  stage: Bilingual,
  claimedFen: Type.Integer(),
  approvedFen: Type.Integer(),
  refundedFen: Type.Integer(),
  pickupPointId: Type.Union([Type.String(), Type.Null()]),
  ownerId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "staff only" })),
  createdAt: Type.String({ format: "date-time" }),
});
