-- Case handling: automatic assignment's turns, internal notes, who is viewing a case, and links
-- between duplicate or related cases. Ownership itself lives on cases (0002).

-- Round-robin among equally loaded staff: when each was last given a case by the system.
create table assignment_turns (
  staff_id text primary key references staff (id),
  last_assigned_at timestamptz not null
);

-- Notes staff leave for each other on a case; never shown to the customer, so kept apart from
-- the timeline (case_events), which the customer reads.
create table case_notes (
  id bigserial primary key,
  case_id text not null references cases (id),
  author_id text references staff (id),         -- null when the system wrote it (e.g. an SLA breach)
  actor text not null,                          -- staff:S-1, system:sla
  kind text not null default 'note' check (kind in ('note', 'handover', 'escalation')),
  body text not null,
  created_at timestamptz not null
);
-- serves the notes of one case, oldest first
create index case_notes_case_idx on case_notes (case_id, id);

-- Who has a case open: one row per case and member of staff, refreshed by a heartbeat. Shared by
-- every server process; a row older than the presence window no longer counts.
create table case_viewers (
  case_id text not null references cases (id),
  staff_id text not null references staff (id),
  seen_at timestamptz not null,
  primary key (case_id, staff_id)
);
-- serves pruning one person's stale rows on their heartbeat
create index case_viewers_staff_idx on case_viewers (staff_id, seen_at);

-- Links between cases, stored in both directions so either side lists them with one lookup.
create table case_links (
  case_id text not null references cases (id),
  other_case_id text not null references cases (id),
  kind text not null check (kind in ('duplicate', 'related', 'merged_into', 'merged_from')),
  created_by text not null,                    -- actor: staff:S-1
  created_at timestamptz not null,
  primary key (case_id, other_case_id),
  check (case_id <> other_case_id)
);
