import type { Db, Queryable, Tx } from "../../db/database.js";
import { once, requestHash } from "../../db/idempotency.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, forbidden, invalid, notFound } from "../../http/problem.js";
import { customerStage, isCaseState, lockVisibleCase, recordCaseActivity, visibleTo, type Actor, type CaseRow } from "../cases/index.js";
import { actorId, isStaff, type Principal, type StaffPrincipal } from "../people/index.js";
import { ownerChanged } from "./assignment.js";
import { OWNER_ROLES, PRESENCE_WINDOW_MS, handoverRefusal, isOpenState } from "./model.js";
import { insertNote, notesOf, pruneViewers, queuePage, removeViewer, setCaseOwner, staffMember, touchViewer, viewersOf, type QueueCursor, type QueueFilter } from "./store.js";

/** What the handling services need: the database and the clock. */
export interface HandlingDeps {
  db: Db;
  clock: () => Date;
}

/** Who owns a case now, as the ownership endpoints answer. */
export interface Ownership {
  caseId: string;
  state: string;
  ownerId: string | null;
  ownerName: string | null;
  ownedSince: string | null;
  escalationLevel: number;
}

/** The staff principal of a staff-only endpoint (the route's access already admits staff only). */
export function staffOf(p: Principal): StaffPrincipal {
  if (!isStaff(p)) throw forbidden("only staff may do this");
  return p;
}

/** Locks a case the caller sees, or answers 404 as if it did not exist. */
export async function lockCaseFor(tx: Queryable, caseId: string, p: Principal): Promise<CaseRow> {
  const kase = await lockVisibleCase(tx, caseId, p);
  if (!kase) throw notFound("case", caseId);
  return kase;
}

/** Checks the caller sees a case, without locking it. */
export async function assertVisible(db: Queryable, caseId: string, p: Principal): Promise<void> {
  const row = await db.selectFrom("cases").select("id").where("id", "=", caseId).where(visibleTo(p)).executeTakeFirst();
  if (!row) throw notFound("case", caseId);
}

/** Refuses (409) to work on a case that is finished: its customer stage is 已完成 or 已关闭. */
export function assertOpen(kase: CaseRow, what: string): void {
  if (!isOpenState(kase.state)) throw new Problem(409, "conflict", "The case is finished", `a case that is ${kase.state} cannot be ${what}`, { state: kase.state });
}

/** Who owns a case now, read in the caller's transaction after a change. */
export async function ownershipOf(db: Queryable, caseId: string): Promise<Ownership> {
  const row = await db
    .selectFrom("cases")
    .leftJoin("staff", "staff.id", "cases.owner_id")
    .select(["cases.id", "cases.state", "cases.owner_id", "staff.name", "cases.owned_since", "cases.escalation_level"])
    .where("cases.id", "=", caseId)
    .executeTakeFirstOrThrow();
  return { caseId: row.id, state: row.state, ownerId: row.owner_id, ownerName: row.name, ownedSince: row.owned_since?.toISOString() ?? null, escalationLevel: row.escalation_level };
}

/**
 * Makes `to` the owner of a locked case (null: nobody), on its timeline and in the outbox, and
 * lets what follows every change of a case run (an SLA clock may count the handover).
 */
export async function changeOwner(tx: Queryable, kase: CaseRow, to: string | null, actor: Actor, now: Date, data: Record<string, unknown> = {}): Promise<CaseRow> {
  const version = await setCaseOwner(tx, kase.id, to, now);
  const after: CaseRow = { ...kase, owner_id: to, owned_since: to ? now : null, ...version };
  const raised = await recordCaseActivity(tx, after, { type: "owner_changed", actor, data: { from: kase.owner_id, to, ...data } }, now);
  await appendOutbox(tx, [ownerChanged(kase, to, now, data), ...raised]);
  return after;
}

/** A member of staff who can own a case: an agent or supervisor who can still log in. */
async function ownerCandidate(tx: Queryable, staffId: string) {
  const s = await staffMember(tx, staffId);
  if (!s || s.disabled_at) throw invalid(`staff ${staffId} does not exist or is disabled`);
  if (!(OWNER_ROLES as readonly string[]).includes(s.role)) throw invalid(`a ${s.role} cannot own a case: hand it to an agent or supervisor (department work goes through tasks)`);
  return s;
}

/** An agent or supervisor takes an unowned case from the queue; 409 when someone owns it. */
export async function takeCase(deps: HandlingDeps, caseId: string, p: Principal): Promise<Ownership> {
  const me = staffOf(p);
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    assertOpen(kase, "taken");
    if (kase.owner_id !== me.staffId) {
      if (kase.owner_id) throw new Problem(409, "already-owned", "Someone owns this case", `case ${caseId} is owned by ${kase.owner_id}; ask them or a supervisor to hand it over`, { ownerId: kase.owner_id });
      await changeOwner(tx, kase, me.staffId, { id: actorId(p) }, now, { reason: "taken" });
    }
    return ownershipOf(tx, caseId);
  });
}

/**
 * 首问负责: the owner hands the case to another agent or supervisor explicitly (a supervisor may
 * hand over anyone's). The note, if any, goes to the internal notes, never to the customer.
 * Handing a case to whoever owns it already changes nothing and answers 200: a retried handover
 * answers as the first one did, though its sender no longer owns the case.
 */
export async function handOver(deps: HandlingDeps, caseId: string, input: { toStaffId: string; note?: string }, p: Principal): Promise<Ownership> {
  const me = staffOf(p);
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    if (kase.owner_id === input.toStaffId) return ownershipOf(tx, caseId);
    const refusal = handoverRefusal({ staffId: me.staffId, role: me.role }, kase.owner_id);
    if (refusal) throw forbidden(refusal);
    assertOpen(kase, "handed over");
    await ownerCandidate(tx, input.toStaffId);
    const noteId = input.note ? await insertNote(tx, { case_id: caseId, author_id: me.staffId, actor: actorId(p), kind: "handover", body: input.note, created_at: now }) : null;
    await changeOwner(tx, kase, input.toStaffId, { id: actorId(p) }, now, { reason: "handover", ...(noteId ? { noteId } : {}) });
    return ownershipOf(tx, caseId);
  });
}

/** A supervisor gives a case to someone else, or takes it off its owner (staffId null: back to the queue). */
export async function reassign(deps: HandlingDeps, caseId: string, staffId: string | null, p: Principal): Promise<Ownership> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    assertOpen(kase, "reassigned");
    if (staffId) await ownerCandidate(tx, staffId);
    if (kase.owner_id !== staffId) await changeOwner(tx, kase, staffId, { id: actorId(p) }, now, { reason: staffId ? "reassigned" : "unassigned" });
    return ownershipOf(tx, caseId);
  });
}

// ---- internal notes

/** An internal note as the API shows it. */
export interface NoteView {
  id: number;
  caseId: string;
  kind: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  actor: string;
  createdAt: string;
}

/**
 * Adds an internal note. The text lives in the notes, never in the timeline the customer reads:
 * the timeline only says a note was added. Retried with the same Idempotency-Key it adds nothing.
 */
export async function addNote(deps: HandlingDeps, caseId: string, body: string, p: Principal, idempotencyKey?: string): Promise<{ status: number; body: NoteView; replayed: boolean }> {
  const me = staffOf(p);
  const now = deps.clock();
  const work = async (tx: Tx) => {
    const kase = await lockCaseFor(tx, caseId, p);
    const id = await insertNote(tx, { case_id: caseId, author_id: me.staffId, actor: actorId(p), kind: "note", body, created_at: now });
    await appendOutbox(tx, await recordCaseActivity(tx, kase, { type: "note_added", actor: { id: actorId(p) }, data: { noteId: id } }, now));
    const view: NoteView = { id, caseId, kind: "note", body, authorId: me.staffId, authorName: me.name, actor: actorId(p), createdAt: now.toISOString() };
    return { status: 201, body: view };
  };
  return deps.db.transaction().execute(async (tx) => {
    if (idempotencyKey) return once(tx, `note:${me.staffId}`, idempotencyKey, requestHash({ caseId, body }), () => work(tx));
    return { ...(await work(tx)), replayed: false };
  });
}

/** The internal notes of a case in the caller's scope, oldest first, paged by id. */
export async function listNotes(deps: HandlingDeps, caseId: string, p: Principal, limit: number, afterId: number): Promise<NoteView[]> {
  await assertVisible(deps.db, caseId, p);
  const rows = await notesOf(deps.db, caseId, limit, afterId);
  return rows.map((n) => ({ id: n.id, caseId: n.case_id, kind: n.kind, body: n.body, authorId: n.author_id, authorName: n.author_name, actor: n.actor, createdAt: n.created_at.toISOString() }));
}

// ---- who is viewing

/** A member of staff who has a case open. */
export interface Viewer {
  staffId: string;
  name: string;
  role: string;
  seenAt: string;
}

const toViewer = (v: { staff_id: string; name: string; role: string; seen_at: Date }): Viewer => ({ staffId: v.staff_id, name: v.name, role: v.role, seenAt: v.seen_at.toISOString() });

/**
 * A heartbeat from a member of staff with the case open. Answers who else has it open, so the
 * screen can warn "王五 is also working this case". Kept in the database: every server process
 * sees every heartbeat.
 */
export async function heartbeat(deps: HandlingDeps, caseId: string, p: Principal): Promise<{ others: Viewer[]; windowSeconds: number }> {
  const me = staffOf(p);
  const now = deps.clock();
  const since = new Date(now.getTime() - PRESENCE_WINDOW_MS);
  await assertVisible(deps.db, caseId, p);
  await touchViewer(deps.db, caseId, me.staffId, now, since);
  await pruneViewers(deps.db, [caseId], since);
  const viewers = await viewersOf(deps.db, [caseId], since);
  return { others: viewers.filter((v) => v.staff_id !== me.staffId).map(toViewer), windowSeconds: PRESENCE_WINDOW_MS / 1000 };
}

/** The member of staff closed the case on their screen. */
export async function leave(deps: HandlingDeps, caseId: string, p: Principal): Promise<void> {
  const me = staffOf(p);
  await assertVisible(deps.db, caseId, p);
  await removeViewer(deps.db, caseId, me.staffId);
  await pruneViewers(deps.db, [caseId], new Date(deps.clock().getTime() - PRESENCE_WINDOW_MS));
}

/** Who has a case open now (a heartbeat within the presence window), the caller included. */
export async function viewersOfCase(deps: HandlingDeps, caseId: string, p: Principal): Promise<Viewer[]> {
  await assertVisible(deps.db, caseId, p);
  const since = new Date(deps.clock().getTime() - PRESENCE_WINDOW_MS);
  await pruneViewers(deps.db, [caseId], since);
  return (await viewersOf(deps.db, [caseId], since)).map(toViewer);
}

// ---- the queue

/** One row of the work queue. */
export interface QueueRow {
  caseId: string;
  orderId: string;
  customerId: string;
  state: string;
  stage: string;
  problemType: string;
  pickupPointId: string | null;
  claimedFen: number;
  ownerId: string | null;
  ownerName: string | null;
  escalationLevel: number;
  createdAt: string;
  nextDeadline: { at: string; kind: string; warnAt: string | null } | null;
  viewers: Viewer[];
}

/** The work queue: open cases in the caller's scope, nearest SLA deadline first, with who is looking at each. */
export async function queue(deps: HandlingDeps, p: Principal, filter: Omit<QueueFilter, "staffId">, limit: number, cursor?: string): Promise<{ cases: QueueRow[]; nextCursor: string | null }> {
  const me = staffOf(p);
  if (filter.state && !isOpenState(filter.state)) return { cases: [], nextCursor: null };
  const rows = await queuePage(deps.db, visibleTo(p), { ...filter, staffId: me.staffId }, limit, cursor ? decodeCursor(cursor) : null);
  const since = new Date(deps.clock().getTime() - PRESENCE_WINDOW_MS);
  await pruneViewers(deps.db, rows.map((r) => r.id), since);
  const viewers = await viewersOf(deps.db, rows.map((r) => r.id), since);
  const cases = rows.map((r) => ({
    caseId: r.id,
    orderId: r.order_id,
    customerId: r.customer_id,
    state: r.state,
    stage: isCaseState(r.state) ? customerStage(r.state) : r.state,
    problemType: r.problem_type,
    pickupPointId: r.pickup_point_id,
    claimedFen: r.claimed_fen,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    escalationLevel: r.escalation_level,
    createdAt: r.created_at.toISOString(),
    nextDeadline: r.deadline_at && r.clock_kind ? { at: r.deadline_at.toISOString(), kind: r.clock_kind, warnAt: r.warn_at?.toISOString() ?? null } : null,
    viewers: viewers.filter((v) => v.case_id === r.id).map(toViewer),
  }));
  const last = rows.at(-1);
  const nextCursor = last && rows.length === limit ? encodeCursor({ deadline: last.deadline_at?.toISOString() ?? null, createdAt: last.created_at.toISOString(), id: last.id }) : null;
  return { cases, nextCursor };
}

function encodeCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify([c.deadline, c.createdAt, c.id])).toString("base64url");
}

function decodeCursor(s: string): QueueCursor {
  try {
    const [deadline, createdAt, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown[];
    const isDate = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));
    if ((deadline === null || isDate(deadline)) && isDate(createdAt) && typeof id === "string") return { deadline, createdAt, id };
  } catch {
    // falls through to the caller's mistake below
  }
  throw invalid("the cursor is not one this endpoint gave out");
}
