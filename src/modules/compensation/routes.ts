import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, customerOf, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { loadLiabilityCase } from "./case-context.js";
import { assignLiability, liabilityOfCase, type LoadLiabilityCase } from "./liability.js";
import { GRANT_KINDS, PARTY_TYPES } from "./model.js";
import { customerCompensation, trialBalance } from "./service.js";
import { settle, statements } from "./statements.js";

const Party = Type.Enum(PARTY_TYPES, { description: "who bears the cost: delivery is a route or a driver; the platform's id is 'platform'" });
const PartyId = Type.String({ minLength: 1, maxLength: 64 });
const DateTime = Type.String({ format: "date-time" });

const Share = Type.Object({ party: Party, partyId: PartyId, amountFen: Type.Integer(), reason: Type.String() });
const AssignmentView = Type.Object({
  version: Type.Integer(),
  paidFen: Type.Integer(),
  assignedBy: Type.String(),
  assignedAt: DateTime,
  parties: Type.Array(Type.Object({ ...Share.properties, skus: Type.Array(Type.String()), batchIds: Type.Array(Type.String()) })),
});
const LiabilityView = Type.Object({
  caseId: Type.String(),
  paidFen: Type.Integer({ description: "paid to the customer so far (refunds paid, compensation granted): what a liability splits" }),
  assignedFen: Type.Integer(),
  current: Type.Union([AssignmentView, Type.Null()]),
  history: Type.Array(AssignmentView, { description: "every version, oldest first; a replaced version's charge-back was reversed in the ledger" }),
  suggested: Type.Array(Share, { description: "the default from the problem type and the supply chain" }),
});

const StatementLine = Type.Object({
  caseId: Type.Union([Type.String(), Type.Null()]),
  orderId: Type.Union([Type.String(), Type.Null()]),
  skus: Type.Array(Type.String()),
  batchIds: Type.Array(Type.String()),
  reason: Type.Union([Type.String(), Type.Null()]),
  amountFen: Type.Integer({ description: "charged; a reversal of an earlier charge-back is negative" }),
  kind: Type.Enum(["charge_back", "reversal"]),
  at: DateTime,
});
const Statement = Type.Object({
  partyType: Party,
  partyId: Type.String(),
  lines: Type.Array(StatementLine),
  chargedFen: Type.Integer({ description: "the lines' sum" }),
  settledFen: Type.Integer({ description: "paid back by the party in the period" }),
  balanceFen: Type.Integer({ description: "owed at the end of the period" }),
});
const Settlement = Type.Object({ reference: Type.String(), partyType: Party, partyId: Type.String(), upTo: DateTime, amountFen: Type.Integer(), at: DateTime });

/** HTTP for compensation, liability, statements and the ledger. The case reader defaults to the cases module's. */
export function compensationRoutes(deps: { db: Db; clock: () => Date; loadCase?: LoadLiabilityCase }): FastifyPluginAsyncTypebox {
  const liabilityDeps = { db: deps.db, clock: deps.clock, loadCase: deps.loadCase ?? loadLiabilityCase };
  const caseParams = Type.Object({ caseId: Type.String({ maxLength: 64 }) });
  return async (app) => {
    app.get(
      "/customers/me/compensation",
      {
        config: access("customer"),
        schema: {
          tags: ["compensation"],
          summary: "The caller's coupons, balance and points granted as compensation",
          response: {
            200: Type.Object({
              coupons: Type.Array(Type.Object({ code: Type.String(), valueFen: Type.Integer(), caseId: Type.String(), grantedAt: DateTime, expiresAt: DateTime, valid: Type.Boolean() })),
              balanceFen: Type.Integer(),
              points: Type.Integer(),
              grants: Type.Array(Type.Object({ id: Type.String(), caseId: Type.String(), kind: Type.Enum(GRANT_KINDS), valueFen: Type.Integer(), grantedAt: DateTime })),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => customerCompensation(deps.db, customerOf(request)!, deps.clock()),
    );

    app.get(
      "/cases/:caseId/liability",
      {
        config: access("agent", "supervisor", "finance", "ops_admin"),
        schema: { tags: ["liability"], summary: "Who bears a case's cost: the current assignment, its history and the suggested default", params: caseParams, response: { 200: LiabilityView, ...problemResponses } },
      },
      async (request) => liabilityOfCase(liabilityDeps, request.params.caseId, principalOf(request)),
    );

    app.post(
      "/cases/:caseId/liability",
      {
        config: access("agent", "supervisor", "finance"),
        schema: {
          tags: ["liability"],
          summary: "Assign (or reassign, or split) a case's cost to the liable parties after the customer is paid (先行赔付)",
          description:
            "The amounts (each at least 1 fen) must add up to what the customer has been paid, each party once and from the case's supply chain; otherwise 422. Before the customer is paid, 409 not-paid-yet. A reassignment reverses the previous charge-back in the ledger; the same split again changes nothing.",
          params: caseParams,
          body: Type.Object(
            { parties: Type.Array(Type.Object({ party: Party, partyId: PartyId, amountFen: Type.Integer({ description: "fen, at least 1" }), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), { maxItems: 20 }) },
            { additionalProperties: false },
          ),
          response: { 200: LiabilityView, ...problemResponses },
        },
      },
      async (request) => {
        const shares = request.body.parties.map((p) => ({ partyType: p.party, partyId: p.partyId, amountFen: p.amountFen, reason: p.reason }));
        return assignLiability(liabilityDeps, request.params.caseId, shares, principalOf(request));
      },
    );

    app.get(
      "/liability/statements",
      {
        config: access("finance", "ops_admin", "supplier_quality"),
        schema: {
          tags: ["liability"],
          summary: "Charge-back statements per party for a period: the lines, their total, what was settled and what is owed",
          description: "Supplier quality sees only their own supplier's statement. The period is [from, to); to defaults to now.",
          querystring: Type.Object(
            { partyType: Type.Optional(Party), partyId: Type.Optional(PartyId), from: Type.Optional(DateTime), to: Type.Optional(DateTime) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ from: DateTime, to: DateTime, statements: Type.Array(Statement) }), ...problemResponses },
        },
      },
      async (request) => statements(deps.db, principalOf(request), request.query, deps.clock()),
    );

    app.post(
      "/liability/statements/settle",
      {
        config: access("finance"),
        schema: {
          tags: ["liability"],
          summary: "Book a party's payment of its charge-backs up to a moment; once per reference",
          description: "201 with the settlement booked; the same reference again answers 200 with the first settlement. Nothing owed: 409 nothing-to-settle.",
          body: Type.Object(
            { partyType: Party, partyId: PartyId, upTo: DateTime, reference: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9_.:/-]+$" }) },
            { additionalProperties: false },
          ),
          response: { 201: Settlement, 200: Settlement, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await settle(deps, request.body, principalOf(request));
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/ledger/balance",
      {
        config: access("finance", "ops_admin"),
        schema: {
          tags: ["liability"],
          summary: "The trial balance: every ledger account and its sum (debits positive); all sum to zero",
          response: {
            200: Type.Object({
              accounts: Type.Array(Type.Object({ account: Type.String(), balanceFen: Type.Integer() })),
              totalFen: Type.Integer({ description: "always 0" }),
              postings: Type.Integer(),
              unbalancedPostings: Type.Integer({ description: "always 0" }),
            }),
            ...problemResponses,
          },
        },
      },
      async () => trialBalance(deps.db),
    );
  };
}
