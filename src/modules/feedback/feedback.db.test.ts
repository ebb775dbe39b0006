import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { claimOnFreshOrder } from "../../../test/claims.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const rate = (caseId: string, token: string, payload: object) =>
  t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/rating`, headers: { authorization: `Bearer ${token}` }, payload });
const rating = (caseId: string, token: string) => t.server.inject({ method: "GET", url: `/api/v1/cases/${caseId}/rating`, headers: { authorization: `Bearer ${token}` } });

/** A no-reason return of tissues: it waits for the goods, so it is not finished yet. */
const openCase = () => claimOnFreshOrder(t, "RATE", { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });

describe("satisfaction rating", () => {
  it("refuses a rating before the case is finished, and says there is none and none may be given yet", async () => {
    const { kase, token } = await openCase();
    expect(kase.state).toBe("awaiting_return");
    const early = await rate(kase.id, token, { score: 5 });
    expect(early.statusCode).toBe(409);
    expect(json(early).type).toMatch(/conflict$/);
    expect(json(await rating(kase.id, token))).toEqual({ rating: null, canRate: false });
  });

  it("rates a finished case once: the same rating again answers the first, a different one conflicts", async () => {
    const { kase, token } = await openCase();
    await t.server.inject({ method: "POST", url: `/api/v1/cases/${kase.id}/actions`, headers: { "x-api-key": t.apiKey }, payload: { action: "receive_return" } });
    await t.payRefunds();
    expect(json(await rating(kase.id, token))).toEqual({ rating: null, canRate: true });
    const body = { score: 4, comment: " 退款很快 ", tags: ["friendly_staff", "fast"] };
    const first = await rate(kase.id, token, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first)).toMatchObject({ caseId: kase.id, score: 4, comment: "退款很快", tags: ["fast", "friendly_staff"] });
    const again = await rate(kase.id, token, body);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(json(first));
    const changed = await rate(kase.id, token, { ...body, score: 1 });
    expect(changed.statusCode).toBe(409);
    const row = await t.database.db.selectFrom("case_ratings").selectAll().where("case_id", "=", kase.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ score: 4, tags: ["fast", "friendly_staff"] });

    expect(json(await rating(kase.id, token))).toMatchObject({ rating: { score: 4, comment: "退款很快" }, canRate: false });
    const agent = await t.staff("agent");
    expect(json(await rating(kase.id, agent.token))).toMatchObject({ rating: { score: 4 }, canRate: false });
  });

  it("treats another customer's case as missing, and checks score, comment and tags", async () => {
    const { kase } = await openCase();
    const { token: stranger } = await openCase();
    expect((await rate(kase.id, stranger, { score: 5 })).statusCode).toBe(404);
    expect((await rating(kase.id, stranger)).statusCode).toBe(404);
    const { token } = await openCase();
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 3, comment: "字".repeat(501) }, { score: 3, tags: ["lovely"] }])
      expect((await rate(kase.id, token, bad)).statusCode).toBe(400);
  });
});
