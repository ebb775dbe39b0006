-- Advance compensation (先行赔付): what the customer is granted, a double-entry ledger of every
-- money movement, and the liability records that charge the cost back to the party at fault.

-- Compensation granted on a case: a coupon, a balance credit or points, one per case.
create table compensation_grants (
  id text primary key,                          -- CG-<case id>: a repeated grant finds the first
  -- its unique index serves "has this case been granted already" (one grant per case)
  case_id text not null unique references cases (id),
  customer_id text not null references customers (id),
  kind text not null check (kind in ('coupon', 'balance', 'points')),
  value_fen integer not null check (value_fen > 0),
  coupon_code text unique,                      -- coupons only
  expires_at timestamptz,                       -- coupons only
  points integer check (points > 0),            -- points only: one per fen of value
  granted_at timestamptz not null,
  constraint compensation_grants_coupon check ((kind = 'coupon') = (coupon_code is not null and expires_at is not null)),
  constraint compensation_grants_points check ((kind = 'points') = (points is not null))
);
-- serves a customer's coupons, balance and points (GET /customers/me/compensation)
create index compensation_grants_customer_idx on compensation_grants (customer_id, granted_at desc);

-- The accounts of the ledger: platform:advance, platform:recovered, customer:<id>,
-- party:<type>:<id>. A row per account so a settlement can lock its party's account.
create table ledger_accounts (
  account text primary key,
  opened_at timestamptz not null
);

-- A posting: one money movement, its entries summing to zero. Never updated: a correction is a
-- new posting that reverses the old one.
create table ledger_postings (
  id bigserial primary key,
  key text not null unique,                     -- natural key of what it books: grant:<id>, refund:<case>:<total>, liability:<assignment>, reversal:<assignment>, settlement:<reference>
  kind text not null check (kind in ('customer_paid', 'charge_back', 'charge_back_reversal', 'settlement')),
  case_id text references cases (id),
  assignment_id text,                           -- charge-backs and their reversals: the liability assignment
  reverses bigint references ledger_postings (id),
  at timestamptz not null,
  actor text not null,
  memo jsonb not null default '{}'
);
-- serves what a case's customer has been paid, and a case's charge-backs
create index ledger_postings_case_idx on ledger_postings (case_id, kind) where case_id is not null;

-- Entries in integer fen: a debit is positive, a credit negative.
create table ledger_entries (
  id bigserial primary key,
  posting_id bigint not null references ledger_postings (id),
  account text not null references ledger_accounts (account),
  amount_fen integer not null check (amount_fen <> 0)
);
-- serves the trial balance and a party's statement: the entries of one account
create index ledger_entries_account_idx on ledger_entries (account, posting_id);
-- serves loading one posting's entries (a reversal, the balance check at commit)
create index ledger_entries_posting_idx on ledger_entries (posting_id);

-- The last line of defence for double entry: at commit, every posting touched sums to zero.
create function ledger_posting_balanced() returns trigger language plpgsql as $$
begin
  if (select sum(amount_fen) from ledger_entries where posting_id = new.posting_id) <> 0 then
    raise exception 'ledger posting % does not balance', new.posting_id using errcode = '23514';
  end if;
  return null;
end
$$;
create constraint trigger ledger_entries_balanced after insert on ledger_entries
  deferrable initially deferred for each row execute function ledger_posting_balanced();

-- The ledger is append-only.
create function ledger_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the ledger is append-only: post a reversal instead' using errcode = '55000';
end
$$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function ledger_append_only();
create trigger ledger_postings_append_only before update or delete on ledger_postings
  for each row execute function ledger_append_only();

-- Who bears the cost of a case: one version per assignment; the highest version is current.
-- A reassignment adds a version and reverses the previous charge-back; nothing is edited.
create table liability_assignments (
  id text primary key,                          -- LA-<case id>-<version>
  case_id text not null references cases (id),
  version integer not null check (version > 0),
  paid_fen integer not null check (paid_fen > 0), -- paid to the customer when assigned; the parties add up to it
  posting_id bigint not null references ledger_postings (id),
  assigned_by text not null,
  assigned_at timestamptz not null,
  -- its index serves a case's current assignment and history (GET /cases/:id/liability)
  unique (case_id, version)
);

-- The parties of an assignment, with what a statement shows of the case (order, SKUs, batches).
create table liability_lines (
  assignment_id text not null references liability_assignments (id),
  party_type text not null check (party_type in ('supplier', 'warehouse', 'delivery', 'leader', 'platform')),
  party_id text not null,
  amount_fen integer not null check (amount_fen > 0),
  reason text not null,
  case_id text not null references cases (id),
  order_id text not null,
  skus text[] not null default '{}',
  batch_ids text[] not null default '{}',
  -- its index serves the lines of an assignment, and a statement line's details
  primary key (assignment_id, party_type, party_id)
);
