import { fen, type Fen } from "../../shared/money.js";

/** An order line as far as claiming goes: what was bought and paid, what is already claimed. */
export interface ClaimableLine {
  id: string;
  quantity: number;
  paidFen: number;
  claimedQuantity: number;
  claimedFen: number;
}

export type ClaimPricing =
  | { ok: true; lines: { id: string; quantity: number; amountFen: Fen }[]; totalFen: Fen }
  | { ok: false; error: "quantity_exceeded"; lines: { id: string; requested: number; claimable: number }[] }
  | { ok: false; error: "unknown_line"; ids: string[] };

/** Units of a line still open to a claim. */
export const claimableQuantity = (line: ClaimableLine) => line.quantity - line.claimedQuantity;

/**
 * Prices a claim of `requested` units per line. A claim takes the next units of the line at
 * the line's cumulative share, and the claim that takes the last unit takes exactly what is
 * left, so the claims on a line never add up to more (or less) than was paid for it.
 */
export function priceClaim(lines: ClaimableLine[], requested: { id: string; quantity: number }[]): ClaimPricing {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unknown = requested.filter((r) => !byId.has(r.id)).map((r) => r.id);
  if (unknown.length) return { ok: false, error: "unknown_line", ids: unknown };
  const over = requested
    .map((r) => ({ id: r.id, requested: r.quantity, claimable: claimableQuantity(byId.get(r.id)!) }))
    .filter((r) => r.requested > r.claimable);
  if (over.length) return { ok: false, error: "quantity_exceeded", lines: over };
  const priced = requested.map((r) => {
    const line = byId.get(r.id)!;
    return { id: r.id, quantity: r.quantity, amountFen: unitsAmount(line, r.quantity) };
  });
  return { ok: true, lines: priced, totalFen: fen(priced.reduce((sum, l) => sum + l.amountFen, 0)) };
}

function unitsAmount(line: ClaimableLine, units: number): Fen {
  const after = line.claimedQuantity + units;
  if (after === line.quantity) return fen(line.paidFen - line.claimedFen);
  const cumulative = Math.floor((line.paidFen * after) / line.quantity);
  return fen(Math.max(0, Math.min(cumulative - line.claimedFen, line.paidFen - line.claimedFen)));
}
