import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { actorId, STAFF_ROLES } from "../people/index.js";
import { BREACH_ACTIONS, CALENDAR_NAMES, DEPARTMENTS, SLA_KINDS } from "./model.js";
import { listSlaPolicies, updateSlaPolicy } from "./policies.js";
import { breachViews } from "./read.js";

const Timestamp = Type.String({ format: "date-time" });

const PolicyTerms = {
  department: Type.Enum(DEPARTMENTS, { description: "who answers for the stage" }),
  calendar: Type.Enum(CALENDAR_NAMES, { description: "the business hours that count: cn_customer_service (08:00–22:00 daily), cn_office (weekdays, 2026 holidays and 调休), around_the_clock" }),
  budgetMinutes: Type.Integer({ minimum: 1, maximum: 43_200, description: "business minutes on that calendar" }),
  warnFraction: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: "share of the budget used when the warning goes out" }),
  onBreach: Type.Enum(BREACH_ACTIONS, { description: "notify: record and announce; reassign_supervisor: also make the least-loaded supervisor on duty the case's owner" }),
  enabled: Type.Boolean({ description: "false: the stage starts no clocks" }),
};

export const SlaPolicySchema = Type.Object({
  kind: Type.Enum(SLA_KINDS, {
    description:
      "the stage: first_response (a claim in review until an agent or supervisor answers the customer or decides), leader_response (the same for the pickup point's leader), warehouse_receipt (the terms of the warehouse's confirm_receipt task: goods sent back until received), finance_payment (a refund under way until paid), resolution (\"handled within 24 h\": from review until the case is finished — refunded, reshipped, compensated, closed, rejected, cancelled or merged — not counting the time the customer is to answer or to send the goods back)",
  }),
  ...PolicyTerms,
  updatedAt: Timestamp,
  updatedBy: Type.String(),
});

export const ClockViewSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: "first_response, leader_response, warehouse_receipt, finance_payment, resolution, task" }),
  department: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  calendar: Type.String(),
  startedAt: Timestamp,
  budgetMinutes: Type.Integer(),
  status: Type.Enum(["running", "paused", "warning", "breached", "met", "missed"]),
  deadlineAt: Type.Union([Timestamp, Type.Null()], { description: "null while paused (waiting on the customer's answer; resolution also while the goods come back)" }),
  remainingMinutes: Type.Integer({ description: "business minutes left (at the stop, once stopped); negative once overdue" }),
  warnedAt: Type.Union([Timestamp, Type.Null()]),
  breachedAt: Type.Union([Timestamp, Type.Null()]),
  stoppedAt: Type.Union([Timestamp, Type.Null()]),
});

const BreachSchema = Type.Object({
  id: Type.String(),
  clockId: Type.String(),
  caseId: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  department: Type.String(),
  deadlineAt: Timestamp,
  breachedAt: Timestamp,
  ownerId: Type.Union([Type.String(), Type.Null()], { description: "who owned the case when the deadline passed" }),
  onBreach: Type.String(),
  escalatedTo: Type.Union([Type.String(), Type.Null()], { description: "the supervisor made owner, if any" }),
  escalationLevel: Type.Integer({ description: "the case's escalation level after this breach" }),
});

/** SLA policies (per stage and department) and the breach records. */
export function slaRoutes(deps: { db: Db; clock: () => Date }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/sla/policies",
      {
        config: access(...STAFF_ROLES),
        schema: { tags: ["sla"], summary: "The SLA policy of every stage: department, calendar, budget, warning and what a breach does", response: { 200: Type.Object({ policies: Type.Array(SlaPolicySchema) }), ...problemResponses } },
      },
      async () => ({ policies: await listSlaPolicies(deps.db) }),
    );

    app.put(
      "/sla/policies/:kind",
      {
        config: access("ops_admin"),
        schema: {
          tags: ["sla"],
          summary: "Replace one stage's SLA policy; running clocks keep the terms they started with",
          params: Type.Object({ kind: Type.Enum(SLA_KINDS) }),
          body: Type.Object(PolicyTerms, { additionalProperties: false }),
          response: { 200: SlaPolicySchema, ...problemResponses },
        },
      },
      async (request) => updateSlaPolicy(deps.db, request.params.kind, request.body, actorId(principalOf(request)), deps.clock()),
    );

    app.get(
      "/sla/breaches",
      {
        config: access("supervisor", "ops_admin"),
        schema: {
          tags: ["sla"],
          summary: "SLA breaches, newest first: by stage, department, case or time",
          querystring: Type.Object(
            {
              kind: Type.Optional(Type.Enum([...SLA_KINDS, "task"])),
              department: Type.Optional(Type.Enum(DEPARTMENTS)),
              caseId: Type.Optional(Type.String({ maxLength: 64 })),
              since: Type.Optional(Type.String({ format: "date-time", description: "breached at or after" })),
              until: Type.Optional(Type.String({ format: "date-time", description: "breached before" })),
              before: Type.Optional(Type.String({ pattern: "^[0-9]{1,18}$", description: "cursor: the id of the last breach seen" })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ breaches: Type.Array(BreachSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const { limit, since, until, ...filter } = request.query;
        const breaches = await breachViews(deps.db, { ...filter, ...(since ? { since: new Date(since) } : {}), ...(until ? { until: new Date(until) } : {}) }, limit);
        return { breaches };
      },
    );
  };
}
