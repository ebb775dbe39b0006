import { sql, type Insertable } from "kysely";
import type { Queryable } from "../../db/database.js";
import { PLATFORM_ADVANCE, type Entry, type PartyType, type PostingKind } from "./model.js";
import type { CompensationGrantsTable, LiabilityLinesTable } from "./tables.js";

/** The SQL of grants, the ledger and liability records; nothing else. */

/** Inserts a case's grant; undefined if the case has one already. */
export async function insertGrant(db: Queryable, row: Insertable<CompensationGrantsTable>) {
  return db.insertInto("compensation_grants").values(row).onConflict((oc) => oc.column("case_id").doNothing()).returningAll().executeTakeFirst();
}

export async function grantsOfCustomer(db: Queryable, customerId: string) {
  return db.selectFrom("compensation_grants").selectAll().where("customer_id", "=", customerId).orderBy("granted_at", "desc").orderBy("id").execute();
}

export interface NewPosting {
  key: string;
  kind: PostingKind;
  caseId: string | null;
  assignmentId?: string | null;
  reverses?: number | null;
  at: Date;
  actor: string;
  memo?: Record<string, unknown>;
  entries: Entry[];
}

/**
 * Books a posting and its entries once per key: the id of the new posting, or null if a posting
 * with this key exists (the same movement booked again). The database checks at commit that the
 * entries sum to zero.
 */
export async function book(db: Queryable, p: NewPosting): Promise<number | null> {
  const inserted = await db
    .insertInto("ledger_postings")
    .values({ key: p.key, kind: p.kind, case_id: p.caseId, assignment_id: p.assignmentId ?? null, reverses: p.reverses ?? null, at: p.at, actor: p.actor, memo: JSON.stringify(p.memo ?? {}) })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return null;
  const accounts = [...new Set(p.entries.map((e) => e.account))];
  await db.insertInto("ledger_accounts").values(accounts.map((account) => ({ account, opened_at: p.at }))).onConflict((oc) => oc.column("account").doNothing()).execute();
  await db.insertInto("ledger_entries").values(p.entries.map((e) => ({ posting_id: inserted.id, account: e.account, amount_fen: e.amountFen }))).execute();
  return Number(inserted.id);
}

export async function postingByKey(db: Queryable, key: string) {
  return db.selectFrom("ledger_postings").selectAll().where("key", "=", key).executeTakeFirst();
}

export async function entriesOfPosting(db: Queryable, postingId: number): Promise<Entry[]> {
  const rows = await db.selectFrom("ledger_entries").select(["account", "amount_fen"]).where("posting_id", "=", postingId).orderBy("id").execute();
  return rows.map((r) => ({ account: r.account, amountFen: r.amount_fen }));
}

/** What the platform has paid a case's customer so far (refunds and grants). */
export async function paidForCase(db: Queryable, caseId: string): Promise<number> {
  const row = await db
    .selectFrom("ledger_postings as p")
    .innerJoin("ledger_entries as e", "e.posting_id", "p.id")
    .select(sql<number>`coalesce(sum(e.amount_fen), 0)`.as("paid"))
    .where("p.case_id", "=", caseId)
    .where("p.kind", "=", "customer_paid")
    .where("e.account", "=", PLATFORM_ADVANCE)
    .executeTakeFirstOrThrow();
  return Number(row.paid);
}

/** Every assignment of a case, oldest first, each with its lines. */
export async function assignmentsOfCase(db: Queryable, caseId: string) {
  const [assignments, lines] = await Promise.all([
    db.selectFrom("liability_assignments").selectAll().where("case_id", "=", caseId).orderBy("version").execute(),
    db.selectFrom("liability_lines").selectAll().where("case_id", "=", caseId).orderBy("party_type").orderBy("party_id").execute(),
  ]);
  return assignments.map((a) => ({ ...a, lines: lines.filter((l) => l.assignment_id === a.id) }));
}
export type AssignmentRow = Awaited<ReturnType<typeof assignmentsOfCase>>[number];

export async function insertAssignment(db: Queryable, a: { id: string; case_id: string; version: number; paid_fen: number; posting_id: number; assigned_by: string; assigned_at: Date }, lines: LiabilityLinesTable[]) {
  await db.insertInto("liability_assignments").values(a).execute();
  await db.insertInto("liability_lines").values(lines).execute();
}

/** Locks a ledger account (opening it if new), so two settlements of one party queue. */
export async function lockAccount(db: Queryable, account: string, now: Date) {
  await db.insertInto("ledger_accounts").values({ account, opened_at: now }).onConflict((oc) => oc.column("account").doNothing()).execute();
  await db.selectFrom("ledger_accounts").select("account").where("account", "=", account).forUpdate().executeTakeFirstOrThrow();
}

/** The sum of an account's entries in postings of these kinds, booked up to a moment. */
export async function accountSum(db: Queryable, account: string, kinds: PostingKind[], upTo?: Date): Promise<number> {
  let q = db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_postings as p", "p.id", "e.posting_id")
    .select(sql<number>`coalesce(sum(e.amount_fen), 0)`.as("sum"))
    .where("e.account", "=", account)
    .where("p.kind", "in", kinds);
  if (upTo) q = q.where("p.at", "<=", upTo);
  return Number((await q.executeTakeFirstOrThrow()).sum);
}

/** Which party accounts a statement covers: one party, one type of party, or all. */
export interface PartyFilter {
  partyType?: PartyType;
  partyId?: string;
}
function accountsMatching(filter: PartyFilter) {
  if (filter.partyType && filter.partyId) return sql<boolean>`e.account = ${`party:${filter.partyType}:${filter.partyId}`}`;
  // party types are a closed set of plain words: nothing to escape in the pattern
  return sql<boolean>`e.account like ${filter.partyType ? `party:${filter.partyType}:%` : "party:%"}`;
}

/** The charge-backs and reversals on party accounts in [from, to) (to null: up to now), with the case details of their lines. */
export async function statementLines(db: Queryable, filter: PartyFilter, from: Date, to: Date | null) {
  let q = db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_postings as p", "p.id", "e.posting_id")
    .leftJoin("liability_lines as l", (j) => j.onRef("l.assignment_id", "=", "p.assignment_id").on(sql<boolean>`e.account = 'party:' || l.party_type || ':' || l.party_id`))
    .select(["e.account", "e.amount_fen", "p.id as posting_id", "p.kind", "p.at", "p.case_id", "l.order_id", "l.skus", "l.batch_ids", "l.reason"])
    .where(accountsMatching(filter))
    .where("p.kind", "in", ["charge_back", "charge_back_reversal"])
    .where("p.at", ">=", from)
    .orderBy("e.account")
    .orderBy("p.id");
  if (to) q = q.where("p.at", "<", to);
  return q.execute();
}

/** Per party account: what was settled in [from, to), and what it owed at `to` (null: now). */
export async function statementSums(db: Queryable, filter: PartyFilter, from: Date, to: Date | null) {
  let q = db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_postings as p", "p.id", "e.posting_id")
    .select([
      "e.account",
      sql<number>`coalesce(-sum(e.amount_fen) filter (where p.kind = 'settlement' and p.at >= ${from}), 0)`.as("settled"),
      sql<number>`coalesce(sum(e.amount_fen), 0)`.as("balance"),
    ])
    .where(accountsMatching(filter))
    .groupBy("e.account")
    .orderBy("e.account");
  if (to) q = q.where("p.at", "<", to);
  return q.execute();
}

/** The trial balance: every account and the sum of its entries; and how many postings do not balance. */
export async function trialBalance(db: Queryable) {
  const [accounts, check] = await Promise.all([
    db.selectFrom("ledger_entries").select(["account", sql<number>`sum(amount_fen)`.as("balance")]).groupBy("account").orderBy("account").execute(),
    db
      .selectFrom((eb) => eb.selectFrom("ledger_entries").select("posting_id").groupBy("posting_id").having(sql<number>`sum(amount_fen)`, "<>", 0).as("u"))
      .select([sql<number>`count(*)`.as("unbalanced")])
      .executeTakeFirstOrThrow(),
  ]);
  const postings = await db.selectFrom("ledger_postings").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return { accounts: accounts.map((a) => ({ account: a.account, balanceFen: Number(a.balance) })), postings: Number(postings.n), unbalanced: Number(check.unbalanced) };
}
