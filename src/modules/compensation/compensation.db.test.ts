import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { grantCompensation } from "./index.js";

let t: TestApp;
const CUSTOMER = "C-7001";
let customer: string;
let agent: string;
let finance: string;
let ops: string;
beforeAll(async () => {
  t = await startTestApp();
  customer = await t.tokenFor(CUSTOMER);
  agent = (await t.staff("agent")).token;
  finance = (await t.staff("finance")).token;
  ops = (await t.staff("ops_admin")).token;
});
afterAll(async () => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const call = (method: "GET" | "POST", url: string, token: string, payload?: object) => t.server.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
let n = 0;

/** An order whose second line (tissues) comes from `supplierId`; the first is SUP-01's strawberries. */
async function order(supplierId = "SUP-01") {
  const base = makeOrder({ customerId: CUSTOMER });
  const o = { ...base, items: base.items.map((i) => (i.lineNo === 2 ? { ...i, supply: { ...i.supply, supplier: { id: supplierId, name: supplierId } } } : i)) };
  expect((await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: o })).statusCode).toBeLessThan(300);
  return o;
}

/** A damaged-goods claim without photos: policy sends it to review, where a person decides. */
async function claimToReview(orderId: string, lineNo = 2) {
  const res = await t.server.inject({
    method: "POST", url: "/api/v1/cases", headers: { ...bearer(customer), "idempotency-key": `comp-${n++}-${Date.now()}` },
    payload: { orderId, items: [{ lineNo, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only" },
  });
  const c = json(res);
  expect(c.state).toBe("in_review");
  return c.id as string;
}
const approve = (caseId: string, body: object) => call("POST", `/cases/${caseId}/actions`, agent, { action: "approve", ...body });
const assign = (caseId: string, parties: object[], token = finance) => call("POST", `/cases/${caseId}/liability`, token, { parties });

async function ledgerTotals() {
  const db = t.database.db;
  const all = await db.selectFrom("ledger_entries").select(sql<number>`coalesce(sum(amount_fen), 0)`.as("sum")).executeTakeFirstOrThrow();
  const unbalanced = await db.selectFrom("ledger_entries").select("posting_id").groupBy("posting_id").having(sql<number>`sum(amount_fen)`, "<>", 0).execute();
  const postings = await db.selectFrom("ledger_postings").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return { sum: Number(all.sum), unbalanced: unbalanced.length, postings: Number(postings.n) };
}
const writes = async () => {
  const db = t.database.db;
  const [a, p] = await Promise.all([
    db.selectFrom("liability_assignments").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("ledger_postings").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { assignments: Number(a.n), postings: Number(p.n) };
};

describe("advance compensation (先行赔付)", () => {
  let refundCase: string;
  let couponCase: string;

  it("grants a coupon, a balance credit and points, and the customer sees them", async () => {
    t.clock.set("2026-11-20T06:00:00.000Z");
    const o = await order();
    couponCase = await claimToReview(o.id);
    const granted = json(await approve(couponCase, { resolution: "compensation", compensationKind: "coupon", amountFen: 500 }));
    expect(granted).toMatchObject({ state: "compensated", compensationKind: "coupon" });
    const balanceCase = await claimToReview((await order()).id);
    expect(json(await approve(balanceCase, { resolution: "compensation", compensationKind: "balance", amountFen: 300 })).state).toBe("compensated");
    const pointsCase = await claimToReview((await order()).id);
    expect(json(await approve(pointsCase, { resolution: "compensation", compensationKind: "points", amountFen: 200 })).state).toBe("compensated");

    const mine = json(await call("GET", "/customers/me/compensation", customer));
    expect(mine.coupons).toEqual([{ code: expect.stringMatching(/^AX[2-9A-Z]{12}$/), valueFen: 500, caseId: couponCase, grantedAt: "2026-11-20T06:00:00.000Z", expiresAt: "2026-12-20T06:00:00.000Z", valid: true }]);
    expect(mine).toMatchObject({ balanceFen: 300, points: 200 });
    const event = await t.database.db.selectFrom("outbox").select("payload").where("topic", "=", "compensation.granted").where("aggregate_id", "=", couponCase).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ grantId: `CG-${couponCase}`, kind: "coupon", amountFen: 500 });
  });

  it("grants the compensation policy decides at filing in the filing's transaction (a late delivery)", async () => {
    const late = makeOrder({ customerId: CUSTOMER, deliveredAt: "2026-11-20T04:00:00.000Z" });
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: late });
    const res = await t.server.inject({
      method: "POST", url: "/api/v1/cases", headers: { ...bearer(customer), "idempotency-key": `comp-late-${Date.now()}` },
      payload: { orderId: late.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "late_delivery", wantedResolution: "compensation" },
    });
    const c = json(res);
    expect(c).toMatchObject({ state: "compensated", compensationKind: "coupon" });
    const grant = await t.database.db.selectFrom("compensation_grants").selectAll().where("case_id", "=", c.id).executeTakeFirstOrThrow();
    expect(grant).toMatchObject({ kind: "coupon", value_fen: c.approvedFen, customer_id: CUSTOMER });
    const paid = await t.database.db.selectFrom("ledger_postings").select("kind").where("case_id", "=", c.id).execute();
    expect(paid).toEqual([{ kind: "customer_paid" }]);
  });

  it("grants once however often the grant is asked for", async () => {
    const before = await writes();
    const again = await t.database.db.transaction().execute((tx) => grantCompensation(tx, { caseId: couponCase, customerId: CUSTOMER, kind: "coupon", amountFen: 500, now: t.clock() }));
    expect(again).toEqual([]);
    expect(await writes()).toEqual(before);
    const grants = await t.database.db.selectFrom("compensation_grants").select("id").where("case_id", "=", couponCase).execute();
    expect(grants).toHaveLength(1);
  });

  it("pays the customer before anyone is blamed: a case not yet paid cannot be charged back", async () => {
    const o = await order();
    refundCase = await claimToReview(o.id);
    const approved = json(await approve(refundCase, { amountFen: 1000 }));
    expect(approved.state).toBe("refunding");
    const early = await assign(refundCase, [{ party: "delivery", partyId: "RT-03", amountFen: 1000, reason: "crushed in the van" }]);
    expect(early.statusCode).toBe(409);
    expect(json(early).type).toMatch(/not-paid-yet$/);
    await t.payRefunds();
    const liability = json(await call("GET", `/cases/${refundCase}/liability`, agent));
    expect(liability).toMatchObject({ paidFen: 1000, assignedFen: 0, current: null, history: [] });
    // damaged goods: the delivery route bears it by default
    expect(liability.suggested).toEqual([{ party: "delivery", partyId: "RT-03", amountFen: 1000, reason: expect.stringContaining("damaged") }]);
  });

  it("assigns, reassigns and splits a liability, reversing each replaced charge-back", async () => {
    t.clock.set("2026-11-20T07:00:00.000Z"); // staff sessions last 12 hours: the story fits in one day
    const first = await assign(refundCase, [{ party: "supplier", partyId: "SUP-01", amountFen: 1000, reason: "packaging too thin" }]);
    expect(first.statusCode).toBe(200);
    expect(json(first).current).toMatchObject({ version: 1, paidFen: 1000, parties: [{ party: "supplier", partyId: "SUP-01", amountFen: 1000, skus: ["TISSUE-10"], batchIds: ["B20261119-STRW-01"] }] });
    t.clock.advance(60_000);
    expect(json(await assign(refundCase, [{ party: "delivery", partyId: "RT-03", amountFen: 1000, reason: "crushed in the van" }])).current.version).toBe(2);
    t.clock.advance(60_000);
    const split = json(await assign(refundCase, [{ party: "supplier", partyId: "SUP-01", amountFen: 600, reason: "packaging too thin" }, { party: "delivery", partyId: "RT-03", amountFen: 400, reason: "stacked under crates" }], agent));
    expect(split).toMatchObject({ assignedFen: 1000, current: { version: 3 } });
    expect(split.history.map((h: { version: number }) => h.version)).toEqual([1, 2, 3]);
    // the same split again is no new version
    const same = json(await assign(refundCase, [{ party: "delivery", partyId: "RT-03", amountFen: 400, reason: "stacked under crates" }, { party: "supplier", partyId: "SUP-01", amountFen: 600, reason: "packaging too thin" }]));
    expect(same.history).toHaveLength(3);
    const kinds = await t.database.db.selectFrom("ledger_postings").select(["kind", "reverses"]).where("case_id", "=", refundCase).orderBy("id").execute();
    expect(kinds.map((k) => k.kind)).toEqual(["customer_paid", "charge_back", "charge_back_reversal", "charge_back", "charge_back_reversal", "charge_back"]);
    expect(json(await assign(couponCase, [{ party: "platform", partyId: "platform", amountFen: 500, reason: "goodwill" }])).current.version).toBe(1);
  });

  it.each([
    { name: "amounts that do not add up", parties: [{ party: "supplier", partyId: "SUP-01", amountFen: 900, reason: "r" }] },
    { name: "an unknown party", parties: [{ party: "supplier", partyId: "SUP-99", amountFen: 1000, reason: "r" }] },
    { name: "a negative amount", parties: [{ party: "supplier", partyId: "SUP-01", amountFen: 1100, reason: "r" }, { party: "platform", partyId: "platform", amountFen: -100, reason: "r" }] },
    { name: "a party named twice", parties: [{ party: "supplier", partyId: "SUP-01", amountFen: 500, reason: "r" }, { party: "supplier", partyId: "SUP-01", amountFen: 500, reason: "r" }] },
  ])("refuses $name with a 422 problem and writes nothing", async ({ parties }) => {
    const before = await writes();
    const res = await assign(refundCase, parties);
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(json(res).type).toMatch(/validation$/);
    expect(await writes()).toEqual(before);
  });

  it("keeps liability to the back office: the warehouse may not assign it, an unknown case is 404", async () => {
    const warehouse = (await t.staff("warehouse", { warehouseId: "WH-01" })).token;
    expect((await assign(refundCase, [{ party: "warehouse", partyId: "WH-01", amountFen: 1000, reason: "r" }], warehouse)).statusCode).toBe(403);
    expect((await call("GET", "/cases/AS-NONE/liability", agent)).statusCode).toBe(404);
  });

  it("adds each party's charge-backs up on its statement, and settles it once per reference", async () => {
    t.clock.set("2026-11-20T09:00:00.000Z");
    const all = json(await call("GET", "/liability/statements", finance));
    const byParty = Object.fromEntries(all.statements.map((s: { partyType: string; partyId: string }) => [`${s.partyType}:${s.partyId}`, s]));
    expect(Object.keys(byParty).sort()).toEqual(["delivery:RT-03", "platform:platform", "supplier:SUP-01"]);
    for (const s of all.statements) expect(s.chargedFen).toBe(s.lines.reduce((sum: number, l: { amountFen: number }) => sum + l.amountFen, 0));
    expect(byParty["supplier:SUP-01"]).toMatchObject({ chargedFen: 600, settledFen: 0, balanceFen: 600 });
    expect(byParty["supplier:SUP-01"].lines.map((l: { amountFen: number; kind: string }) => [l.kind, l.amountFen])).toEqual([["charge_back", 1000], ["reversal", -1000], ["charge_back", 600]]);
    expect(byParty["supplier:SUP-01"].lines[2]).toMatchObject({ caseId: refundCase, skus: ["TISSUE-10"], reason: "packaging too thin" });
    expect(byParty["delivery:RT-03"]).toMatchObject({ chargedFen: 400, balanceFen: 400 });
    expect(byParty["platform:platform"]).toMatchObject({ chargedFen: 500, balanceFen: 500 });

    const settlement = { partyType: "supplier", partyId: "SUP-01", upTo: "2026-11-20T08:00:00.000Z", reference: "BANK-2026-11-001" };
    const paid = await call("POST", "/liability/statements/settle", finance, settlement);
    expect(paid.statusCode).toBe(201);
    expect(json(paid)).toMatchObject({ amountFen: 600 });
    const replay = await call("POST", "/liability/statements/settle", finance, settlement);
    expect(replay.statusCode).toBe(200);
    expect(json(replay)).toMatchObject({ amountFen: 600 });
    expect((await call("POST", "/liability/statements/settle", finance, { ...settlement, partyType: "delivery", partyId: "RT-03" })).statusCode).toBe(409);
    const nothing = await call("POST", "/liability/statements/settle", finance, { ...settlement, reference: "BANK-2026-11-002" });
    expect(json(nothing).type).toMatch(/nothing-to-settle$/);
    expect((await call("POST", "/liability/statements/settle", ops, settlement)).statusCode).toBe(403);

    const after = json(await call("GET", "/liability/statements?partyType=supplier&partyId=SUP-01", ops));
    expect(after.statements).toMatchObject([{ partyId: "SUP-01", chargedFen: 600, settledFen: 600, balanceFen: 0 }]);
    const period = json(await call("GET", "/liability/statements?partyType=supplier&from=2026-11-20T07:01:00.000Z&to=2026-11-20T08:00:00.000Z", finance));
    expect(period.statements[0].lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([-1000, 600]);
  });

  it("shows a supplier's quality staff their own supplier's statement and no one else's", async () => {
    const sup1 = (await t.staff("supplier_quality", { supplierId: "SUP-01" })).token;
    const own = json(await call("GET", "/liability/statements", sup1));
    expect(own.statements.map((s: { partyType: string; partyId: string }) => `${s.partyType}:${s.partyId}`)).toEqual(["supplier:SUP-01"]);
    expect((await call("GET", "/liability/statements?partyType=supplier&partyId=SUP-02", sup1)).statusCode).toBe(404);
    expect((await call("GET", "/liability/statements?partyType=delivery", sup1)).statusCode).toBe(404);
    await order("SUP-02"); // SUP-02 exists, with nothing charged to it
    const sup2 = (await t.staff("supplier_quality", { supplierId: "SUP-02" })).token;
    expect(json(await call("GET", "/liability/statements", sup2)).statements).toEqual([]);
  });

  it("balances the books: every posting and the whole ledger sum to zero, and the customer was paid first", async () => {
    const totals = await ledgerTotals();
    expect(totals).toMatchObject({ sum: 0, unbalanced: 0 });
    const tb = json(await call("GET", "/ledger/balance", finance));
    expect(tb).toMatchObject({ totalFen: 0, unbalancedPostings: 0, postings: totals.postings });
    const balance = Object.fromEntries(tb.accounts.map((a: { account: string; balanceFen: number }) => [a.account, a.balanceFen]));
    expect(balance).toMatchObject({
      [`customer:${CUSTOMER}`]: -(500 + 300 + 200 + 500 + 1000),
      "platform:advance": 300 + 200 + 500, // the balance, points and late-delivery grants nobody has been charged for yet
      "party:supplier:SUP-01": 0,
      "party:delivery:RT-03": 400,
      "party:platform:platform": 500,
      "platform:recovered": 600,
    });
    const statements = json(await call("GET", "/liability/statements", finance)).statements;
    const owed = statements.reduce((s: number, x: { balanceFen: number }) => s + x.balanceFen, 0);
    expect(owed).toBe(Object.entries(balance).filter(([a]) => a.startsWith("party:")).reduce((s, [, v]) => s + Number(v), 0));
    // 先行赔付: for every case charged back, the customer's payment was booked first
    const order = await t.database.db
      .selectFrom("ledger_postings")
      .select(["case_id", sql<number>`min(id) filter (where kind = 'customer_paid')`.as("paid"), sql<number>`min(id) filter (where kind = 'charge_back')`.as("charged")])
      .where("case_id", "in", [refundCase, couponCase])
      .groupBy("case_id")
      .execute();
    expect(order).toHaveLength(2);
    for (const o of order) expect(Number(o.paid)).toBeLessThan(Number(o.charged));
  });

  it("refuses an unbalanced posting at commit, whatever the code above it does", async () => {
    const attempt = t.database.db.transaction().execute(async (tx) => {
      const p = await tx.insertInto("ledger_postings").values({ key: "test:unbalanced", kind: "settlement", case_id: null, assignment_id: null, reverses: null, at: t.clock(), actor: "test", memo: "{}" }).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("ledger_entries").values({ posting_id: p.id, account: "platform:advance", amount_fen: 1 }).execute();
    });
    await expect(attempt).rejects.toThrow(/does not balance/);
    expect(await t.database.db.selectFrom("ledger_postings").select("id").where("key", "=", "test:unbalanced").executeTakeFirst()).toBeUndefined();
  });
});
