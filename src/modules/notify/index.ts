export { notifyRoutes } from "./routes.js";
export { notificationRouter, relayOutbox, RELAY_BATCH, type OutboxConsumer, type RelayDeps } from "./dispatcher.js";
export { sendDueNotifications, DEFAULT_LEASE_MS, type SenderDeps } from "./sender.js";
export { startNotificationWorkers, relayAll, sendAllDue, type NotificationWorkerDeps } from "./workers.js";
export {
  channelsOf, simulatedProvider, simulatedProviders, webhookChannel,
  type Channel, type Channels, type Delivery, type ResolvedRecipient, type SendResult, type SimulatedProvider, type SimulatedProviders,
} from "./channels.js";
export { signWebhook, verifyWebhookSignature } from "./signature.js";
export { CHANNELS, DEFAULT_RETRY, routeEvent, topicMatches, type ChannelName, type OutboxEvent, type RetryPolicy } from "./model.js";
