import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { MAX_RANGE_DAYS, TOP_N } from "./model.js";
import { DEFAULT_DAYS, kpiReport, problemReport, requestedRange, type InsightsDeps } from "./service.js";

const Day = (description: string) => Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description: `${description}; a China calendar day (Asia/Shanghai), YYYY-MM-DD` });
const RangeQuery = Type.Object(
  {
    from: Type.Optional(Day(`first day of the range, included (default: ${DEFAULT_DAYS} days ending today)`)),
    to: Type.Optional(Day("last day of the range, included (default: today)")),
  },
  { additionalProperties: false },
);
const RangeView = (description: string) => Type.Object({ from: Type.String(), to: Type.String(), days: Type.Integer() }, { description });
const Share = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const Spread = (unit: string, description: string) =>
  Type.Object(
    {
      measured: Type.Integer({ description: "cases measured" }),
      median: Type.Union([Type.Number(), Type.Null()], { description: `median (the mean of the middle two for an even count), in ${unit}; null when none was measured` }),
      p90: Type.Union([Type.Number(), Type.Null()], { description: `90th percentile (nearest rank), in ${unit}` }),
    },
    { description },
  );

const KpiFields = {
  casesFiled: Type.Integer({ description: "cases filed in the period" }),
  automaticDecisions: Type.Integer({ description: "of those, the cases policy decided at filing (approved or rejected) without a person" }),
  automaticDecisionPercent: Share("automaticDecisions ÷ casesFiled × 100, one decimal"),
  itemsClaimed: Type.Integer({ description: "units claimed on the cases filed in the period" }),
  itemsDelivered: Type.Integer({ description: "units of order lines delivered in the period" }),
  complaintsPerThousandItems: Share("itemsClaimed ÷ itemsDelivered × 1000, two decimals; null when nothing was delivered"),
  firstResponseMinutes: Spread("minutes", "cases policy sent to a person: from filing to the first staff answer to the customer (a message, or a decision or state change by staff), counted on the day of that answer"),
  resolutionHours: Spread("hours", "from filing to the case first reaching refunded, reshipped, compensated, closed or rejected, counted on the day it got there"),
  slaMet: Type.Integer({ description: "SLA clocks (case stages and department tasks) stopped before their deadline in the period" }),
  slaMissed: Type.Integer({ description: "SLA clocks breached in the period (or stopped late)" }),
  slaCompliancePercent: Share("slaMet ÷ (slaMet + slaMissed) × 100, one decimal"),
  refundFen: Type.Integer({ description: "refunds the payment gateway paid in the period, in fen" }),
  compensationFen: Type.Integer({ description: "compensation granted in the period (coupons, balance, points at one fen each), in fen" }),
  ratings: Type.Integer({ description: "satisfaction ratings customers gave in the period" }),
  averageScore: Share("average rating, 1–5 stars, two decimals"),
  satisfiedPercent: Share("ratings of 4 or 5 stars ÷ ratings × 100, one decimal"),
};
const Kpis = Type.Object(KpiFields);

const ProblemGroup = Type.Object({
  key: Type.String({ description: "the SKU, batch id or supplier id" }),
  label: Type.String({ description: "the product name, batch id or supplier name" }),
  sku: Type.Union([Type.String(), Type.Null()], { description: "the SKU of the goods, when there is one" }),
  supplierId: Type.Union([Type.String(), Type.Null()]),
  supplierName: Type.Union([Type.String(), Type.Null()]),
  cases: Type.Integer({ description: "cases filed in the range on its goods" }),
  itemsClaimed: Type.Integer({ description: "units claimed on those cases" }),
  claimedFen: Type.Integer({ description: "what the customers claimed for those units, in fen" }),
  costFen: Type.Integer({ description: "refunded plus compensation granted on those cases, each case's cost shared among its lines by claimed amount, in fen" }),
  itemsDelivered: Type.Integer({ description: "its units delivered in the range" }),
  complaintsPerThousandItems: Share("itemsClaimed ÷ itemsDelivered × 1000; null when none was delivered in the range"),
});
const Ranking = Type.Object({
  byCases: Type.Array(ProblemGroup, { description: `top ${TOP_N} by cases, then cost` }),
  byCost: Type.Array(ProblemGroup, { description: `top ${TOP_N} by cost, then cases` }),
});

const rangeRules = `Days are China days (Asia/Shanghai); from ≤ to and at most ${MAX_RANGE_DAYS} days, else 422.`;

/** The operations dashboard's figures: KPIs with trends, and the goods that cause the most claims. */
export function insightsRoutes(deps: InsightsDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/insights/kpis",
      {
        config: access("ops_admin", "supervisor"),
        schema: {
          tags: ["insights"],
          summary: "After-sales KPIs over a range of days, the same-length range before it, and a trend per day",
          description: rangeRules,
          querystring: RangeQuery,
          response: {
            200: Type.Object({
              range: RangeView("the range asked for"),
              previousRange: RangeView("the same number of days ending the day before `from`: what deltas compare with"),
              current: Kpis,
              previous: Kpis,
              daily: Type.Array(Type.Object({ day: Type.String(), ...KpiFields }), { description: "one entry per China day of the range, oldest first" }),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => kpiReport(deps, requestedRange(deps.clock, request.query.from, request.query.to)),
    );

    app.get(
      "/insights/problems",
      {
        config: access("ops_admin", "supervisor"),
        schema: {
          tags: ["insights"],
          summary: "Top problem SKUs, batches and suppliers over a range of days, by cases and by cost",
          description: `Over the cases filed in the range. ${rangeRules}`,
          querystring: RangeQuery,
          response: { 200: Type.Object({ range: RangeView("the range asked for"), skus: Ranking, batches: Ranking, suppliers: Ranking }), ...problemResponses },
        },
      },
      async (request) => problemReport(deps, requestedRange(deps.clock, request.query.from, request.query.to)),
    );
  };
}
