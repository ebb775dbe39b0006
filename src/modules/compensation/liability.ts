import type { Db, Tx } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, invalid, notFound } from "../../http/problem.js";
import { actorId, type Principal } from "../people/index.js";
import { chainParties, chargeBackPosting, checkSplit, reversalPosting, sameSplit, suggestLiability, sumFen, type LiabilityCase, type PartyShare } from "./model.js";
import { assignmentsOfCase, book, entriesOfPosting, insertAssignment, paidForCase, type AssignmentRow } from "./store.js";

/**
 * Loads what liability needs of a case, locked, if the viewer may see it (null otherwise). The
 * case lives in the cases module: the caller passes this in (see case-context.ts).
 */
export type LoadLiabilityCase = (tx: Tx, caseId: string, viewer: Principal, forUpdate?: boolean) => Promise<LiabilityCase | null>;

export interface LiabilityDeps {
  db: Db;
  clock: () => Date;
  loadCase: LoadLiabilityCase;
}

/** A party's share as the API shows it. */
export interface ShareView {
  party: PartyShare["partyType"];
  partyId: string;
  amountFen: number;
  reason: string;
}

/** One version of a case's liability. */
export interface AssignmentView {
  version: number;
  paidFen: number;
  assignedBy: string;
  assignedAt: string;
  parties: (ShareView & { skus: string[]; batchIds: string[] })[];
}

export interface LiabilityView {
  caseId: string;
  /** what the customer has been paid so far: the amount a liability splits */
  paidFen: number;
  /** what the current assignment charges */
  assignedFen: number;
  current: AssignmentView | null;
  /** every version, oldest first; each replaced one was reversed in the ledger */
  history: AssignmentView[];
  /** the default the problem type and the supply chain suggest */
  suggested: ShareView[];
}

const shareView = (s: PartyShare): ShareView => ({ party: s.partyType, partyId: s.partyId, amountFen: s.amountFen, reason: s.reason });

function assignmentView(a: AssignmentRow): AssignmentView {
  return {
    version: a.version,
    paidFen: a.paid_fen,
    assignedBy: a.assigned_by,
    assignedAt: a.assigned_at.toISOString(),
    parties: a.lines.map((l) => ({ party: l.party_type, partyId: l.party_id, amountFen: l.amount_fen, reason: l.reason, skus: l.skus, batchIds: l.batch_ids })),
  };
}

async function viewOf(tx: Tx, c: LiabilityCase): Promise<LiabilityView> {
  const [paidFen, assignments] = await Promise.all([paidForCase(tx, c.caseId), assignmentsOfCase(tx, c.caseId)]);
  const history = assignments.map(assignmentView);
  const current = history.at(-1) ?? null;
  return { caseId: c.caseId, paidFen, assignedFen: current ? sumFen(current.parties) : 0, current, history, suggested: suggestLiability(c, paidFen).map(shareView) };
}

/** A case's current liability, its history and the suggested default; 404 outside the viewer's scope. */
export async function liabilityOfCase(deps: LiabilityDeps, caseId: string, viewer: Principal): Promise<LiabilityView> {
  return deps.db.transaction().execute(async (tx) => {
    const c = await deps.loadCase(tx, caseId, viewer, false);
    if (!c) throw notFound("case", caseId);
    return viewOf(tx, c);
  });
}

/**
 * Names who bears the cost of a case, after the customer has been paid: the shares must add up to
 * what was paid. A reassignment books the reversal of the previous charge-back and a new one; the
 * old postings stay as they were. The same split again changes nothing.
 */
export async function assignLiability(deps: LiabilityDeps, caseId: string, shares: PartyShare[], by: Principal): Promise<LiabilityView> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const c = await deps.loadCase(tx, caseId, by);
    if (!c) throw notFound("case", caseId);
    const [paidFen, assignments] = await Promise.all([paidForCase(tx, caseId), assignmentsOfCase(tx, caseId)]);
    const check = checkSplit(shares, paidFen, c);
    if (!check.ok && check.error === "not_paid")
      throw new Problem(409, "not-paid-yet", "The customer has not been paid yet", `case ${caseId} has paid the customer nothing yet; liability is assigned after the customer is paid`);
    if (!check.ok) throw invalid(check.errors.join("; "), check.errors.map((message) => ({ path: "/body/parties", message })));
    const previous = assignments.at(-1);
    const previousShares = previous?.lines.map((l) => ({ partyType: l.party_type, partyId: l.party_id, amountFen: l.amount_fen, reason: l.reason }));
    if (previous && previousShares && previous.paid_fen === paidFen && sameSplit(previousShares, shares)) return viewOf(tx, c);

    const version = (previous?.version ?? 0) + 1;
    const id = `LA-${caseId}-${version}`;
    const actor = actorId(by);
    if (previous) {
      const original = await entriesOfPosting(tx, previous.posting_id);
      await book(tx, { key: `reversal:${previous.id}`, kind: "charge_back_reversal", caseId, assignmentId: previous.id, reverses: previous.posting_id, at: now, actor, memo: { replacedBy: id }, entries: reversalPosting(original) });
    }
    const postingId = await book(tx, { key: `liability:${id}`, kind: "charge_back", caseId, assignmentId: id, at: now, actor, memo: { version }, entries: chargeBackPosting(shares) });
    // the case is locked and the version is new, so the key cannot have been booked before
    if (postingId === null) throw new Error(`charge-back ${id} booked twice`);
    const chain = chainParties(c);
    await insertAssignment(
      tx,
      { id, case_id: caseId, version, paid_fen: paidFen, posting_id: postingId, assigned_by: actor, assigned_at: now },
      shares.map((s) => {
        const items = chain.get(`${s.partyType}:${s.partyId}`)?.items ?? [];
        return {
          assignment_id: id, party_type: s.partyType, party_id: s.partyId, amount_fen: s.amountFen, reason: s.reason.trim(), case_id: caseId, order_id: c.orderId,
          skus: [...new Set(items.map((i) => i.sku))], batch_ids: [...new Set(items.flatMap((i) => (i.batchId ? [i.batchId] : [])))],
        };
      }),
    );
    await appendOutbox(tx, [
      {
        topic: "liability.assigned",
        aggregate_id: caseId,
        payload: { caseId, version, replaces: previous?.version ?? null, parties: shares.map((s) => ({ party: s.partyType, partyId: s.partyId, amountFen: s.amountFen })), at: now.toISOString() },
      },
    ]);
    return viewOf(tx, c);
  });
}
