-- Staff who work cases, their sessions, the audit log, and case ownership.

create table staff (
  id text primary key,
  login text not null unique,
  name text not null,
  role text not null check (role in ('leader', 'agent', 'supervisor', 'warehouse', 'finance', 'supplier_quality', 'ops_admin')),
  password_hash text not null,                 -- argon2id
  phone text,
  leader_id text references leaders (id),       -- leader: whose pickup points
  supplier_id text references suppliers (id),   -- supplier quality: whose SKUs
  warehouse_id text references warehouses (id), -- warehouse: which warehouse
  skills text[] not null default '{}',          -- problem types an agent takes; empty: any
  regions text[] not null default '{}',         -- pickup-point cities an agent takes; empty: any
  capacity integer not null default 20 check (capacity >= 0), -- open cases an agent holds at most
  on_duty boolean not null default false,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  constraint staff_leader_scope check (role <> 'leader' or leader_id is not null),
  constraint staff_supplier_scope check (role <> 'supplier_quality' or supplier_id is not null),
  constraint staff_warehouse_scope check (role <> 'warehouse' or warehouse_id is not null)
);
-- serves automatic assignment: agents on duty by role
create index staff_on_duty_idx on staff (role) where on_duty and disabled_at is null;

-- A login: the token names its session, so logging out (or disabling the person) ends it.
create table staff_sessions (
  id text primary key,
  staff_id text not null references staff (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);

-- Every write through the API, who made it and how it ended. No bodies: they can hold personal data.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,                          -- customer:C1, staff:S1, integrator:key_x, anonymous
  role text not null,
  method text not null,
  route text not null,                          -- the route pattern, e.g. /api/v1/cases/:caseId/actions
  target text,                                  -- the main id in the path, if any
  status integer not null,
  request_id text not null,
  data jsonb not null default '{}'
);
-- serves the audit view of one actor, newest first
create index audit_log_actor_idx on audit_log (actor, id desc);
-- serves the audit trail of one case or order
create index audit_log_target_idx on audit_log (target, id desc) where target is not null;

-- 首问负责: the member of staff who owns a case until they hand it over.
alter table cases add column owner_id text references staff (id);
alter table cases add column owned_since timestamptz;
alter table cases add column escalation_level integer not null default 0;
alter table cases add column merged_into text references cases (id);
-- what a compensation resolution grants: coupon, balance or points
alter table cases add column compensation_kind text;
-- serves an owner's queue of open cases
create index cases_owner_idx on cases (owner_id, state) where owner_id is not null;
-- serves the queue of open cases, e.g. unowned ones waiting for a person
create index cases_state_idx on cases (state, created_at);
-- serves a leader's view: the cases of their pickup points
create index cases_pickup_point_idx on cases (pickup_point_id, created_at desc);
