import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { DEFAULT_POLICY } from "../policy/index.js";

/*
 * 团长 approval limits, under a policy that sets them low: 10 元 per case, 25 元 per China day.
 * The clock starts at 12:00 China time on 2026-11-20.
 */
let t: TestApp;
let leader: { id: string; token: string };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let n = 0;

beforeAll(async () => {
  t = await startTestApp();
  const document = { ...DEFAULT_POLICY, version: 2, leaderLimits: { perCaseFen: 1_000, perDayFen: 2_500 } };
  const published = await t.server.inject({ method: "POST", url: "/api/v1/policy/versions", headers: { "x-api-key": t.apiKey }, payload: { document, note: "low leader limits" } });
  expect(published.statusCode).toBe(201);
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: makeOrder() });
  leader = await t.staff("leader", { leaderId: "LD-001" });
});
afterAll(async () => t.close());

/** A damaged-goods claim without a photo at PP-001: policy sends it to a person. */
async function caseInReview(claimedFen: number, pickupPoint?: object): Promise<string> {
  const customerId = `C-L${n++}`;
  const base = makeOrder({ customerId, items: [{ sku: "JAM-1", name: "蓝莓果酱", flags: {}, quantity: 1, unitPriceFen: claimedFen }] });
  const order = pickupPoint ? { ...base, pickupPoint } : base;
  expect((await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order })).statusCode).toBeLessThan(300);
  const filed = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { ...bearer(await t.tokenFor(customerId)), "idempotency-key": `limits-${customerId}` },
    payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", answers: { foundWhen: "after_opening", packagingDamaged: true } },
  });
  expect(json(filed)).toMatchObject({ state: "in_review", claimedFen });
  return json(filed).id;
}

/** A fresh session for a member of staff, after the clock moved past the last one's expiry. */
async function signIn(staffId: string): Promise<string> {
  const { login } = await t.database.db.selectFrom("staff").select("login").where("id", "=", staffId).executeTakeFirstOrThrow();
  const answer = await t.server.inject({ method: "POST", url: "/api/v1/auth/login", payload: { login, password: "correct horse battery" } });
  return json(answer).token;
}

const approve = (caseId: string, body: object, token = leader.token) =>
  t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers: bearer(token), payload: { action: "approve", ...body } });

async function approvalsOnTimeline(caseId: string) {
  return t.database.db.selectFrom("case_events").select("actor").where("case_id", "=", caseId).where("type", "=", "approve").execute();
}

describe("leader approval limits", () => {
  it("refuses an approval above the per-case limit and leaves the case untouched, then accepts a partial approval within it", async () => {
    t.clock.set("2026-11-20T04:00:00.000Z");
    const caseId = await caseInReview(1_200);
    const refused = await approve(caseId, {});
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ type: "https://anxin.dev/problems/leader-limit-exceeded", perCaseFen: 1_000, perDayFen: 2_500, remainingTodayFen: 2_500 });
    expect(await approvalsOnTimeline(caseId)).toEqual([]);
    const row = await t.database.db.selectFrom("cases").select(["state", "approved_fen"]).where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: "in_review", approved_fen: 0 });
    expect(await t.database.db.selectFrom("refunds").select("id").where("case_id", "=", caseId).execute()).toEqual([]);

    const partial = await approve(caseId, { amountFen: 800 });
    expect(partial.statusCode).toBe(200);
    expect(json(partial)).toMatchObject({ approvedFen: 800, resolution: "partial_refund", state: "refunding" });
    expect(await approvalsOnTimeline(caseId)).toEqual([{ actor: `staff:${leader.id}` }]);
  });

  it("counts the day's approvals: up to the per-day limit exactly, not one fen more", async () => {
    // 800 approved above; 1000 + 700 fills the 2500 of the day exactly
    const first = await caseInReview(1_000);
    const second = await caseInReview(700);
    const third = await caseInReview(100);
    expect((await approve(first, {})).statusCode).toBe(200);
    expect((await approve(second, {})).statusCode).toBe(200);
    const refused = await approve(third, { amountFen: 1 });
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ type: "https://anxin.dev/problems/leader-limit-exceeded", remainingTodayFen: 0 });

    // still the same China day one millisecond before midnight (16:00 UTC)
    t.clock.set("2026-11-20T15:59:59.999Z");
    leader.token = await signIn(leader.id);
    expect((await approve(third, { amountFen: 1 })).statusCode).toBe(403);
    // a new China day resets the count
    t.clock.set("2026-11-20T16:00:00.000Z");
    const next = await approve(third, {});
    expect(next.statusCode).toBe(200);
    expect(json(next)).toMatchObject({ approvedFen: 100 });
  });

  it("lets two approvals fired at once not both squeeze under the day's limit", async () => {
    t.clock.set("2026-11-22T04:00:00.000Z");
    leader.token = await signIn(leader.id);
    const other = await t.staff("leader", { leaderId: "LD-001" });
    const warmUp = await caseInReview(1_000);
    const half = await caseInReview(500);
    expect((await approve(warmUp, {}, other.token)).statusCode).toBe(200);
    expect((await approve(half, {}, other.token)).statusCode).toBe(200);
    // 1000 left today; each of these fits alone, together they do not
    const a = await caseInReview(1_000);
    const b = await caseInReview(1_000);
    const answers = await Promise.all([approve(a, {}, other.token), approve(b, {}, other.token)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 403]);
    const approved = await t.database.db.selectFrom("cases").select("id").where("id", "in", [a, b]).where("approved_fen", ">", 0).execute();
    expect(approved).toHaveLength(1);
    // the limit is the leader's, not the login's: their first login has nothing left today either
    expect((await approve(await caseInReview(900), {})).statusCode).toBe(403);
  });

  it("keeps a leader to refunds and reships", async () => {
    t.clock.set("2026-11-23T04:00:00.000Z");
    leader.token = await signIn(leader.id);
    const caseId = await caseInReview(500);
    const refused = await approve(caseId, { resolution: "compensation", compensationKind: "coupon" });
    expect(refused.statusCode).toBe(403);
    expect(json(refused).type).toBe("https://anxin.dev/problems/forbidden");
    expect((await approve(caseId, { resolution: "reship" })).statusCode).toBe(200);
  });

  it("answers 404 for a case at another leader's point, and lets an agent approve what a leader may not", async () => {
    const elsewhere = await caseInReview(500, { id: "PP-009", name: "别的自提点", city: "长沙", leader: { id: "LD-009", name: "赵团长", phone: "13700009999" } });
    expect((await approve(elsewhere, {})).statusCode).toBe(404);
    const stranger = await t.staff("leader", { leaderId: "LD-009" });
    const mine = await caseInReview(300);
    expect((await approve(mine, {}, stranger.token)).statusCode).toBe(404);
    const big = await caseInReview(5_000);
    const agent = await t.staff("agent");
    expect((await approve(big, {}, agent.token)).statusCode).toBe(200);
  });
});
