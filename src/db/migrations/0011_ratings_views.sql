-- The customer's satisfaction rating of a finished case (one per case), and the saved
-- views of staff work lists (a named set of filters, per person).

create table case_ratings (
  case_id text primary key references cases (id),
  customer_id text not null references customers (id),
  score smallint not null check (score between 1 and 5),
  comment text not null default '',
  tags text[] not null default '{}',             -- what was good or bad, from a fixed list
  created_at timestamptz not null
);
-- serves satisfaction over time (the operations dashboard)
create index case_ratings_created_idx on case_ratings (created_at);

create table saved_views (
  id text primary key,
  staff_id text not null references staff (id),
  screen text not null check (screen in ('queue', 'tasks', 'cases')),
  name text not null check (length(name) between 1 and 60),
  filters jsonb not null default '{}',            -- the screen's own filter fields, validated by its route
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- serves "my views of this screen", and keeps names unique per person and screen
create unique index saved_views_owner_name on saved_views (staff_id, screen, name);
