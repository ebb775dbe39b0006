-- Indexes behind the operations dashboard (GET /insights/kpis and /insights/problems): every
-- figure is read by a range of time, so each table it reads gets an index on the instant it counts.

-- serves cases filed in a range (KPIs, trend, top SKUs / batches / suppliers)
create index cases_created_idx on cases (created_at);
-- serves units delivered in a range (complaint rate per 1,000 items)
create index order_items_delivered_idx on order_items (delivered_at) where delivered_at is not null;
-- serves staff answers and finishes in a range (first-response and resolution times)
create index case_events_at_idx on case_events (at);
-- serves SLA clocks settled in a range: breached, else stopped (SLA compliance)
create index sla_clocks_settled_idx on sla_clocks ((coalesce(breached_at, stopped_at)));
-- serves refunds paid in a range (refund cost)
create index refund_ledger_paid_at_idx on refund_ledger (at) where entry = 'paid';
-- serves compensation granted in a range (compensation cost)
create index compensation_grants_granted_idx on compensation_grants (granted_at);
