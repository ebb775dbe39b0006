import type { ProblemType } from "../policy/index.js";

/**
 * Advance compensation (先行赔付), the pure part: what a grant gives, the double-entry postings of
 * every money movement, and who bears a case's cost. No database, no clock, no randomness.
 *
 * The ledger's sign: a debit is positive, a credit negative, and every posting sums to zero.
 *   platform:advance     debit: paid out first and not yet charged to anyone
 *   customer:<id>        credit: what the customer was paid (refunds, compensation at face value)
 *   party:<type>:<id>    debit: what the liable party owes the platform (a receivable)
 *   platform:recovered   debit: what liable parties have paid back
 */

/** What a person can grant instead of money back (the cases module's compensation kinds). */
export const GRANT_KINDS = ["coupon", "balance", "points"] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

export const isGrantKind = (s: string): s is GrantKind => (GRANT_KINDS as readonly string[]).includes(s);

/** A coupon is valid this many days from the grant. */
export const COUPON_VALID_DAYS = 30;
const DAY_MS = 86_400_000;

/** The kind a case names (none: a coupon, as the case machine defaults). An unknown kind is a bug. */
export function grantKindOf(stored: string | null): GrantKind {
  if (stored === null) return "coupon";
  if (!isGrantKind(stored)) throw new Error(`unknown compensation kind ${stored}`);
  return stored;
}

/** What a grant of this value gives: points at one per fen; a coupon's expiry. */
export function grantTerms(kind: GrantKind, valueFen: number, now: Date): { points: number | null; expiresAt: Date | null } {
  return {
    points: kind === "points" ? valueFen : null,
    expiresAt: kind === "coupon" ? new Date(now.getTime() + COUPON_VALID_DAYS * DAY_MS) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger

export const PLATFORM_ADVANCE = "platform:advance";
export const PLATFORM_RECOVERED = "platform:recovered";

export const PARTY_TYPES = ["supplier", "warehouse", "delivery", "leader", "platform"] as const;
export type PartyType = (typeof PARTY_TYPES)[number];
export const isPartyType = (s: string): s is PartyType => (PARTY_TYPES as readonly string[]).includes(s);
/** The platform as a liable party has one id. */
export const PLATFORM_PARTY_ID = "platform";

export type PostingKind = "customer_paid" | "charge_back" | "charge_back_reversal" | "settlement";

export interface Entry {
  account: string;
  amountFen: number;
}

export const customerAccount = (customerId: string) => `customer:${customerId}`;
export const partyAccount = (partyType: PartyType, partyId: string) => `party:${partyType}:${partyId}`;

/** The party a `party:<type>:<id>` account belongs to, or null for any other account. */
export function partyOfAccount(account: string): { partyType: PartyType; partyId: string } | null {
  const m = /^party:([a-z]+):(.+)$/.exec(account);
  const [, partyType, partyId] = m ?? [];
  if (!partyType || !partyId || !isPartyType(partyType)) return null;
  return { partyType, partyId };
}

export const sumFen = (entries: readonly { amountFen: number }[]) => entries.reduce((s, e) => s + e.amountFen, 0);

/** Whether entries form a posting: at least two, whole fen, none zero, summing to zero. */
export function isBalanced(entries: readonly Entry[]): boolean {
  return entries.length >= 2 && entries.every((e) => Number.isSafeInteger(e.amountFen) && e.amountFen !== 0) && sumFen(entries) === 0;
}

/** Callers check amounts first: an unbalanced posting here is a bug, never booked. */
function posting(entries: Entry[]): Entry[] {
  if (!isBalanced(entries)) throw new Error(`unbalanced posting: ${JSON.stringify(entries)}`);
  return entries;
}

/** The customer is paid (a refund, a grant): the platform advances it, whoever is to blame. */
export function customerPaidPosting(customerId: string, amountFen: number): Entry[] {
  return posting([
    { account: PLATFORM_ADVANCE, amountFen },
    { account: customerAccount(customerId), amountFen: -amountFen },
  ]);
}

/** A charge-back: each liable party now owes its share of what the platform advanced. */
export function chargeBackPosting(shares: readonly { partyType: PartyType; partyId: string; amountFen: number }[]): Entry[] {
  const entries = shares.map((s) => ({ account: partyAccount(s.partyType, s.partyId), amountFen: s.amountFen }));
  return posting([...entries, { account: PLATFORM_ADVANCE, amountFen: -sumFen(entries) }]);
}

/** Undoes a posting by booking its mirror image; the original stays as it was. */
export function reversalPosting(original: readonly Entry[]): Entry[] {
  return posting(original.map((e) => ({ account: e.account, amountFen: -e.amountFen })));
}

/** A party pays what it owes. */
export function settlementPosting(partyType: PartyType, partyId: string, amountFen: number): Entry[] {
  return posting([
    { account: PLATFORM_RECOVERED, amountFen },
    { account: partyAccount(partyType, partyId), amountFen: -amountFen },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Liability

/** One claimed line of a case with the supply chain it travelled. */
export interface SupplyLine {
  orderItemId: string;
  sku: string;
  batchId: string | null;
  supplierId: string | null;
  warehouseId: string | null;
  routeId: string | null;
  driverId: string | null;
  /** what the customer claimed on this line: the weight of its share of the cost */
  amountFen: number;
}

/** What liability needs to know of a case. */
export interface LiabilityCase {
  caseId: string;
  orderId: string;
  customerId: string;
  problemType: string;
  leaderId: string | null;
  items: SupplyLine[];
}

/** A party's share of a case's cost. */
export interface PartyShare {
  partyType: PartyType;
  partyId: string;
  amountFen: number;
  reason: string;
}

export interface ChainParty {
  partyType: PartyType;
  partyId: string;
  /** the lines this party handled: a statement shows their SKUs and batches */
  items: SupplyLine[];
}

const keyOf = (partyType: string, partyId: string) => `${partyType}:${partyId}`;

/**
 * The parties that may bear a case's cost: the suppliers, warehouses, routes and drivers of its
 * lines, the order's leader, and the platform. A party outside the chain cannot be charged.
 */
export function chainParties(c: LiabilityCase): Map<string, ChainParty> {
  const parties = new Map<string, ChainParty>();
  const add = (partyType: PartyType, partyId: string | null, items: SupplyLine[]) => {
    if (!partyId) return;
    const key = keyOf(partyType, partyId);
    const found = parties.get(key);
    if (found) found.items.push(...items);
    else parties.set(key, { partyType, partyId, items: [...items] });
  };
  for (const i of c.items) {
    add("supplier", i.supplierId, [i]);
    add("warehouse", i.warehouseId, [i]);
    add("delivery", i.routeId, [i]);
    add("delivery", i.driverId, [i]);
  }
  add("leader", c.leaderId, c.items);
  add("platform", PLATFORM_PARTY_ID, c.items);
  return parties;
}

export type SplitCheck = { ok: true } | { ok: false; error: "not_paid" } | { ok: false; error: "invalid"; errors: string[] };

/**
 * Checks a split of a case's cost: each share a whole, positive number of fen, each party once
 * and from the case's supply chain, and the shares adding up to what the customer was paid.
 */
export function checkSplit(shares: readonly PartyShare[], paidFen: number, c: LiabilityCase): SplitCheck {
  if (paidFen <= 0) return { ok: false, error: "not_paid" };
  const chain = chainParties(c);
  const errors: string[] = [];
  const seen = new Set<string>();
  if (shares.length === 0) errors.push("name at least one party");
  shares.forEach((s, i) => {
    const key = keyOf(s.partyType, s.partyId);
    if (!Number.isSafeInteger(s.amountFen) || s.amountFen < 1) errors.push(`parties/${i}: amountFen must be a whole number of fen, at least 1`);
    if (seen.has(key)) errors.push(`parties/${i}: ${s.partyType} ${s.partyId} is named twice`);
    seen.add(key);
    if (!chain.has(key)) errors.push(`parties/${i}: ${s.partyType} ${s.partyId} is not in the supply chain of case ${c.caseId}`);
    if (s.reason.trim() === "") errors.push(`parties/${i}: say why`);
  });
  const total = sumFen(shares);
  if (errors.length === 0 && total !== paidFen) errors.push(`the parties' amounts add up to ${total} fen; the customer was paid ${paidFen} fen`);
  return errors.length ? { ok: false, error: "invalid", errors } : { ok: true };
}

/** Whether two splits charge the same parties the same amounts for the same reasons. */
export function sameSplit(a: readonly PartyShare[], b: readonly PartyShare[]): boolean {
  const canon = (s: readonly PartyShare[]) => JSON.stringify(s.map((p) => [p.partyType, p.partyId, p.amountFen, p.reason.trim()]).sort());
  return canon(a) === canon(b);
}

/**
 * Who bears a problem by default: the goods' quality is the supplier's, what leaves the warehouse
 * wrong or short is the warehouse's (so is expired stock: rotating it is the warehouse's job),
 * what breaks or arrives late on the road is the delivery route's, and a change of mind is the
 * platform's own cost (the law's 7-day return, not anyone's fault).
 */
export const DEFAULT_LIABLE: Record<ProblemType, { partyType: PartyType; why: string }> = {
  spoiled: { partyType: "supplier", why: "spoiled goods are the supplier's quality" },
  short_weight: { partyType: "supplier", why: "short weight is the supplier's packing" },
  foreign_object: { partyType: "supplier", why: "a foreign object is the supplier's quality" },
  poor_quality: { partyType: "supplier", why: "poor quality is the supplier's" },
  expired: { partyType: "warehouse", why: "expired stock left the warehouse" },
  missing_items: { partyType: "warehouse", why: "missing items were not packed at the warehouse" },
  wrong_item: { partyType: "warehouse", why: "the wrong item was picked at the warehouse" },
  damaged: { partyType: "delivery", why: "goods damaged in delivery" },
  late_delivery: { partyType: "delivery", why: "the delivery was late" },
  not_delivered: { partyType: "delivery", why: "the goods were not delivered" },
  changed_mind: { partyType: "platform", why: "a change of mind is the platform's cost" },
};

/**
 * The default split of what the customer was paid: each line's share (by what was claimed on it)
 * goes to the party the problem type names for that line, or to the platform when the line does
 * not name one. Shares are split with cumulative rounding, so they add up to the fen.
 */
export function suggestLiability(c: LiabilityCase, paidFen: number): PartyShare[] {
  const rules: Readonly<Record<string, { partyType: PartyType; why: string } | undefined>> = DEFAULT_LIABLE;
  const rule = rules[c.problemType] ?? { partyType: "platform" as const, why: "no default rule for this problem" };
  const weights = new Map<string, { partyType: PartyType; partyId: string; weight: number; reason: string }>();
  for (const item of c.items) {
    const id = partyIdFor(rule.partyType, item, c.leaderId);
    const [partyType, partyId, reason] = id ? [rule.partyType, id, rule.why] : (["platform", PLATFORM_PARTY_ID, `${rule.why}, but the line names no ${rule.partyType}`] as const);
    const key = keyOf(partyType, partyId);
    const w = weights.get(key) ?? { partyType, partyId, weight: 0, reason: `default for ${c.problemType}: ${reason}` };
    w.weight += item.amountFen;
    weights.set(key, w);
  }
  if (weights.size === 0) weights.set(keyOf("platform", PLATFORM_PARTY_ID), { partyType: "platform", partyId: PLATFORM_PARTY_ID, weight: 1, reason: `default for ${c.problemType}: the case has no lines` });
  const parties = [...weights.values()];
  const amounts = splitByWeight(paidFen, parties.map((p) => p.weight));
  const shares = parties.map((p, i) => ({ partyType: p.partyType, partyId: p.partyId, amountFen: amounts[i]!, reason: p.reason }));
  // a share rounded down to nothing is no charge; before payment every share is nothing, and shows who
  return paidFen > 0 ? shares.filter((s) => s.amountFen > 0) : shares;
}

function partyIdFor(partyType: PartyType, item: SupplyLine, leaderId: string | null): string | null {
  switch (partyType) {
    case "supplier":
      return item.supplierId;
    case "warehouse":
      return item.warehouseId;
    case "delivery":
      return item.routeId ?? item.driverId;
    case "leader":
      return leaderId;
    case "platform":
      return PLATFORM_PARTY_ID;
  }
}

/**
 * Splits a whole number of fen in proportion to weights; the parts add up exactly (cumulative
 * flooring). All-zero weights split evenly.
 */
export function splitByWeight(totalFen: number, weights: readonly number[]): number[] {
  const w = weights.every((x) => x <= 0) ? weights.map(() => 1) : weights.map((x) => Math.max(0, x));
  const sum = w.reduce((s, x) => s + x, 0);
  let before = 0;
  let acc = 0;
  return w.map((x) => {
    acc += x;
    const upTo = Math.floor((totalFen * acc) / sum);
    const part = upTo - before;
    before = upTo;
    return part;
  });
}
