import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { claimOnFreshOrder } from "../../../test/claims.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const view = async (caseId: string, token: string) => json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${caseId}`, headers: { authorization: `Bearer ${token}` } }));

describe("the progress tracker on the case view", () => {
  it("shows a return awaited with the return deadline, and the stages still ahead", async () => {
    t.clock.set("2026-11-21T04:00:00.000Z");
    const { kase, token } = await claimOnFreshOrder(t, "PROG", { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
    // the answer to the claim itself already carries the tracker
    expect(kase.progress.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual(["review:done", "awaiting_return:current", "returning:upcoming", "processing:upcoming", "completed:upcoming"]);
    const seen = await view(kase.id, token);
    expect(seen.progress).toEqual(kase.progress);
    expect(seen.progress[1]).toMatchObject({ label: { zh: "待退货", en: "awaiting return" }, reachedAt: "2026-11-21T04:00:00.000Z", expectedBy: seen.returnDueAt });
    expect(seen.returnDueAt).not.toBeNull();
  });

  it("expects a claim in review by the resolution clock's deadline, and shows the customer no more of the clock", async () => {
    t.clock.set("2026-11-22T04:00:00.000Z");
    // poor quality without a photo waits for a person
    const { kase, token } = await claimOnFreshOrder(t, "PROG", { problemType: "poor_quality", wantedResolution: "refund_only", description: "纸巾很粗糙，一用就破" });
    expect(kase.state).toBe("in_review");
    const agent = await t.staff("agent");
    const sla = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${kase.id}/sla`, headers: { authorization: `Bearer ${agent.token}` } }));
    const resolution = sla.clocks.find((c: { kind: string }) => c.kind === "resolution");
    const seen = await view(kase.id, token);
    expect(seen.progress[0]).toEqual({ stage: "review", label: { zh: "审核中", en: "under review" }, status: "current", reachedAt: "2026-11-22T04:00:00.000Z", expectedBy: resolution.deadlineAt });
    expect(Object.keys(seen.progress[0]).sort()).toEqual(["expectedBy", "label", "reachedAt", "stage", "status"]);
  });

  it("ends a rejected claim closed, not completed", async () => {
    t.clock.set("2026-11-22T04:00:00.000Z");
    const { kase } = await claimOnFreshOrder(t, "PROG", { items: [{ lineNo: 1, quantity: 2 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
    expect(kase.state).toBe("rejected");
    expect(kase.progress.at(-1)).toMatchObject({ stage: "closed", status: "closed", label: { zh: "未通过" } });
    expect(kase.progress.some((s: { stage: string }) => s.stage === "completed")).toBe(false);
  });
});
