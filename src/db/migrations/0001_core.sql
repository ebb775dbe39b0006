-- Core after-sales schema: orders with their supply chain, cases, policy, refunds, outbox.
-- Money is integer fen everywhere.

create table customers (
  id text primary key,
  name text not null default '',
  phone text,
  address text,
  created_at timestamptz not null default now()
);

create table leaders (
  id text primary key,
  name text not null default '',
  phone text
);

create table pickup_points (
  id text primary key,
  name text not null default '',
  city text not null default '',
  address text,
  leader_id text references leaders (id)
);

-- Supply-chain parties and places, upserted from order ingest.
create table suppliers (id text primary key, name text not null default '');
create table warehouses (id text primary key, name text not null default '', city text not null default '');
create table routes (id text primary key, name text not null default '', warehouse_id text);
create table drivers (id text primary key, name text not null default '', phone text);
create table batches (
  id text primary key,
  sku text not null default '',
  supplier_id text,
  produced_on date,
  best_before date
);

create table orders (
  id text primary key,                       -- the platform's order id
  customer_id text not null references customers (id),
  pickup_point_id text references pickup_points (id),
  leader_id text references leaders (id),
  placed_at timestamptz not null,
  promised_at timestamptz,
  goods_fen integer not null check (goods_fen >= 0),
  shipping_fen integer not null default 0 check (shipping_fen >= 0),
  discount_fen integer not null default 0 check (discount_fen >= 0),
  paid_fen integer not null check (paid_fen >= 0),
  payment_method text not null default 'wechat',
  delivery_events jsonb not null default '[]',
  content_hash text not null,               -- lets a repeated ingest of the same order be a no-op
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- serves "my orders" for a customer, newest first
create index orders_customer_placed_idx on orders (customer_id, placed_at desc);

create table order_items (
  id text primary key,                       -- order id + '#' + line number
  order_id text not null references orders (id),
  line_no integer not null,
  sku text not null,
  name text not null,
  category text not null default '',
  fresh boolean not null default false,
  made_to_order boolean not null default false,
  digital boolean not null default false,
  periodical boolean not null default false,
  near_expiry_confirmed boolean not null default false,
  defective_confirmed boolean not null default false,
  quantity integer not null check (quantity > 0),
  unit_price_fen integer not null check (unit_price_fen >= 0),
  paid_fen integer not null check (paid_fen >= 0),
  weight_g integer,
  batch_id text,
  supplier_id text,
  warehouse_id text,
  sorted_at timestamptz,
  route_id text,
  driver_id text,
  delivered_at timestamptz,
  picked_up_at timestamptz,
  claimed_quantity integer not null default 0,
  claimed_fen integer not null default 0,
  -- the last line of defence for "never claim more than was bought or paid"
  constraint order_items_claim_qty check (claimed_quantity >= 0 and claimed_quantity <= quantity),
  constraint order_items_claim_fen check (claimed_fen >= 0 and claimed_fen <= paid_fen),
  unique (order_id, line_no)
);
-- serves loading an order with its items
create index order_items_order_idx on order_items (order_id);
-- serves tracing and analytics by batch
create index order_items_batch_idx on order_items (batch_id);

create table policy_versions (
  version integer primary key,
  document jsonb not null,
  note text not null default '',
  published_by text not null,
  published_at timestamptz not null default now()
);

create table evidence (
  id text primary key,
  customer_id text not null references customers (id),
  mime text not null,
  bytes integer not null,
  sha256 text not null,
  storage_key text not null,
  created_at timestamptz not null default now()
);

create table cases (
  id text primary key,
  order_id text not null references orders (id),
  customer_id text not null references customers (id),
  pickup_point_id text,
  problem_type text not null,
  wanted_resolution text not null,
  resolution text not null,
  description text not null default '',
  answers jsonb not null default '{}',
  state text not null,
  claimed_fen integer not null check (claimed_fen >= 0),
  approved_fen integer not null default 0 check (approved_fen >= 0),
  refunded_fen integer not null default 0 check (refunded_fen >= 0),
  decision jsonb not null,
  policy_version integer not null references policy_versions (version),
  return_shipping_payer text,
  return_due_at timestamptz,
  refund_due_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  revision integer not null default 0,
  constraint cases_refund_within_approved check (refunded_fen <= approved_fen and approved_fen <= claimed_fen)
);
-- serves "my cases" for a customer, newest first
create index cases_customer_created_idx on cases (customer_id, created_at desc);
-- serves the cases of one order
create index cases_order_idx on cases (order_id);

create table case_items (
  case_id text not null references cases (id),
  order_item_id text not null references order_items (id),
  quantity integer not null check (quantity > 0),
  amount_fen integer not null check (amount_fen >= 0),
  primary key (case_id, order_item_id)
);
-- serves "what has been claimed of this item" (abuse checks, item history)
create index case_items_item_idx on case_items (order_item_id);

create table case_evidence (
  case_id text not null references cases (id),
  evidence_id text not null references evidence (id),
  primary key (case_id, evidence_id)
);

-- The case timeline: append-only, one row per event.
create table case_events (
  id bigserial primary key,
  case_id text not null references cases (id),
  at timestamptz not null,
  type text not null,
  actor text not null,
  from_state text,
  to_state text,
  data jsonb not null default '{}'
);
-- serves the timeline of one case in order
create index case_events_case_idx on case_events (case_id, id);

-- Transactional outbox: domain events written with the change that caused them.
create table outbox (
  id bigserial primary key,
  topic text not null,
  aggregate_id text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
-- serves the relay: the oldest unpublished events
create index outbox_unpublished_idx on outbox (id) where published_at is null;

-- Stored responses of retried writes, keyed by the caller's Idempotency-Key.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status_code integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);

create table refunds (
  id text primary key,
  case_id text not null references cases (id),
  order_id text not null references orders (id),
  amount_fen integer not null check (amount_fen > 0),
  method text not null,                      -- original (原路退回) or balance
  state text not null,                       -- pending, submitted, succeeded, failed
  request_key text not null,
  attempts integer not null default 0,
  gateway_ref text,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (case_id, request_key)
);
-- serves the refund worker: due refunds not yet settled
create index refunds_due_idx on refunds (next_attempt_at) where state in ('pending', 'failed');

-- The money trail of refunds; a case's refunded_fen equals the sum of its 'paid' entries.
create table refund_ledger (
  id bigserial primary key,
  case_id text not null references cases (id),
  refund_id text not null references refunds (id),
  entry text not null,                       -- requested, paid, failed
  amount_fen integer not null,
  at timestamptz not null default now(),
  data jsonb not null default '{}'
);
-- serves the ledger of one case
create index refund_ledger_case_idx on refund_ledger (case_id, id);
-- the gateway's success is booked once per refund, whatever the number of callbacks
create unique index refund_ledger_paid_once on refund_ledger (refund_id) where entry = 'paid';

create table api_keys (
  id text primary key,
  name text not null,
  key_hash text not null unique,
  role text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Installation settings, e.g. the key that signs customer tokens.
create table settings (
  key text primary key,
  value text not null
);
