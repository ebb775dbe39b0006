-- Notifications: integrators' webhook subscriptions, and one delivery row per outbox event ×
-- channel × recipient, which the sender works off with retries until it is sent or dead.

create table webhook_subscriptions (
  id text primary key,                          -- wh_…
  owner_key_id text not null references api_keys (id), -- the integrator's API key that manages it
  url text not null,                            -- http or https
  topics text[] not null,                       -- patterns: "case.*", "refund.>", "case.stage_changed"
  description text not null default '',
  secret text not null,                         -- the HMAC key; kept in clear because signing needs it
  created_at timestamptz not null,
  deleted_at timestamptz
);
-- serves an integrator's list of its subscriptions, and the relay's list of live ones
create index webhook_subscriptions_owner_idx on webhook_subscriptions (owner_key_id, created_at) where deleted_at is null;

create table notification_deliveries (
  id bigserial primary key,
  outbox_id bigint not null,                    -- no foreign key: published outbox rows may be pruned
  topic text not null,
  case_id text,                                 -- the case the event is about, if any
  channel text not null check (channel in ('sms', 'wechat', 'email', 'webhook')),
  recipient_kind text not null check (recipient_kind in ('customer', 'leader', 'staff', 'webhook')),
  recipient_id text not null,                   -- an id, never a phone number or address: resolved at send time
  message jsonb not null,                       -- the rendered text, or the webhook event body
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'dead', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,                      -- while sending: after this the row is taken up again
  last_error text,
  provider_ref text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  sent_at timestamptz,
  -- a relay run again over the same event writes nothing new
  constraint notification_deliveries_once unique (outbox_id, channel, recipient_kind, recipient_id)
);
-- serves the sender: due deliveries, earliest first
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at) where state = 'pending';
-- serves the sender: deliveries whose sender died mid-send (lease expired)
create index notification_deliveries_lease_idx on notification_deliveries (lease_until) where state = 'sending';
-- serves GET /notifications?caseId=: what was sent about a case
create index notification_deliveries_case_idx on notification_deliveries (case_id, id) where case_id is not null;
-- serves the dead-letter view of operations, newest first
create index notification_deliveries_dead_idx on notification_deliveries (id) where state = 'dead';
-- serves an integrator's dead letters: those of its subscriptions, newest first
create index notification_deliveries_dead_webhook_idx on notification_deliveries (recipient_id, id) where state = 'dead' and recipient_kind = 'webhook';
-- serves cancelling what is still queued for a subscription being deleted
create index notification_deliveries_queued_webhook_idx on notification_deliveries (recipient_id) where recipient_kind = 'webhook' and state in ('pending', 'sending');

-- Events written before there was a relay are history, not news: nobody is told of them now.
update outbox set published_at = now() where published_at is null;
