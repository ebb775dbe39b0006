-- Group leaders (团长): one problem reported for many customers at once, and the lookups behind
-- their approval limits, batch reports and scores.

-- A batch problem report (e.g. a whole crate of strawberries broken at the point). The outcome
-- per order line is kept so a re-sent report (same Idempotency-Key) answers the same.
create table batch_reports (
  id text primary key,
  reported_by text not null,                   -- actor: staff:S-1
  leader_id text references leaders (id),      -- the leader of the point when reported (for scores)
  pickup_point_id text not null references pickup_points (id),
  sku text not null,
  batch_id text,
  problem_type text not null,
  description text not null,
  units_per_customer integer check (units_per_customer > 0),
  idempotency_key text not null,
  request_hash text not null,
  created_at timestamptz not null,
  completed_at timestamptz,                    -- null while (or if a crash left it) half done
  opened integer not null default 0,
  updated integer not null default 0,
  skipped integer not null default 0,
  truncated boolean not null default false,    -- more lines matched than one report scans
  outcomes jsonb not null default '[]',        -- per order line: opened / updated / skipped
  unique (reported_by, idempotency_key)
);
-- serves a leader's scores: their reports in a period
create index batch_reports_leader_idx on batch_reports (leader_id, created_at);

-- serves a leader's approvals today (the per-day limit) and their scores: one actor's entries of a type in a period
create index case_events_actor_type_at_idx on case_events (actor, type, at);

-- serves the batch report scan: the lines of one SKU received since the quality window opened
create index order_items_sku_received_idx on order_items (sku, (coalesce(picked_up_at, delivered_at)));
