import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { forbidden } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { isStaff } from "../people/index.js";
import { PROBLEM_TYPES } from "../policy/index.js";
import { CASE_STATES } from "../cases/index.js";
import { BATCH_SCAN_LIMIT, RECENT_GOODS_LIMIT, confirmReturns, leaderScores, recentGoods, reportBatch, type LeaderDeps } from "./service.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdempotencyKey = Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "one key per intended report; a re-send with the same key answers the first result and changes nothing" });

const ProblemRef = Type.Object({ type: Type.String(), title: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) });

const ReturnResult = Type.Object({
  caseId: Type.String(),
  outcome: Type.Enum(["received", "already_received", "error"]),
  state: Type.Union([Type.Enum(CASE_STATES), Type.Null()], { description: "the case's state after the confirmation" }),
  error: Type.Union([ProblemRef, Type.Null()], { description: "why this case could not be received (e.g. not found: not at your points; invalid transition: not awaiting a return)" }),
});

const BatchReportInput = Type.Object(
  {
    pickupPointId: Id,
    sku: Id,
    batchId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "only goods of this batch; all batches if absent" })),
    problemType: Type.Enum(PROBLEM_TYPES),
    description: Type.String({ minLength: 1, maxLength: 2000, description: "what happened, in words the customers read on their cases" }),
    unitsPerCustomer: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: "units claimed per order line at most; default: every unit still claimable" })),
    answers: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 200 })]), {
        description: "answers to the problem type's guided questions, the same for every customer (e.g. foundWhen: at_pickup)",
      }),
    ),
  },
  { additionalProperties: false },
);

const BatchLine = Type.Object({
  customerId: Type.String(),
  orderId: Type.String(),
  lineNo: Type.Integer(),
  outcome: Type.Enum(["opened", "updated", "skipped"], { description: "opened: a case filed on the customer's behalf; updated: an entry on the case already open on the line; skipped: see reason" }),
  caseId: Type.Union([Type.String(), Type.Null()]),
  caseState: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});

const BatchReportView = Type.Object({
  id: Type.String(),
  reportedBy: Type.String(),
  pickupPointId: Type.String(),
  sku: Type.String(),
  batchId: Type.Union([Type.String(), Type.Null()]),
  problemType: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  counts: Type.Object({ opened: Type.Integer(), updated: Type.Integer(), skipped: Type.Integer() }),
  truncated: Type.Boolean({ description: `more order lines matched than one report reaches (${BATCH_SCAN_LIMIT}); the newest were handled` }),
  scanLimit: Type.Integer(),
  lines: Type.Array(BatchLine),
});

const Fen = Type.Integer({ minimum: 0 });
const Minutes = Type.Union([Type.Number(), Type.Null()]);
const LeaderScores = Type.Object({
  leaderId: Type.String(),
  days: Type.Integer(),
  since: Type.String({ format: "date-time" }),
  casesAtPoints: Type.Integer({ description: "cases filed at the leader's pickup points in the period" }),
  approvals: Type.Object({
    count: Type.Integer(),
    totalFen: Fen,
    largestFen: Fen,
    busiestDayFen: Fen,
    daysAtDailyLimit: Type.Integer({ description: "China days on which the per-day limit was used up" }),
    approvedTodayFen: Fen,
    remainingTodayFen: Fen,
  }),
  limits: Type.Object({ perCaseFen: Fen, perDayFen: Fen }, { description: "the policy in force" }),
  responseMinutes: Type.Object(
    { measured: Type.Integer(), median: Minutes, p90: Minutes },
    { description: "from a case being filed to the leader's first entry on its timeline, over the cases they acted on" },
  ),
  returnsConfirmed: Type.Integer({ description: "goods taken back at the point (receive_return)" }),
  batchReports: Type.Object({ reports: Type.Integer(), casesOpened: Type.Integer(), casesUpdated: Type.Integer() }),
  satisfaction: Type.Null({ description: "customer satisfaction with the leader: always null until customer feedback on cases exists" }),
  daily: Type.Array(
    Type.Object({ day: Type.String({ description: "YYYY-MM-DD, China time" }), casesFiled: Type.Integer(), approvals: Type.Integer(), approvedFen: Fen, returnsConfirmed: Type.Integer() }),
    { description: "the same work per China day, oldest first, every day of the period present" },
  ),
});

const RecentGoods = Type.Object({
  pickupPoints: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), city: Type.String(), address: Type.Union([Type.String(), Type.Null()]) })),
  goods: Type.Array(
    Type.Object({
      pickupPointId: Type.String(),
      sku: Type.String(),
      name: Type.String(),
      batchId: Type.Union([Type.String(), Type.Null()]),
      fresh: Type.Boolean(),
      orderLines: Type.Integer({ description: "order lines a batch report on this SKU and batch would reach now" }),
      customers: Type.Integer(),
      lastReceivedAt: Type.String({ format: "date-time" }),
    }),
  ),
  truncated: Type.Boolean({ description: `more than ${RECENT_GOODS_LIMIT} rows matched; the most recently received are listed` }),
});
const ScoresQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 365, default: 30 }) });

/** The leaders' own endpoints (团长): returns at the point, batch problem reports, scores. */
export function leaderRoutes(deps: LeaderDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/leader/returns",
      {
        config: access("leader"),
        schema: {
          tags: ["leaders"],
          summary: "Confirm goods handed back at the pickup point, for several cases at once",
          description: "Each case is received on its own (scope and state checked as for POST /cases/{caseId}/actions receive_return); the answer says per case what happened. A case already received answers already_received.",
          body: Type.Object({ caseIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ results: Type.Array(ReturnResult) }), ...problemResponses },
        },
      },
      async (request) => ({ results: await confirmReturns(deps, request.body.caseIds, principalOf(request)) }),
    );

    app.post(
      "/leader/batch-reports",
      {
        config: access("leader", "agent", "supervisor"),
        schema: {
          tags: ["leaders"],
          summary: "Report one problem for many customers (e.g. a whole crate broken): opens or updates their cases",
          description: `Finds the order lines of the SKU (and batch) received at the pickup point within the policy's quality window, at most ${BATCH_SCAN_LIMIT}, newest first. A customer with a case open on the line gets an entry on its timeline; anyone else gets a case filed on their behalf, which policy decides as usual. A leader reports for their own points only.`,
          headers: Type.Object({ "idempotency-key": IdempotencyKey }),
          body: BatchReportInput,
          response: { 201: BatchReportView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await reportBatch(deps, request.body, request.headers["idempotency-key"], principalOf(request));
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/leader/recent-goods",
      {
        config: access("leader"),
        schema: {
          tags: ["leaders"],
          summary: "My pickup points and the SKUs and batches received there whose quality window is still open: what a batch report can name",
          response: { 200: RecentGoods, ...problemResponses },
        },
      },
      async (request) => {
        const p = principalOf(request);
        if (!isStaff(p) || !p.leaderId) throw forbidden("this login is not a leader's");
        return recentGoods(deps, p.leaderId);
      },
    );

    app.get(
      "/leaders/me/scores",
      {
        config: access("leader"),
        schema: { tags: ["leaders"], summary: "My scores as a leader over the last days", querystring: ScoresQuery, response: { 200: LeaderScores, ...problemResponses } },
      },
      async (request) => {
        const p = principalOf(request);
        if (!isStaff(p) || !p.leaderId) throw forbidden("this login is not a leader's");
        return leaderScores(deps, p.leaderId, request.query.days);
      },
    );

    app.get(
      "/leaders/:leaderId/scores",
      {
        config: access("supervisor", "ops_admin"),
        schema: {
          tags: ["leaders"],
          summary: "A leader's scores over the last days",
          params: Type.Object({ leaderId: Id }),
          querystring: ScoresQuery,
          response: { 200: LeaderScores, ...problemResponses },
        },
      },
      async (request) => leaderScores(deps, request.params.leaderId, request.query.days),
    );
  };
}
