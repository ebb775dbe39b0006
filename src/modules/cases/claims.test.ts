import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceClaim, type ClaimableLine } from "./claims.js";

const line = (quantity: number, paidFen: number): ClaimableLine => ({ id: "L1", quantity, paidFen, claimedQuantity: 0, claimedFen: 0 });

/** Applies a claim to the line, or releases one, as the service does. */
function claim(l: ClaimableLine, units: number): { line: ClaimableLine; amount: number } | null {
  const priced = priceClaim([l], [{ id: l.id, quantity: units }]);
  if (!priced.ok) return null;
  const amount = priced.lines[0]!.amountFen;
  return { line: { ...l, claimedQuantity: l.claimedQuantity + units, claimedFen: l.claimedFen + amount }, amount };
}

describe("pricing a claim", () => {
  it("prices units at their share of what was paid for the line", () => {
    const priced = priceClaim([line(4, 1000)], [{ id: "L1", quantity: 1 }]);
    expect(priced).toMatchObject({ ok: true, totalFen: 250 });
  });

  it("refuses more units than were bought minus those already claimed", () => {
    const l = { ...line(3, 900), claimedQuantity: 2, claimedFen: 600 };
    expect(priceClaim([l], [{ id: "L1", quantity: 2 }])).toEqual({
      ok: false,
      error: "quantity_exceeded",
      lines: [{ id: "L1", requested: 2, claimable: 1 }],
    });
  });

  it("refuses a line that is not on the order", () => {
    expect(priceClaim([line(1, 100)], [{ id: "nope", quantity: 1 }])).toEqual({ ok: false, error: "unknown_line", ids: ["nope"] });
  });

  it("gives the last unit exactly what is left, so 3 units of 10 fen split 3 + 3 + 4", () => {
    let l = line(3, 10);
    const amounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = claim(l, 1)!;
      amounts.push(r.amount);
      l = r.line;
    }
    expect(amounts).toEqual([3, 3, 4]);
  });

  it("never claims more money than was paid, whatever the order of claims and releases", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("claim" as const), units: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant("release" as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 100_000 }), fc.array(op, { maxLength: 40 }), (quantity, paid, ops) => {
        let l = line(quantity, paid);
        const open: { units: number; amount: number }[] = [];
        for (const o of ops) {
          if (o.kind === "claim") {
            const r = claim(l, o.units);
            if (r) {
              open.push({ units: o.units, amount: r.amount });
              l = r.line;
            } else expect(l.claimedQuantity + o.units).toBeGreaterThan(quantity);
          } else if (open.length) {
            const [released] = open.splice(o.index % open.length, 1);
            l = { ...l, claimedQuantity: l.claimedQuantity - released!.units, claimedFen: l.claimedFen - released!.amount };
          }
          expect(l.claimedQuantity).toBeLessThanOrEqual(quantity);
          expect(l.claimedFen).toBeLessThanOrEqual(paid);
          expect(l.claimedFen).toBeGreaterThanOrEqual(0);
          for (const c of open) expect(c.amount).toBeGreaterThanOrEqual(0);
        }
        // claiming everything still open takes exactly the rest of the money
        const rest = quantity - l.claimedQuantity;
        if (rest > 0) expect(l.claimedFen + claim(l, rest)!.amount).toBe(paid);
      }),
      { numRuns: 500 },
    );
  });
});
