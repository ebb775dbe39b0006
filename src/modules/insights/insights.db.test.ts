import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { act, cn, fileClaim } from "../sla/sla.fixtures.js";

/*
 * The dashboard's figures from cases built through the API, with known answers. The range is
 * 2026-11-20..21 (China days); the previous range 11-18..19. Orders from fileClaim are delivered
 * the day before the claim: 2 strawberries (¥29.90 each) and 1 tissues (¥19.90), one batch, one supplier.
 */
let t: TestApp;
let ops: { id: string; token: string };
let agent: { id: string; token: string };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (url: string, token = ops.token) => t.server.inject({ method: "GET", url: `/api/v1${url}`, headers: bearer(token) });

async function rate(caseId: string, score: number, at: string) {
  // the rating endpoint belongs to the feedback module; the figures only read the table
  await sql`insert into case_ratings (case_id, customer_id, score, created_at)
    select id, customer_id, ${score}, ${cn(at).toISOString()}::timestamptz from cases where id = ${caseId}`.execute(t.database.db);
}

beforeAll(async () => {
  t = await startTestApp();

  // previous range: a claim nobody answered; its response clocks breach at 11:00 (agent) and 10:30 (leader)
  await fileClaim(t, "2026-11-18 10:00");
  t.clock.set(cn("2026-11-18 12:00").toISOString());
  expect(await t.fireTimers()).toBeGreaterThan(0);
  // and a no-reason return of fresh strawberries, rejected by policy at once (办法第六条)
  const earlier = await fileClaim(t, "2026-11-19 10:00", { problemType: "changed_mind", wantedResolution: "return_refund", items: [{ lineNo: 1, quantity: 2 }], answers: { sealIntact: true, opened: false } });
  expect(earlier.kase.state).toBe("rejected");

  // A: unopened tissues sent back, approved by policy (no person), still awaiting the return
  const a = await fileClaim(t, "2026-11-20 10:00", { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
  expect(a.kase).toMatchObject({ state: "awaiting_return", decision: { outcome: "approve" } });

  // B: damaged tissues without a photo → a person; answered after 30 min, refunded after 2 h, rated 5
  const b = await fileClaim(t, "2026-11-20 11:00");
  expect(b.kase.state).toBe("in_review");
  // staff sign in on the day they work: a session does not outlive the test clock's jumps
  agent = await t.staff("agent");
  t.clock.set(cn("2026-11-20 11:30").toISOString());
  expect((await t.server.inject({ method: "POST", url: `/api/v1/cases/${b.kase.id}/messages`, headers: bearer(agent.token), payload: { body: "您好，正在为您核实" } })).statusCode).toBe(201);
  t.clock.set(cn("2026-11-20 13:00").toISOString());
  expect((await act(t, b.kase.id, agent.token, { action: "approve", amountFen: 1990 })).state).toBe("refunding");
  await t.payRefunds();
  await rate(b.kase.id, 5, "2026-11-20 14:00");

  // C: one damaged strawberry → a person; approved after 90 min (the decision is the first answer), rated 3
  const c = await fileClaim(t, "2026-11-21 09:00", { items: [{ lineNo: 1, quantity: 1 }] });
  expect(c.kase.state).toBe("in_review");
  agent = await t.staff("agent");
  t.clock.set(cn("2026-11-21 10:30").toISOString());
  expect((await act(t, c.kase.id, agent.token, { action: "approve", amountFen: 2990 })).state).toBe("refunding");
  await t.payRefunds();
  await rate(c.kase.id, 3, "2026-11-21 12:00");

  // one more order delivered in the range, nobody complains about it
  const quiet = await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: makeOrder({ customerId: "C-QUIET", deliveredAt: cn("2026-11-21 08:00").toISOString() }) });
  expect(quiet.statusCode).toBeLessThan(300);
  t.clock.set(cn("2026-11-22 09:00").toISOString());
  ops = await t.staff("ops_admin");
});
afterAll(async () => t.close());

describe("GET /insights/kpis", () => {
  it("answers the known figures of the range and of the range before it", async () => {
    const res = await get("/insights/kpis?from=2026-11-20&to=2026-11-21");
    expect(res.statusCode, res.body).toBe(200);
    const report = json(res);
    expect(report.range).toEqual({ from: "2026-11-20", to: "2026-11-21", days: 2 });
    expect(report.previousRange).toEqual({ from: "2026-11-18", to: "2026-11-19", days: 2 });
    expect(report.current).toMatchObject({
      casesFiled: 3,
      automaticDecisions: 1,
      automaticDecisionPercent: 33.3,
      itemsClaimed: 3,
      // C's order (delivered 11-20) and the quiet one (11-21): 3 units each
      itemsDelivered: 6,
      complaintsPerThousandItems: 500,
      firstResponseMinutes: { measured: 2, median: 60, p90: 90 },
      resolutionHours: { measured: 2, median: 1.8, p90: 2 },
      refundFen: 1990 + 2990,
      compensationFen: 0,
      ratings: 2,
      averageScore: 4,
      satisfiedPercent: 50,
    });
    expect(report.previous).toMatchObject({
      casesFiled: 2,
      automaticDecisions: 1,
      automaticDecisionPercent: 50,
      // the rejected claim's order (11-18), A's and B's (11-19); the unanswered one's came 11-17
      itemsDelivered: 9,
      itemsClaimed: 3,
      complaintsPerThousandItems: 333.33,
      firstResponseMinutes: { measured: 0, median: null, p90: null },
      resolutionHours: { measured: 1, median: 0, p90: 0 },
      refundFen: 0,
      ratings: 0,
      averageScore: null,
      satisfiedPercent: null,
    });
    expect(report.daily.map((d: { day: string; casesFiled: number; refundFen: number }) => [d.day, d.casesFiled, d.refundFen])).toEqual([
      ["2026-11-20", 2, 1990],
      ["2026-11-21", 1, 2990],
    ]);
    expect(report.daily[0].firstResponseMinutes).toEqual({ measured: 1, median: 30, p90: 30 });
    expect(report.daily[1].firstResponseMinutes).toEqual({ measured: 1, median: 90, p90: 90 });
  });

  it("counts SLA clocks met and missed on the day they settled", async () => {
    const report = json(await get("/insights/kpis?from=2026-11-20&to=2026-11-21"));
    // met: B's first response (30 of 60 min), resolution and payment; C's resolution and payment.
    // missed: B's leader response (30 min, never answered by the leader before the decision at 13:00),
    // C's first and leader responses (decided after 90 min)
    expect(report.current).toMatchObject({ slaMet: 5, slaMissed: 3, slaCompliancePercent: 62.5 });
    // breached while still running: counted on the day of the breach
    expect(report.previous).toMatchObject({ slaMet: 0, slaMissed: 2, slaCompliancePercent: 0 });
  });

  it("answers zeros and nulls for a range where nothing happened", async () => {
    const report = json(await get("/insights/kpis?from=2025-01-01&to=2025-01-05"));
    expect(report.daily).toHaveLength(5);
    expect(report.current).toEqual({
      casesFiled: 0,
      automaticDecisions: 0,
      automaticDecisionPercent: null,
      itemsClaimed: 0,
      itemsDelivered: 0,
      complaintsPerThousandItems: null,
      firstResponseMinutes: { measured: 0, median: null, p90: null },
      resolutionHours: { measured: 0, median: null, p90: null },
      slaMet: 0,
      slaMissed: 0,
      slaCompliancePercent: null,
      refundFen: 0,
      compensationFen: 0,
      ratings: 0,
      averageScore: null,
      satisfiedPercent: null,
    });
  });

  it("opens on the last 14 days when no range is given", async () => {
    const report = json(await get("/insights/kpis"));
    expect(report.range).toEqual({ from: "2026-11-09", to: "2026-11-22", days: 14 });
    expect(report.current.casesFiled).toBe(5);
    // one end given: 14 days ending (or starting) there
    expect(json(await get("/insights/kpis?to=2026-10-01")).range).toEqual({ from: "2026-09-18", to: "2026-10-01", days: 14 });
    expect(json(await get("/insights/kpis?from=2026-10-01")).range).toEqual({ from: "2026-10-01", to: "2026-10-14", days: 14 });
  });

  it("refuses a range that is backwards, too long or not a date", async () => {
    for (const [query, status] of [
      ["from=2026-11-21&to=2026-11-20", 422],
      ["from=2025-01-01&to=2026-01-02", 422],
      ["from=2026-02-30&to=2026-03-01", 422],
      ["from=20261120&to=2026-11-21", 400],
    ] as const) {
      const res = await get(`/insights/kpis?${query}`);
      expect(res.statusCode, query).toBe(status);
      expect(json(res).type).toMatch(/problems\/validation$/);
    }
    expect((await get("/insights/kpis?from=2025-01-01&to=2026-01-01")).statusCode).toBe(200);
  });

  it("is for operations and supervisors only", async () => {
    const stranger = await t.staff("agent");
    expect((await get("/insights/kpis", stranger.token)).statusCode).toBe(403);
  });
});

describe("GET /insights/problems", () => {
  it("ranks SKUs, batches and suppliers by cases and by cost, with their complaint rate", async () => {
    const res = await get("/insights/problems?from=2026-11-20&to=2026-11-21");
    expect(res.statusCode, res.body).toBe(200);
    const { skus, batches, suppliers } = json(res);
    expect(skus.byCases.map((g: { key: string }) => g.key)).toEqual(["TISSUE-10", "STRW-500"]);
    expect(skus.byCost.map((g: { key: string }) => g.key)).toEqual(["STRW-500", "TISSUE-10"]);
    expect(skus.byCases[0]).toMatchObject({ label: "清风抽纸 10包", cases: 2, itemsClaimed: 2, claimedFen: 3980, costFen: 1990, itemsDelivered: 2, complaintsPerThousandItems: 1000, supplierId: "SUP-01", supplierName: "长沙鲜果园果业有限公司" });
    expect(skus.byCases[1]).toMatchObject({ cases: 1, itemsClaimed: 1, costFen: 2990, itemsDelivered: 4, complaintsPerThousandItems: 250 });
    expect(batches.byCases).toEqual([expect.objectContaining({ key: "B20261119-STRW-01", cases: 3, itemsClaimed: 3, costFen: 4980, itemsDelivered: 6, complaintsPerThousandItems: 500 })]);
    expect(suppliers.byCost).toEqual([expect.objectContaining({ key: "SUP-01", label: "长沙鲜果园果业有限公司", cases: 3, costFen: 4980 })]);
  });

  it("answers empty rankings for a quiet range", async () => {
    const report = json(await get("/insights/problems?from=2025-01-01&to=2025-01-05"));
    expect(report.skus).toEqual({ byCases: [], byCost: [] });
    expect(report.suppliers).toEqual({ byCases: [], byCost: [] });
  });
});
