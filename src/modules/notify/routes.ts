import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { webhookChannel } from "./channels.js";
import { CHANNELS } from "./model.js";
import { createSubscription, deadLetters, listSubscriptionsOf, notificationsOfCase, pingSubscription, removeSubscription, retryDeadLetter, type NotifyDeps } from "./service.js";

const DateTime = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const SubscriptionView = Type.Object({
  id: Type.String(),
  ownerKeyId: Type.String({ description: "the integrator API key that manages it" }),
  url: Type.String(),
  topics: Type.Array(Type.String()),
  description: Type.String(),
  createdAt: DateTime,
});
const SubscriptionCreated = Type.Object({
  ...SubscriptionView.properties,
  secret: Type.String({ description: "the HMAC-SHA256 key of X-Anxin-Signature; shown this once" }),
});
const SubscriptionInput = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: "http or https; receives POSTs of {id, topic, occurredAt, data}" }),
    topics: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 20,
      description: 'topic patterns: "case.stage_changed", "case.*" (one segment), "refund.>" (the rest)',
    }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const DeliveryView = Type.Object({
  id: Type.Integer(),
  eventId: Type.String({ description: "the outbox event: the id integrators receive in the body" }),
  topic: Type.String(),
  caseId: Nullable(Type.String()),
  channel: Type.Enum(CHANNELS),
  recipient: Type.String({ description: "who, by id: customer:C1, leader:LD1, staff:S1, webhook:wh_…" }),
  to: Nullable(Type.String({ description: "where it went, masked" })),
  state: Type.Enum(["pending", "sending", "sent", "dead", "cancelled"]),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  text: Nullable(Type.String({ description: "the words a person received; null for webhooks" })),
  createdAt: DateTime,
  updatedAt: DateTime,
  sentAt: Nullable(DateTime),
  nextAttemptAt: Nullable(DateTime),
});
const WebhookId = Type.Object({ webhookId: Type.String({ maxLength: 64 }) });
const INTEGRATIONS = access("integrator", "ops_admin");

/**
 * Webhook subscriptions of integrators, the dead-letter view and retries, and what was sent
 * about a case.
 */
export function notifyRoutes(deps: { db: Db; clock: () => Date; webhookAllowPrivateTargets?: boolean }): FastifyPluginAsyncTypebox {
  const service: NotifyDeps = { ...deps, webhook: webhookChannel({ clock: deps.clock, allowPrivateTargets: deps.webhookAllowPrivateTargets ?? false }) };
  return async (app) => {
    app.post(
      "/webhooks",
      {
        config: access("integrator"),
        schema: { tags: ["notifications"], summary: "Subscribe to events by webhook; the signing secret is returned once", body: SubscriptionInput, response: { 201: SubscriptionCreated, ...problemResponses } },
      },
      async (request, reply) => reply.status(201).send(await createSubscription(service, principalOf(request), request.body)),
    );

    app.get(
      "/webhooks",
      {
        config: INTEGRATIONS,
        schema: { tags: ["notifications"], summary: "Webhook subscriptions: an integrator's own, all of them for operations", response: { 200: Type.Object({ subscriptions: Type.Array(SubscriptionView) }), ...problemResponses } },
      },
      async (request) => ({ subscriptions: await listSubscriptionsOf(service, principalOf(request)) }),
    );

    app.delete(
      "/webhooks/:webhookId",
      {
        config: INTEGRATIONS,
        schema: { tags: ["notifications"], summary: "Delete a subscription; what is still queued for it is cancelled", params: WebhookId, response: { 204: Type.Null(), ...problemResponses } },
      },
      async (request, reply) => {
        await removeSubscription(service, principalOf(request), request.params.webhookId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/webhooks/:webhookId/test",
      {
        config: INTEGRATIONS,
        schema: {
          tags: ["notifications"],
          summary: "Send a signed webhook.ping now and report the receiver's answer",
          params: WebhookId,
          response: { 200: Type.Object({ delivered: Type.Boolean(), detail: Type.String({ description: "HTTP status, or why it failed" }) }), ...problemResponses },
        },
      },
      async (request) => pingSubscription(service, principalOf(request), request.params.webhookId),
    );

    app.get(
      "/notifications/dead-letters",
      {
        config: INTEGRATIONS,
        schema: {
          tags: ["notifications"],
          summary: "Deliveries that gave up, newest first, with the last error: all for operations, an integrator's own webhooks",
          querystring: Type.Object(
            {
              before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "cursor: the id of the last one seen" })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ deadLetters: Type.Array(DeliveryView) }), ...problemResponses },
        },
      },
      async (request) => ({ deadLetters: await deadLetters(service, principalOf(request), request.query) }),
    );

    app.post(
      "/notifications/:notificationId/retry",
      {
        config: INTEGRATIONS,
        schema: {
          tags: ["notifications"],
          summary: "Put a dead letter back in the queue for a fresh round of attempts",
          params: Type.Object({ notificationId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
          response: { 202: Type.Object({ id: Type.Integer(), state: Type.String(), nextAttemptAt: DateTime }), ...problemResponses },
        },
      },
      async (request, reply) => reply.status(202).send(await retryDeadLetter(service, principalOf(request), request.params.notificationId)),
    );

    app.get(
      "/notifications",
      {
        config: access("agent", "supervisor"),
        schema: {
          tags: ["notifications"],
          summary: "What was sent about a case, to whom (masked) and how it went",
          querystring: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ notifications: Type.Array(DeliveryView) }), ...problemResponses },
        },
      },
      async (request) => ({ notifications: await notificationsOfCase(service, principalOf(request), request.query.caseId) }),
    );
  };
}
