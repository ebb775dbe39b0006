-- Department tasks: work a case hands to the warehouse, finance, supplier quality or an agent,
-- each with its own owner and SLA clock (sla_clocks.task_id), and the root causes that
-- investigations record on cases.

create table tasks (
  id text primary key,
  case_id text not null references cases (id),
  department text not null check (department in ('warehouse', 'finance', 'supplier_quality', 'agent')),
  kind text not null check (kind in ('confirm_receipt', 'prepare_reship', 'manual_refund', 'investigate', 'follow_up')),
  state text not null check (state in ('open', 'in_progress', 'done', 'cancelled')),
  warehouse_id text,                           -- warehouse tasks: the warehouse of the case's goods (scope)
  supplier_id text,                            -- supplier quality tasks: the goods' supplier (scope)
  refund_id text references refunds (id),      -- manual_refund: the refund the gateway gave up on
  assignee_id text references staff (id),      -- the owner; null until someone takes it
  note text not null default '',               -- instructions from whoever opened it
  outcome jsonb,                               -- on completion: summary and the fields of its kind
  cancel_reason text,
  clock_id bigint references sla_clocks (id),  -- the task's own SLA clock
  created_by text not null,                    -- an actor: staff:S-1, system:cases, system:payments
  created_at timestamptz not null,
  updated_at timestamptz not null,
  taken_at timestamptz,
  finished_at timestamptz,
  finished_by text
);
-- one open task of a kind per case and party, so opening one automatically is idempotent; follow-ups may repeat
create unique index tasks_open_once on tasks (case_id, kind, coalesce(warehouse_id, ''), coalesce(supplier_id, ''), coalesce(refund_id, ''))
  where state in ('open', 'in_progress') and kind <> 'follow_up';
-- serves GET /cases/:id/tasks and the case's changes that complete or cancel its tasks
create index tasks_case_idx on tasks (case_id);
-- serves GET /tasks for a department's members: their department's (warehouse's, supplier's) tasks by state
create index tasks_department_idx on tasks (department, state, warehouse_id, supplier_id);
-- serves GET /tasks?mine=true: the tasks a member of staff owns
create index tasks_assignee_idx on tasks (assignee_id, state) where assignee_id is not null;

-- What an investigation found, one row per investigate task: the case's root cause for analytics.
create table case_root_causes (
  task_id text primary key references tasks (id),
  case_id text not null references cases (id),
  category text not null check (category in ('packaging', 'cold_chain', 'supplier_quality', 'sorting', 'delivery', 'other')),
  corrective_action text not null,
  supplier_id text,
  recorded_by text not null,
  recorded_at timestamptz not null
);
-- serves analytics: root causes by category over a period
create index case_root_causes_category_idx on case_root_causes (category, recorded_at);
-- serves the root causes of one case
create index case_root_causes_case_idx on case_root_causes (case_id);

-- serves GET /refunds?state=failed&minAttempts=: the refunds finance must pay by hand, most tried first
create index refunds_state_attempts_idx on refunds (state, attempts desc);
