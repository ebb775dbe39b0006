import type { Db, Queryable } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, invalid, notFound } from "../../http/problem.js";
import { actorId, type Principal } from "../people/index.js";
import { partyAccount, partyOfAccount, settlementPosting, sumFen, type PartyType } from "./model.js";
import { accountSum, book, lockAccount, postingByKey, statementLines, statementSums, type PartyFilter } from "./store.js";

/** One charge-back (or its reversal, negative) on a party's statement. */
export interface StatementLine {
  caseId: string | null;
  orderId: string | null;
  skus: string[];
  batchIds: string[];
  reason: string | null;
  amountFen: number;
  kind: "charge_back" | "reversal";
  at: string;
}

/** A party's statement for a period. */
export interface Statement {
  partyType: PartyType;
  partyId: string;
  lines: StatementLine[];
  /** the lines' sum: charged in the period, net of reversals */
  chargedFen: number;
  /** paid back by the party in the period */
  settledFen: number;
  /** what the party owes at the end of the period, all periods included */
  balanceFen: number;
}

export interface StatementQuery {
  partyType?: PartyType;
  partyId?: string;
  from?: string;
  to?: string;
}

/**
 * The statements of the parties the viewer may see, for [from, to): supplier quality sees only
 * their own supplier's; finance and operations every party's (or the one asked for).
 */
export async function statements(db: Queryable, viewer: Principal, q: StatementQuery, now: Date): Promise<{ from: string; to: string; statements: Statement[] }> {
  if (q.partyId && !q.partyType) throw invalid("partyId needs partyType");
  const filter = scopeOf(viewer, q);
  const from = q.from ? new Date(q.from) : new Date(0);
  // without `to`, everything booked so far, including what was booked this very instant
  const to = q.to ? new Date(q.to) : null;
  if (to && from >= to) throw invalid("from must be before to");
  const [lines, sums] = await Promise.all([statementLines(db, filter, from, to), statementSums(db, filter, from, to)]);
  const byAccount = new Map<string, Statement>();
  const statementOf = (account: string) => {
    const party = partyOfAccount(account);
    if (!party) return null;
    let s = byAccount.get(account);
    if (!s) byAccount.set(account, (s = { ...party, lines: [], chargedFen: 0, settledFen: 0, balanceFen: 0 }));
    return s;
  };
  for (const sum of sums) {
    const s = statementOf(sum.account);
    if (s) Object.assign(s, { settledFen: Number(sum.settled), balanceFen: Number(sum.balance) });
  }
  for (const l of lines) {
    const s = statementOf(l.account);
    s?.lines.push({ caseId: l.case_id, orderId: l.order_id, skus: l.skus ?? [], batchIds: l.batch_ids ?? [], reason: l.reason, amountFen: l.amount_fen, kind: l.kind === "charge_back" ? "charge_back" : "reversal", at: l.at.toISOString() });
  }
  for (const s of byAccount.values()) s.chargedFen = sumFen(s.lines);
  const all = [...byAccount.values()].filter((s) => s.lines.length || s.settledFen || s.balanceFen);
  return { from: from.toISOString(), to: (to ?? now).toISOString(), statements: all };
}

function scopeOf(viewer: Principal, q: StatementQuery): PartyFilter {
  if (viewer.kind === "staff" && viewer.role === "supplier_quality") {
    const own = viewer.supplierId ?? "";
    // another party's statement is answered as if it did not exist
    if ((q.partyType && q.partyType !== "supplier") || (q.partyId && q.partyId !== own)) throw notFound("statement", `${q.partyType}:${q.partyId ?? ""}`);
    return { partyType: "supplier", partyId: own };
  }
  return { ...(q.partyType ? { partyType: q.partyType } : {}), ...(q.partyId ? { partyId: q.partyId } : {}) };
}

export interface SettlementInput {
  partyType: PartyType;
  partyId: string;
  /** settles the charge-backs booked up to this moment */
  upTo: string;
  /** the payment's reference (bank transfer, offset against a payable): settles once */
  reference: string;
}

export interface SettlementView {
  reference: string;
  partyType: PartyType;
  partyId: string;
  upTo: string;
  amountFen: number;
  at: string;
}

/**
 * Books a party's payment of what it owed for charge-backs up to `upTo`, less what it settled
 * before. Idempotent by reference: the same reference answers the first settlement again.
 */
export async function settle(deps: { db: Db; clock: () => Date }, input: SettlementInput, by: Principal): Promise<{ status: 200 | 201; body: SettlementView }> {
  const now = deps.clock();
  const upTo = new Date(input.upTo);
  if (upTo > now) throw invalid("upTo may not be in the future");
  const key = `settlement:${input.reference}`;
  const account = partyAccount(input.partyType, input.partyId);
  return deps.db.transaction().execute(async (tx) => {
    await lockAccount(tx, account, now);
    const replay = async () => {
      const found = await postingByKey(tx, key);
      if (!found) return null;
      const memo = found.memo;
      if (memo.partyType !== input.partyType || memo.partyId !== input.partyId)
        throw new Problem(409, "conflict", "Reference already used", `reference ${input.reference} settled another party`);
      const upToThen = typeof memo.upTo === "string" ? memo.upTo : input.upTo;
      return { status: 200 as const, body: { reference: input.reference, partyType: input.partyType, partyId: input.partyId, upTo: upToThen, amountFen: Number(memo.amountFen), at: found.at.toISOString() } };
    };
    const first = await replay();
    if (first) return first;
    const charged = await accountSum(tx, account, ["charge_back", "charge_back_reversal"], upTo);
    const settledBefore = -(await accountSum(tx, account, ["settlement"]));
    const amountFen = charged - settledBefore;
    if (amountFen <= 0) throw new Problem(409, "nothing-to-settle", "Nothing to settle", `${input.partyType} ${input.partyId} owes nothing for charge-backs up to ${upTo.toISOString()}`);
    const body: SettlementView = { reference: input.reference, partyType: input.partyType, partyId: input.partyId, upTo: upTo.toISOString(), amountFen, at: now.toISOString() };
    const id = await book(tx, { key, kind: "settlement", caseId: null, at: now, actor: actorId(by), memo: { ...body }, entries: settlementPosting(input.partyType, input.partyId, amountFen) });
    // the same reference for another party, at the same instant: the key was taken meanwhile
    if (id === null) {
      const booked = await replay();
      if (!booked) throw new Error(`settlement ${key} neither booked nor found`);
      return booked;
    }
    await appendOutbox(tx, [{ topic: "liability.settled", aggregate_id: account, payload: { ...body } }]);
    return { status: 201 as const, body };
  });
}
