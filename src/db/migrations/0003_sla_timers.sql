-- SLA clocks of cases and department tasks, and the durable timers that fire their warnings,
-- breaches and the platform's timeouts.

-- One clock per case (or task) and kind: a budget of business minutes on a calendar, paused while
-- the case waits on the customer. deadline_at is null while paused; stopped_at ends it.
create table sla_clocks (
  id bigserial primary key,
  case_id text not null references cases (id),
  task_id text,                                -- set for a department task's clock
  kind text not null,                          -- first_response, leader_response, warehouse_receipt, finance_payment, resolution, task
  department text not null,                    -- agent, leader, warehouse, finance, supplier_quality
  calendar text not null,                      -- which business calendar counts the minutes
  started_at timestamptz not null,
  budget_minutes integer not null check (budget_minutes > 0),
  pauses jsonb not null default '[]',          -- [{from, to}] with to null while paused
  deadline_at timestamptz,
  warn_at timestamptz,
  warned_at timestamptz,
  breached_at timestamptz,
  stopped_at timestamptz,
  met boolean                                  -- set when stopped: done before the deadline
);
-- serves the queue: the nearest running deadline of each open case
create index sla_clocks_case_idx on sla_clocks (case_id) where stopped_at is null;
-- one running clock of a kind per case or task
create unique index sla_clocks_running_once on sla_clocks (case_id, kind, coalesce(task_id, '')) where stopped_at is null;

-- Durable timers: a row per future action. A worker on any node claims due rows with
-- `for update skip locked` and fires each in the transaction that marks it fired, so a timer fires
-- once whatever the number of nodes, and a restart loses none.
create table timers (
  id bigserial primary key,
  kind text not null,                          -- sla.warning, sla.breach, case.auto_approve, case.return_expiry, ...
  subject_id text not null,                    -- what it is about: a clock id, a case id
  due_at timestamptz not null,
  payload jsonb not null default '{}',
  fired_at timestamptz,
  fired_by text,                               -- which process fired it
  cancelled_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now()
);
-- serves the timer worker: the earliest due timers not yet fired or cancelled
create index timers_due_idx on timers (due_at) where fired_at is null and cancelled_at is null;
-- one pending timer per kind and subject: re-arming replaces it
create unique index timers_pending_once on timers (kind, subject_id) where fired_at is null and cancelled_at is null;
