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
  it("approves in the customer's favour a claim nobody answered within the policy's hours, and only those", async () => {
    const agent = await t.staff("agent");
    const unhandled = await fileClaim(t, "2026-03-09 10:00");
    const taken = await fileClaim(t, "2026-03-09 10:00");
    const answered = await fileClaim(t, "2026-03-09 10:00");
    // two strawberry boxes (59.80 yuan): above the 50 yuan the platform approves alone
    const large = await fileClaim(t, "2026-03-09 10:00", { items: [{ lineNo: 1, quantity: 2 }], answers: { foundWhen: "at_pickup", packagingDamaged: true } });
    expect([unhandled.kase.state, taken.kase.state, answered.kase.state, large.kase.state]).toEqual(["in_review", "in_review", "in_review", "in_review"]);
    expect((await pendingTimers(t, [unhandled.kase.id])).find((x) => x.kind === "case.auto_approve")?.due_at).toEqual(new Date(cn("2026-03-09 10:00").getTime() + 48 * HOUR));
    expect((await pendingTimers(t, [large.kase.id])).map((x) => x.kind)).not.toContain("case.auto_approve");

    const post = (url: string, payload?: object) => t.server.inject({ method: "POST", url: `/api/v1/cases/${url}`, headers: { authorization: `Bearer ${agent.token}` }, ...(payload ? { payload } : {}) });
    // an agent takes the second case and writes an internal note: nobody answered the customer yet
    expect((await post(`${taken.kase.id}/take`)).statusCode).toBe(200);
    expect((await post(`${taken.kase.id}/notes`, { body: "等仓库回复" })).statusCode).toBe(201);
    expect((await pendingTimers(t, [taken.kase.id])).map((x) => x.kind)).toContain("case.auto_approve");
    // …and answers the third: it is handled, even though nobody decided it yet
    expect((await post(`${answered.kase.id}/messages`, { body: "您好，正在为您核实" })).statusCode).toBe(201);
    expect((await pendingTimers(t, [answered.kase.id])).map((x) => x.kind)).not.toContain("case.auto_approve");

    t.clock.set(new Date(cn("2026-03-09 10:00").getTime() + 48 * HOUR - 60_000).toISOString());
    await t.fireTimers();
    expect(await stateOf(unhandled.kase.id)).toBe("in_review");

    t.clock.advance(60_000);
    await t.fireTimers();
    for (const c of [unhandled, taken]) {
      expect(await stateOf(c.kase.id)).not.toBe("in_review");
      const approval = (await timeline(c.kase.id)).find((e) => e.type === "approve");
      expect(approval).toMatchObject({ actor: "system:timeout", data: { amountFen: 1990, rule: "P-UNHANDLED-TIMEOUT" } });
    }
    const approved = await t.database.db.selectFrom("cases").select("approved_fen").where("id", "=", unhandled.kase.id).executeTakeFirstOrThrow();
    expect(approved.approved_fen).toBe(1990);
    expect(await stateOf(answered.kase.id)).toBe("in_review");
    expect(await stateOf(large.kase.id)).toBe("in_review");
    // the approval ended review: the response clocks stopped; resolution runs until the case is finished
    const clocks = await t.database.db.selectFrom("sla_clocks").select(["kind", "stopped_at"]).where("case_id", "=", unhandled.kase.id).execute();
    const running = clocks.filter((c) => c.stopped_at === null).map((c) => c.kind);
    expect(running).not.toContain("first_response");
    expect(running).not.toContain("leader_response");
    expect(running).toContain("resolution");
    expect(await stateOf(unhandled.kase.id)).toBe("refunding");
    await t.payRefunds();
    expect(await stateOf(unhandled.kase.id)).toBe("refunded");
    const resolution = await t.database.db.selectFrom("sla_clocks").select(["stopped_at", "met"]).where("case_id", "=", unhandled.kase.id).where("kind", "=", "resolution").executeTakeFirstOrThrow();
    // 48 hours against a 24-hour promise: missed
    expect(resolution).toMatchObject({ stopped_at: t.clock(), met: false });
  });

  it("approves a claim whose timer is due even if a note slipped onto its timeline unseen by the clocks, but not one answered", async () => {
    const agent = await t.staff("agent");
    const quiet = await fileClaim(t, "2026-03-23 10:00");
    const spoken = await fileClaim(t, "2026-03-23 10:00");
    // timeline entries written without the step that follows case changes: only the handler's own check sees them
    const entry = (caseId: string, type: string, toState: string | null) => ({ case_id: caseId, at: t.clock(), type, actor: `staff:${agent.id}`, from_state: null, to_state: toState, data: "{}" });
    await t.database.db.insertInto("case_events").values([entry(quiet.kase.id, "note_added", null), entry(spoken.kase.id, "message", null)]).execute();
    t.clock.set(new Date(cn("2026-03-23 10:00").getTime() + 48 * HOUR).toISOString());
    await t.fireTimers();
    expect(await stateOf(quiet.kase.id)).not.toBe("in_review");
    expect(await stateOf(spoken.kase.id)).toBe("in_review");
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
