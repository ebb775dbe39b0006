-- SLA policies per stage and department, the terms a clock carries from its policy, and the
-- record of every breach.

-- One policy per stage (kind): who answers for it, on which business calendar, with what
-- budget, when to warn and what happens on breach. Ops edit them; running clocks keep the
-- terms they started with.
create table sla_policies (
  kind text primary key check (kind in ('first_response', 'leader_response', 'warehouse_receipt', 'finance_payment', 'resolution')),
  department text not null check (department in ('agent', 'leader', 'warehouse', 'finance', 'supplier_quality')),
  calendar text not null check (calendar in ('cn_customer_service', 'cn_office', 'around_the_clock')),
  budget_minutes integer not null check (budget_minutes > 0),
  warn_fraction double precision not null check (warn_fraction > 0 and warn_fraction < 1),
  on_breach text not null check (on_breach in ('notify', 'reassign_supervisor')),
  enabled boolean not null default true,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);

-- Seeds 002 and 004: first response within minutes (1 h at worst), handling within 24 h; a
-- leader answers at the pickup point; warehouse and finance work office hours, one business
-- day (CN_OFFICE: 09:00–12:00 and 13:30–18:00, 450 minutes).
insert into sla_policies (kind, department, calendar, budget_minutes, warn_fraction, on_breach) values
  ('first_response', 'agent', 'cn_customer_service', 60, 0.75, 'reassign_supervisor'),
  ('leader_response', 'leader', 'cn_customer_service', 30, 0.75, 'notify'),
  ('warehouse_receipt', 'warehouse', 'cn_office', 450, 0.8, 'notify'),
  ('finance_payment', 'finance', 'cn_office', 450, 0.8, 'notify'),
  ('resolution', 'agent', 'around_the_clock', 1440, 0.8, 'reassign_supervisor');

-- The terms a clock started with, so a policy edit does not move running deadlines.
alter table sla_clocks add column warn_fraction double precision not null default 0.8;
alter table sla_clocks add column on_breach text not null default 'notify';

-- A breach, once per clock: whose case it was and how it was escalated.
create table sla_breaches (
  id bigserial primary key,
  clock_id bigint not null unique references sla_clocks (id),
  case_id text not null references cases (id),
  task_id text,
  kind text not null,
  department text not null,
  deadline_at timestamptz not null,
  breached_at timestamptz not null,
  owner_id text,                               -- who owned the case when the deadline passed
  on_breach text not null,                     -- notify, reassign_supervisor
  escalated_to text,                           -- the supervisor made owner, if any
  escalation_level integer not null            -- the case's level after this breach
);
-- (GET /sla/breaches pages newest first by id: the primary key serves it)
-- serves GET /sla/breaches?department=: one department's breaches, newest first
create index sla_breaches_department_idx on sla_breaches (department, id desc);
-- serves GET /sla/breaches?caseId=: the breaches of one case
create index sla_breaches_case_idx on sla_breaches (case_id);
