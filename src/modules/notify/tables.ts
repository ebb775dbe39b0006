import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { NotificationMessage } from "./model.js";

/** Row types of migrations/0009_notify.sql, merged into the database's type. */
declare module "../../db/schema.js" {
  interface Database {
    webhook_subscriptions: WebhookSubscriptionsTable;
    notification_deliveries: NotificationDeliveriesTable;
  }
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface WebhookSubscriptionsTable {
  id: string;
  owner_key_id: string;
  url: string;
  topics: ColumnType<string[], string[], string[]>;
  description: ColumnType<string, string | undefined, string>;
  secret: string;
  created_at: Timestamp;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type DeliveryState = "pending" | "sending" | "sent" | "dead" | "cancelled";

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  outbox_id: number;
  topic: string;
  case_id: string | null;
  channel: string;
  recipient_kind: string;
  recipient_id: string;
  message: JSONColumnType<NotificationMessage, string, string>;
  state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  provider_ref: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
