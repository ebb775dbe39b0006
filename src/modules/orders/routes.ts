import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, customerOf, principalOf } from "../../http/auth.js";
import { leaderSeesPickupPoint } from "./read.js";
import { notFound } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { ExternalId, OrderInput } from "./model.js";
import { listCustomerOrders, loadOrderView } from "./read.js";
import { OrderSummary, OrderView } from "./schemas.js";
import { ingestOrder } from "./service.js";

export function orderRoutes(deps: { db: Db; clock: () => Date }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/orders",
      {
        config: access("integrator"),
        schema: {
          tags: ["orders"],
          summary: "Create or update an order by the platform's order id (idempotent)",
          description: "Sending the same order again changes nothing (200 unchanged). A changed order is rewritten; a line may not drop below what customers have already claimed (409).",
          body: OrderInput,
          response: {
            200: Type.Object({ id: Type.String(), status: Type.Union([Type.Literal("updated"), Type.Literal("unchanged")]) }),
            201: Type.Object({ id: Type.String(), status: Type.Literal("created") }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const status = await ingestOrder(deps.db, request.body, deps.clock());
        return reply.status(status === "created" ? 201 : 200).send({ id: request.body.id, status });
      },
    );

    app.get(
      "/orders",
      {
        config: access("customer"),
        schema: {
          tags: ["orders"],
          summary: "My orders, newest first",
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            before: Type.Optional(Type.String({ format: "date-time", description: "cursor: placedAt of the last order seen" })),
          }),
          response: { 200: Type.Object({ orders: Type.Array(OrderSummary) }), ...problemResponses },
        },
      },
      async (request) => ({ orders: await listCustomerOrders(deps.db, customerOf(request)!, request.query.limit, request.query.before) }),
    );

    app.get(
      "/orders/:orderId",
      {
        config: access("customer", "integrator", "leader", "agent", "supervisor", "warehouse", "finance", "ops_admin"),
        schema: {
          tags: ["orders"],
          summary: "One order with its items and their supply chain",
          params: Type.Object({ orderId: ExternalId }),
          response: { 200: OrderView, ...problemResponses },
        },
      },
      async (request) => {
        const order = await loadOrderView(deps.db, request.params.orderId);
        const p = principalOf(request);
        // a customer sees only their own orders, a leader those of their pickup points; another's
        // order is indistinguishable from none
        const visible =
          order &&
          (p.kind === "customer" ? order.customerId === p.customerId : p.kind === "staff" && p.role === "leader" ? await leaderSeesPickupPoint(deps.db, p.leaderId, order.pickupPoint?.id ?? null) : true);
        if (!order || !visible) throw notFound("order", request.params.orderId);
        if (customerOf(request)) for (const item of order.items) item.supply.driver = null;
        return order;
      },
    );
  };
}
