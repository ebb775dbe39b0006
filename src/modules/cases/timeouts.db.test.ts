import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { act, cn, fileClaim, pendingTimers } from "../sla/sla.fixtures.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const HOUR = 3_600_000;
const stateOf = async (caseId: string) => (await t.database.db.selectFrom("cases").select("state").where("id", "=", caseId).executeTakeFirstOrThrow()).state;
const timeline = async (caseId: string) => t.database.db.selectFrom("case_events").select(["type", "actor", "data"]).where("case_id", "=", caseId).orderBy("id").execute();

describe("platform timeouts", () => {
  it("approves in the customer's favour a claim nobody handled within the policy's hours, and only that one", async () => {
    const agent = await t.staff("agent");
    const unhandled = await fileClaim(t, "2026-03-09 10:00");
    const taken = await fileClaim(t, "2026-03-09 10:00");
    // two strawberry boxes (59.80 yuan): above the 50 yuan the platform approves alone
    const large = await fileClaim(t, "2026-03-09 10:00", { items: [{ lineNo: 1, quantity: 2 }], answers: { foundWhen: "at_pickup", packagingDamaged: true } });
    expect([unhandled.kase.state, taken.kase.state, large.kase.state]).toEqual(["in_review", "in_review", "in_review"]);
    expect((await pendingTimers(t, [unhandled.kase.id])).find((x) => x.kind === "case.auto_approve")?.due_at).toEqual(new Date(cn("2026-03-09 10:00").getTime() + 48 * HOUR));
    expect((await pendingTimers(t, [large.kase.id])).map((x) => x.kind)).not.toContain("case.auto_approve");

    // an agent takes the second case: it is handled, even though nobody decided it yet
    const take = await t.server.inject({ method: "POST", url: `/api/v1/cases/${taken.kase.id}/take`, headers: { authorization: `Bearer ${agent.token}` } });
    expect(take.statusCode, take.body).toBe(200);
    expect((await pendingTimers(t, [taken.kase.id])).map((x) => x.kind)).not.toContain("case.auto_approve");

    t.clock.set(new Date(cn("2026-03-09 10:00").getTime() + 48 * HOUR - 60_000).toISOString());
    await t.fireTimers();
    expect(await stateOf(unhandled.kase.id)).toBe("in_review");

    t.clock.advance(60_000);
    await t.fireTimers();
    expect(await stateOf(unhandled.kase.id)).not.toBe("in_review");
    const approval = (await timeline(unhandled.kase.id)).find((e) => e.type === "approve");
    expect(approval).toMatchObject({ actor: "system:timeout", data: { amountFen: 1990, rule: "P-UNHANDLED-TIMEOUT" } });
    const approved = await t.database.db.selectFrom("cases").select("approved_fen").where("id", "=", unhandled.kase.id).executeTakeFirstOrThrow();
    expect(approved.approved_fen).toBe(1990);
    expect(await stateOf(taken.kase.id)).toBe("in_review");
    expect(await stateOf(large.kase.id)).toBe("in_review");
    // the approval answered the review clocks: none is left running
    const running = await t.database.db.selectFrom("sla_clocks").select("kind").where("case_id", "=", unhandled.kase.id).where("stopped_at", "is", null).execute();
    expect(running.map((r) => r.kind)).not.toContain("first_response");
    expect(running.map((r) => r.kind)).not.toContain("resolution");
  });

  it("closes a return the customer never sent back once the policy's days are over, and keeps the one on its way", async () => {
    const noReason = { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } };
    const kept = await fileClaim(t, "2026-03-16 10:00", noReason);
    const sent = await fileClaim(t, "2026-03-16 10:00", noReason);
    expect(kept.kase).toMatchObject({ state: "awaiting_return" });
    const due = new Date(kept.kase.returnDueAt);
    expect((await pendingTimers(t, [kept.kase.id])).find((x) => x.kind === "case.return_expiry")?.due_at).toEqual(due);

    await act(t, sent.kase.id, sent.token, { action: "ship_return", trackingNo: "SF200" });
    expect((await pendingTimers(t, [sent.kase.id])).map((x) => x.kind)).not.toContain("case.return_expiry");

    t.clock.set(new Date(due.getTime() - 60_000).toISOString());
    await t.fireTimers();
    expect(await stateOf(kept.kase.id)).toBe("awaiting_return");
    t.clock.set(due.toISOString());
    await t.fireTimers();
    expect(await stateOf(kept.kase.id)).toBe("cancelled");
    expect((await timeline(kept.kase.id)).at(-1)).toMatchObject({ type: "expire_return", actor: "system:timeout" });
    expect(await stateOf(sent.kase.id)).toBe("return_in_transit");
    const view = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${kept.kase.id}`, headers: { authorization: `Bearer ${kept.token}` } }));
    expect(view.stage.zh).toBe("已关闭");
    // the units claimed go back to the order line
    const line = await t.database.db.selectFrom("order_items").select("claimed_quantity").where("id", "=", `${kept.order.id}#2`).executeTakeFirstOrThrow();
    expect(line.claimed_quantity).toBe(0);
  });
});
