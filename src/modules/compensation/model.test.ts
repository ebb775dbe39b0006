import { describe, expect, it } from "vitest";
import {
  PLATFORM_ADVANCE,
  PLATFORM_RECOVERED,
  chargeBackPosting,
  checkSplit,
  customerPaidPosting,
  grantKindOf,
  grantTerms,
  isBalanced,
  partyOfAccount,
  reversalPosting,
  settlementPosting,
  splitByWeight,
  suggestLiability,
  sumFen,
  type Entry,
  type LiabilityCase,
  type PartyShare,
  type SupplyLine,
} from "./model.js";

const line = (over: Partial<SupplyLine> = {}): SupplyLine => ({
  orderItemId: "O1#1", sku: "STRW-500", batchId: "B1", supplierId: "SUP-01", warehouseId: "WH-01", routeId: "RT-03", driverId: "DRV-07", amountFen: 2990, ...over,
});
const kase = (problemType: string, items: SupplyLine[] = [line()], leaderId: string | null = "LD-001"): LiabilityCase => ({ caseId: "AS1", orderId: "O1", customerId: "C1", problemType, leaderId, items });
const share = (partyType: PartyShare["partyType"], partyId: string, amountFen: number, reason = "why"): PartyShare => ({ partyType, partyId, amountFen, reason });

describe("postings", () => {
  const table: { name: string; entries: () => Entry[] }[] = [
    { name: "a refund paid to the customer", entries: () => customerPaidPosting("C1", 2990) },
    { name: "a coupon granted", entries: () => customerPaidPosting("C1", 1) },
    { name: "a charge-back to one party", entries: () => chargeBackPosting([share("supplier", "SUP-01", 2990)]) },
    { name: "a charge-back split three ways", entries: () => chargeBackPosting([share("supplier", "SUP-01", 1000), share("delivery", "RT-03", 990), share("platform", "platform", 1000)]) },
    { name: "the reversal of a split", entries: () => reversalPosting(chargeBackPosting([share("supplier", "SUP-01", 7), share("warehouse", "WH-01", 5)])) },
    { name: "a settlement", entries: () => settlementPosting("supplier", "SUP-01", 2990) },
  ];
  it.each(table)("$name balances to zero", ({ entries }) => {
    const e = entries();
    expect(sumFen(e)).toBe(0);
    expect(isBalanced(e)).toBe(true);
  });

  it("pays the customer out of the platform's advance", () => {
    expect(customerPaidPosting("C1", 500)).toEqual([{ account: PLATFORM_ADVANCE, amountFen: 500 }, { account: "customer:C1", amountFen: -500 }]);
  });

  it("moves the advance onto the parties' receivables, and a settlement off them", () => {
    expect(chargeBackPosting([share("supplier", "SUP-01", 300), share("leader", "LD-001", 200)])).toEqual([
      { account: "party:supplier:SUP-01", amountFen: 300 },
      { account: "party:leader:LD-001", amountFen: 200 },
      { account: PLATFORM_ADVANCE, amountFen: -500 },
    ]);
    expect(settlementPosting("leader", "LD-001", 200)).toEqual([{ account: PLATFORM_RECOVERED, amountFen: 200 }, { account: "party:leader:LD-001", amountFen: -200 }]);
  });

  it.each([
    { name: "nothing paid", build: () => customerPaidPosting("C1", 0) },
    { name: "a fraction of a fen", build: () => customerPaidPosting("C1", 1.5) },
    { name: "a charge-back to nobody", build: () => chargeBackPosting([]) },
    { name: "a zero share", build: () => chargeBackPosting([share("supplier", "SUP-01", 0)]) },
  ])("refuses to build a posting of $name", ({ build }) => {
    expect(build).toThrow(/unbalanced posting/);
  });

  it("leaves the advance at zero and the books balanced after pay, charge, reassign, split and settle", () => {
    const postings = [
      customerPaidPosting("C1", 2990),
      customerPaidPosting("C2", 500),
      chargeBackPosting([share("supplier", "SUP-01", 2990)]),
      reversalPosting(chargeBackPosting([share("supplier", "SUP-01", 2990)])),
      chargeBackPosting([share("supplier", "SUP-01", 1990), share("delivery", "RT-03", 1000)]),
      chargeBackPosting([share("platform", "platform", 500)]),
      settlementPosting("supplier", "SUP-01", 1990),
    ];
    const balances = new Map<string, number>();
    for (const e of postings.flat()) balances.set(e.account, (balances.get(e.account) ?? 0) + e.amountFen);
    expect(postings.every(isBalanced)).toBe(true);
    expect(sumFen([...balances.values()].map((amountFen) => ({ amountFen })))).toBe(0);
    expect(Object.fromEntries(balances)).toEqual({
      [PLATFORM_ADVANCE]: 0,
      "customer:C1": -2990,
      "customer:C2": -500,
      "party:supplier:SUP-01": 0,
      "party:delivery:RT-03": 1000,
      "party:platform:platform": 500,
      [PLATFORM_RECOVERED]: 1990,
    });
  });

  it("balances every split of any amount (1000 seeded splits)", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 1000; n++) {
      const paid = 1 + (next() % 100_000);
      const weights = Array.from({ length: 1 + (next() % 5) }, () => next() % 1000);
      const parts = splitByWeight(paid, weights).filter((p) => p > 0);
      const charge = chargeBackPosting(parts.map((p, i) => share("supplier", `S${i}`, p)));
      expect(isBalanced(charge) && isBalanced(reversalPosting(charge))).toBe(true);
      expect(sumFen(parts.map((amountFen) => ({ amountFen })))).toBe(paid);
    }
  });

  it("reads the party of a party account and nothing else", () => {
    expect(partyOfAccount("party:delivery:RT-03")).toEqual({ partyType: "delivery", partyId: "RT-03" });
    expect(partyOfAccount("party:supplier:A:B")).toEqual({ partyType: "supplier", partyId: "A:B" });
    expect(partyOfAccount("party:courier:X")).toBeNull();
    expect(partyOfAccount("customer:C1")).toBeNull();
  });
});

describe("grants", () => {
  const now = new Date("2026-11-20T04:00:00.000Z");
  it.each([
    { kind: "coupon" as const, then: { points: null, expiresAt: new Date("2026-12-20T04:00:00.000Z") } },
    { kind: "balance" as const, then: { points: null, expiresAt: null } },
    { kind: "points" as const, then: { points: 1500, expiresAt: null } },
  ])("a $kind worth 1500 fen gives $then", ({ kind, then }) => {
    expect(grantTerms(kind, 1500, now)).toEqual(then);
  });
  it("defaults a case without a kind to a coupon and refuses an unknown kind", () => {
    expect(grantKindOf(null)).toBe("coupon");
    expect(grantKindOf("points")).toBe("points");
    expect(() => grantKindOf("cash")).toThrow();
  });
});

describe("the default liability", () => {
  it.each([
    { problemType: "spoiled", party: ["supplier", "SUP-01"] },
    { problemType: "short_weight", party: ["supplier", "SUP-01"] },
    { problemType: "foreign_object", party: ["supplier", "SUP-01"] },
    { problemType: "poor_quality", party: ["supplier", "SUP-01"] },
    { problemType: "damaged", party: ["delivery", "RT-03"] },
    { problemType: "missing_items", party: ["warehouse", "WH-01"] },
    { problemType: "wrong_item", party: ["warehouse", "WH-01"] },
    { problemType: "expired", party: ["warehouse", "WH-01"] },
    { problemType: "late_delivery", party: ["delivery", "RT-03"] },
    { problemType: "not_delivered", party: ["delivery", "RT-03"] },
    { problemType: "changed_mind", party: ["platform", "platform"] },
    { problemType: "something_new", party: ["platform", "platform"] },
  ])("puts $problemType on $party", ({ problemType, party }) => {
    const suggested = suggestLiability(kase(problemType), 2990);
    expect(suggested.map((s) => [s.partyType, s.partyId, s.amountFen])).toEqual([[...party, 2990]]);
    expect(suggested[0]!.reason).toContain(problemType);
  });

  it("splits between the suppliers of the lines by what was claimed on each, to the fen", () => {
    const c = kase("spoiled", [line({ supplierId: "SUP-01", amountFen: 2000 }), line({ orderItemId: "O1#2", supplierId: "SUP-02", amountFen: 1000 })]);
    expect(suggestLiability(c, 1001).map((s) => [s.partyId, s.amountFen])).toEqual([["SUP-01", 667], ["SUP-02", 334]]);
  });

  it("falls back to the platform for a line that names no route, a driver when it names no route", () => {
    expect(suggestLiability(kase("damaged", [line({ routeId: null, driverId: null })]), 100)).toMatchObject([{ partyType: "platform", partyId: "platform", amountFen: 100 }]);
    expect(suggestLiability(kase("damaged", [line({ routeId: null })]), 100)).toMatchObject([{ partyType: "delivery", partyId: "DRV-07" }]);
  });

  it("names the party before the customer is paid, with nothing to charge yet", () => {
    expect(suggestLiability(kase("spoiled"), 0)).toMatchObject([{ partyType: "supplier", amountFen: 0 }]);
  });
});

describe("checking a split", () => {
  const c = kase("spoiled");
  it.each([
    { name: "one party for all", shares: [share("supplier", "SUP-01", 2990)], ok: true },
    { name: "a split over the chain", shares: [share("supplier", "SUP-01", 1990), share("delivery", "DRV-07", 500), share("leader", "LD-001", 300), share("platform", "platform", 200)], ok: true },
    { name: "amounts short of what was paid", shares: [share("supplier", "SUP-01", 2000)], error: /add up to 2000 fen; the customer was paid 2990/ },
    { name: "a negative amount", shares: [share("supplier", "SUP-01", 3000), share("warehouse", "WH-01", -10)], error: /at least 1/ },
    { name: "a zero amount", shares: [share("supplier", "SUP-01", 2990), share("warehouse", "WH-01", 0)], error: /at least 1/ },
    { name: "a party outside the chain", shares: [share("supplier", "SUP-99", 2990)], error: /not in the supply chain/ },
    { name: "a party named twice", shares: [share("supplier", "SUP-01", 1000), share("supplier", "SUP-01", 1990)], error: /named twice/ },
    { name: "nobody", shares: [], error: /at least one party/ },
    { name: "no reason", shares: [share("supplier", "SUP-01", 2990, "  ")], error: /say why/ },
  ])("$name", ({ shares, ok, error }) => {
    const result = checkSplit(shares, 2990, c);
    if (ok) expect(result).toEqual({ ok: true });
    else expect(result.ok === false && result.error === "invalid" && result.errors.join("; ")).toMatch(error!);
  });

  it("refuses any split before the customer is paid", () => {
    expect(checkSplit([share("supplier", "SUP-01", 1)], 0, c)).toEqual({ ok: false, error: "not_paid" });
  });
});

describe("splitByWeight", () => {
  it.each([
    { total: 100, weights: [1, 1, 1], then: [33, 33, 34] },
    { total: 0, weights: [5, 5], then: [0, 0] },
    { total: 10, weights: [0, 0], then: [5, 5] },
    { total: 7, weights: [3, 0, 4], then: [3, 0, 4] },
  ])("splits $total by $weights", ({ total, weights, then }) => {
    expect(splitByWeight(total, weights)).toEqual(then);
  });
});
