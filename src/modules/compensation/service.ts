import { randomBytes } from "node:crypto";
import type { Queryable } from "../../db/database.js";
import type { OutboxRow } from "../../db/outbox.js";
import { customerPaidPosting, grantTerms, sumFen, type GrantKind } from "./model.js";
import { book, grantsOfCustomer, insertGrant, trialBalance as loadTrialBalance } from "./store.js";

/** Who books what the system does by itself, in the ledger's `actor`. */
const SYSTEM = "system:compensation";

/**
 * Grants a case's compensation — a coupon (valid 30 days), a balance credit or points (one per
 * fen) — and books it as paid to the customer, in the caller's transaction. Once per case: a
 * second call grants nothing. Returns the domain events for the caller's outbox.
 */
export async function grantCompensation(tx: Queryable, g: { caseId: string; customerId: string; kind: GrantKind; amountFen: number; now: Date }): Promise<OutboxRow[]> {
  if (g.amountFen <= 0) return [];
  const id = `CG-${g.caseId}`;
  const terms = grantTerms(g.kind, g.amountFen, g.now);
  const grant = await insertGrant(tx, {
    id,
    case_id: g.caseId,
    customer_id: g.customerId,
    kind: g.kind,
    value_fen: g.amountFen,
    coupon_code: g.kind === "coupon" ? newCouponCode() : null,
    expires_at: terms.expiresAt,
    points: terms.points,
    granted_at: g.now,
  });
  if (!grant) return [];
  // 先行赔付: the customer is paid now; whoever is to blame is charged later
  await book(tx, { key: `grant:${id}`, kind: "customer_paid", caseId: g.caseId, at: g.now, actor: SYSTEM, memo: { source: "compensation", grantId: id, kind: g.kind }, entries: customerPaidPosting(g.customerId, g.amountFen) });
  return [
    {
      topic: "compensation.granted",
      aggregate_id: g.caseId,
      payload: { grantId: id, caseId: g.caseId, customerId: g.customerId, kind: g.kind, amountFen: g.amountFen, points: terms.points, expiresAt: terms.expiresAt?.toISOString() ?? null },
    },
  ];
}

/**
 * Books a paid refund as paid to the customer, in the transaction that records the payment.
 * Keyed by the case's refunded total after it, which only grows, so each payment books once.
 */
export async function recordRefundPaid(tx: Queryable, r: { caseId: string; customerId: string; amountFen: number; refundedFen: number; now: Date }): Promise<void> {
  if (r.amountFen <= 0) return;
  await book(tx, { key: `refund:${r.caseId}:${r.refundedFen}`, kind: "customer_paid", caseId: r.caseId, at: r.now, actor: "system:payments", memo: { source: "refund" }, entries: customerPaidPosting(r.customerId, r.amountFen) });
}

/** AX + 12 characters without look-alikes (0/O, 1/I): read out over the phone, not guessable. */
function newCouponCode(): string {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  let code = "AX";
  for (const b of randomBytes(12)) code += alphabet[b % 32];
  return code;
}

/** What a customer holds: coupons (with whether each is still valid), balance credits and points. */
export async function customerCompensation(db: Queryable, customerId: string, now: Date) {
  const grants = await grantsOfCustomer(db, customerId);
  const of = (kind: GrantKind) => grants.filter((g) => g.kind === kind);
  return {
    coupons: of("coupon").map((g) => ({
      code: g.coupon_code ?? "",
      valueFen: g.value_fen,
      caseId: g.case_id,
      grantedAt: g.granted_at.toISOString(),
      expiresAt: g.expires_at?.toISOString() ?? "",
      valid: g.expires_at !== null && g.expires_at > now,
    })),
    balanceFen: sumFen(of("balance").map((g) => ({ amountFen: g.value_fen }))),
    points: of("points").reduce((s, g) => s + (g.points ?? 0), 0),
    grants: grants.map((g) => ({ id: g.id, caseId: g.case_id, kind: g.kind, valueFen: g.value_fen, grantedAt: g.granted_at.toISOString() })),
  };
}

/** The trial balance: every account's sum; all of them together sum to zero. */
export async function trialBalance(db: Queryable) {
  const tb = await loadTrialBalance(db);
  return { accounts: tb.accounts, totalFen: sumFen(tb.accounts.map((a) => ({ amountFen: a.balanceFen }))), postings: tb.postings, unbalancedPostings: tb.unbalanced };
}
