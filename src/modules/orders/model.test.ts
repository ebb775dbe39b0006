import { describe, expect, it } from "vitest";
import { makeOrder } from "../../../test/factories.js";
import { checkOrder, claimConflicts } from "./model.js";

describe("a new version of a claimed order", () => {
  const order = makeOrder({ id: "O-1" });
  const linePaid = (o: typeof order) => (checkOrder(o) as { ok: true; totals: { linePaid: number[] } }).totals.linePaid;

  it("may keep or raise what was claimed", () => {
    expect(claimConflicts(order, linePaid(order), [{ id: "O-1#1", claimedQuantity: 2, claimedFen: 5980 }])).toEqual([]);
  });

  it("may not give a claimed line fewer units or less money than claimed", () => {
    const shrunk = makeOrder({ id: "O-1", items: [{ quantity: 1, unitPriceFen: 2990 }, {}] });
    expect(claimConflicts(shrunk, linePaid(shrunk), [{ id: "O-1#1", claimedQuantity: 2, claimedFen: 5980 }])).toEqual(["line 1: 2 unit(s) / 5980 fen already claimed"]);
  });

  it("may not drop a claimed line", () => {
    const shorter = makeOrder({ id: "O-1", items: [{}] });
    expect(claimConflicts(shorter, linePaid(shorter), [{ id: "O-1#2", claimedQuantity: 1, claimedFen: 1990 }])).toEqual(["O-1#2: claimed line cannot be removed"]);
  });
});
