import type { Queryable } from "../../db/database.js";
import { notFound } from "../../http/problem.js";
import { contactFor, roleOf, type Principal, type Role } from "../people/index.js";
import { STAGE_EN, customerStage, isCaseState } from "./machine.js";
import { actionsFor } from "./permissions.js";
import { caseClockViews } from "../sla/index.js";
import { caseProgress, type ClockDeadline } from "./progress.js";
import type { CaseView } from "./schemas.js";
import { visibleTo } from "./scope.js";
import { caseEvidenceIds, caseItems, caseTimeline, listCases, type CaseRow, type TimelineRow } from "./store.js";

function stageOf(state: string) {
  if (!isCaseState(state)) throw new Error(`unknown case state ${state}`);
  const zh = customerStage(state);
  return { zh, en: STAGE_EN[zh] };
}

/** A case as the API shows it to this viewer, with the actions they may take now; 404 outside their scope. */
export async function loadCaseView(db: Queryable, caseId: string, opts: { withTimeline: boolean; viewer: Principal }): Promise<CaseView> {
  const c = await db.selectFrom("cases").selectAll().where("id", "=", caseId).where(visibleTo(opts.viewer)).executeTakeFirst();
  if (!c) throw notFound("case", caseId);
  const role = roleOf(opts.viewer);
  const [items, evidenceIds, timeline, customer, deadlines] = await Promise.all([
    caseItems(db, caseId),
    caseEvidenceIds(db, caseId),
    opts.withTimeline ? caseTimeline(db, caseId) : Promise.resolve(null),
    role === "customer" ? Promise.resolve(undefined) : db.selectFrom("customers").select(["name", "phone", "address"]).where("id", "=", c.customer_id).executeTakeFirst(),
    clockDeadlines(db, caseId),
  ]);
  const view = caseViewOf(c, items, evidenceIds, timeline, role, deadlines);
  if (customer) view.customer = contactFor(role, customer);
  return view;
}

/** The deadlines of a case's clocks, for its progress tracker (nothing else of the clocks leaves here). */
export async function clockDeadlines(db: Queryable, caseId: string): Promise<ClockDeadline[]> {
  // only the stored deadlines are read; the clocks' status at this instant is not used
  const clocks = await caseClockViews(db, caseId, new Date());
  return clocks.map((k) => ({ kind: k.kind, deadlineAt: k.deadlineAt ? new Date(k.deadlineAt) : null, stoppedAt: k.stoppedAt ? new Date(k.stoppedAt) : null }));
}

/** The rows of a case's items, as read with their order lines. */
export interface CaseItemRow {
  order_item_id: string;
  quantity: number;
  amount_fen: number;
  line_no: number;
  sku: string;
  name: string;
}

/** A case as the API shows it, from rows already at hand (read, or just written). */
export function caseViewOf(
  c: CaseRow,
  items: CaseItemRow[],
  evidenceIds: string[],
  timeline: Omit<TimelineRow, "case_id">[] | null,
  role: Role,
  deadlines: readonly ClockDeadline[],
): CaseView {
  const state = c.state as CaseView["state"];
  const decision = c.decision as CaseView["decision"];
  return {
    id: c.id,
    orderId: c.order_id,
    customerId: c.customer_id,
    state,
    stage: stageOf(c.state),
    problemType: c.problem_type as CaseView["problemType"],
    wantedResolution: c.wanted_resolution as CaseView["wantedResolution"],
    resolution: c.resolution as CaseView["resolution"],
    description: c.description,
    answers: c.answers as CaseView["answers"],
    items: items.map((i) => ({ orderItemId: i.order_item_id, lineNo: i.line_no, sku: i.sku, name: i.name, quantity: i.quantity, amountFen: i.amount_fen })),
    evidenceIds,
    claimedFen: c.claimed_fen,
    approvedFen: c.approved_fen,
    refundedFen: c.refunded_fen,
    decision,
    returnShippingPayer: c.return_shipping_payer,
    returnDueAt: c.return_due_at?.toISOString() ?? null,
    refundDueAt: c.refund_due_at?.toISOString() ?? null,
    compensationKind: c.compensation_kind as CaseView["compensationKind"],
    // who works a case inside the back office is not the customer's business
    ...(role === "customer" ? {} : { ownerId: c.owner_id, escalationLevel: c.escalation_level }),
    mergedInto: c.merged_into,
    allowedActions: actionsFor(role, state),
    progress: caseProgress({
      state,
      resolution: c.resolution as CaseView["resolution"],
      returnRequired: decision.returnRequired,
      createdAt: c.created_at,
      returnDueAt: c.return_due_at,
      refundDueAt: c.refund_due_at,
      timeline: timeline?.map((t) => ({ at: t.at, to: t.to_state })) ?? null,
      clocks: deadlines,
    }),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    ...(timeline ? { timeline: (role === "customer" ? timeline.filter(shownToCustomer).map(asSeenByCustomer) : timeline).map(timelineEntryView) } : {}),
  };
}

const timelineEntryView = (t: Omit<TimelineRow, "case_id">) => ({ at: t.at.toISOString(), type: t.type, actor: t.actor, from: t.from_state, to: t.to_state, data: t.data });

/** A customer follows their case's state, not the back office's work on it (owners, notes, assignment). */
const shownToCustomer = (t: Omit<TimelineRow, "case_id">) => t.to_state !== null;

/** Staff appear to customers by role, not by their internal id. */
function asSeenByCustomer(t: Omit<TimelineRow, "case_id">): Omit<TimelineRow, "case_id"> {
  return t.actor.startsWith("staff:") ? { ...t, actor: "staff" } : t;
}

export async function listCaseSummaries(db: Queryable, viewer: Principal, filter: { orderId?: string; state?: string }, limit: number, before?: string) {
  const rows = await listCases(db, viewer, filter, limit, before);
  return rows.map((c) => ({
    id: c.id,
    orderId: c.order_id,
    problemType: c.problem_type,
    resolution: c.resolution,
    state: c.state,
    stage: stageOf(c.state),
    claimedFen: c.claimed_fen,
    approvedFen: c.approved_fen,
    refundedFen: c.refunded_fen,
    pickupPointId: c.pickup_point_id,
    ...(viewer.kind === "customer" ? {} : { ownerId: c.owner_id }),
    createdAt: c.created_at.toISOString(),
  }));
}
