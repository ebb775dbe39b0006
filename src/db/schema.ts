import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Row types of the tables, as Kysely sees them. Mirrors migrations/*.sql. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface CustomersTable {
  id: string;
  name: ColumnType<string, string | undefined, string>;
  phone: string | null;
  address: string | null;
  created_at: CreatedAt;
}
export interface LeadersTable {
  id: string;
  name: ColumnType<string, string | undefined, string>;
  phone: string | null;
}
export interface PickupPointsTable {
  id: string;
  name: ColumnType<string, string | undefined, string>;
  city: ColumnType<string, string | undefined, string>;
  address: string | null;
  leader_id: string | null;
}
export interface NamedTable {
  id: string;
  name: ColumnType<string, string | undefined, string>;
}
export interface WarehousesTable extends NamedTable {
  city: ColumnType<string, string | undefined, string>;
}
export interface RoutesTable extends NamedTable {
  warehouse_id: string | null;
}
export interface DriversTable extends NamedTable {
  phone: string | null;
}
export interface BatchesTable {
  id: string;
  sku: ColumnType<string, string | undefined, string>;
  supplier_id: string | null;
  produced_on: ColumnType<string | null, string | null | undefined, string | null>;
  best_before: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeliveryEventRow {
  at: string;
  kind: string;
  note?: string;
  itemLineNo?: number;
}

export interface OrdersTable {
  id: string;
  customer_id: string;
  pickup_point_id: string | null;
  leader_id: string | null;
  placed_at: Timestamp;
  promised_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  goods_fen: number;
  shipping_fen: number;
  discount_fen: number;
  paid_fen: number;
  payment_method: string;
  delivery_events: Json<DeliveryEventRow[]>;
  content_hash: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OrderItemsTable {
  id: string;
  order_id: string;
  line_no: number;
  sku: string;
  name: string;
  category: string;
  fresh: boolean;
  made_to_order: boolean;
  digital: boolean;
  periodical: boolean;
  near_expiry_confirmed: boolean;
  defective_confirmed: boolean;
  quantity: number;
  unit_price_fen: number;
  paid_fen: number;
  weight_g: number | null;
  batch_id: string | null;
  supplier_id: string | null;
  warehouse_id: string | null;
  sorted_at: Date | null;
  route_id: string | null;
  driver_id: string | null;
  delivered_at: Date | null;
  picked_up_at: Date | null;
  claimed_quantity: Generated<number>;
  claimed_fen: Generated<number>;
}

export interface PolicyVersionsTable {
  version: number;
  document: Json<object>;
  note: ColumnType<string, string | undefined, string>;
  published_by: string;
  published_at: CreatedAt;
}

export interface EvidenceTable {
  id: string;
  customer_id: string;
  mime: string;
  bytes: number;
  sha256: string;
  storage_key: string;
  created_at: CreatedAt;
}

export interface CasesTable {
  id: string;
  order_id: string;
  customer_id: string;
  pickup_point_id: string | null;
  problem_type: string;
  wanted_resolution: string;
  resolution: string;
  description: string;
  answers: Json<Record<string, unknown>>;
  state: string;
  claimed_fen: number;
  approved_fen: number;
  refunded_fen: Generated<number>;
  decision: Json<object>;
  policy_version: number;
  return_shipping_payer: string | null;
  return_due_at: Date | null;
  refund_due_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  revision: Generated<number>;
  owner_id: ColumnType<string | null, string | null | undefined, string | null>;
  owned_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  escalation_level: Generated<number>;
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  compensation_kind: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CaseItemsTable {
  case_id: string;
  order_item_id: string;
  quantity: number;
  amount_fen: number;
}
export interface CaseEvidenceTable {
  case_id: string;
  evidence_id: string;
}
export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: Timestamp;
  type: string;
  actor: string;
  from_state: string | null;
  to_state: string | null;
  data: Json<Record<string, unknown>>;
}
export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  aggregate_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  published_at: Date | null;
}
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: Json<object | null>;
  created_at: CreatedAt;
}
export interface RefundsTable {
  id: string;
  case_id: string;
  order_id: string;
  amount_fen: number;
  method: string;
  state: string;
  request_key: string;
  attempts: Generated<number>;
  gateway_ref: string | null;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
export interface RefundLedgerTable {
  id: Generated<number>;
  case_id: string;
  refund_id: string;
  entry: string;
  amount_fen: number;
  at: Timestamp;
  data: Json<Record<string, unknown>>;
}
export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  role: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface Database {
  customers: CustomersTable;
  leaders: LeadersTable;
  pickup_points: PickupPointsTable;
  suppliers: NamedTable;
  warehouses: WarehousesTable;
  routes: RoutesTable;
  drivers: DriversTable;
  batches: BatchesTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  policy_versions: PolicyVersionsTable;
  evidence: EvidenceTable;
  cases: CasesTable;
  case_items: CaseItemsTable;
  case_evidence: CaseEvidenceTable;
  case_events: CaseEventsTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  refunds: RefundsTable;
  refund_ledger: RefundLedgerTable;
  api_keys: ApiKeysTable;
  settings: { key: string; value: string };
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  audit_log: AuditLogTable;
  sla_clocks: SlaClocksTable;
  timers: TimersTable;
}

export interface StaffTable {
  id: string;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  phone: string | null;
  leader_id: string | null;
  supplier_id: string | null;
  warehouse_id: string | null;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  regions: ColumnType<string[], string[] | undefined, string[]>;
  capacity: ColumnType<number, number | undefined, number>;
  on_duty: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
}
export interface StaffSessionsTable {
  id: string;
  staff_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  role: string;
  method: string;
  route: string;
  target: string | null;
  status: number;
  request_id: string;
  data: Json<Record<string, unknown>>;
}

export interface SlaClocksTable {
  id: Generated<string>;
  case_id: string;
  task_id: string | null;
  kind: string;
  department: string;
  calendar: string;
  started_at: Timestamp;
  budget_minutes: number;
  pauses: Json<{ from: string; to: string | null }[]>;
  deadline_at: Timestamp | null;
  warn_at: Timestamp | null;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  stopped_at: Timestamp | null;
  met: boolean | null;
}
export interface TimersTable {
  id: Generated<string>;
  kind: string;
  subject_id: string;
  due_at: Timestamp;
  payload: Json<Record<string, unknown>>;
  fired_at: Timestamp | null;
  fired_by: string | null;
  cancelled_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
}
