import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/app.js";
import { act, clocksByKind, cn, fileClaim, outboxTopics, pendingTimers } from "./sla.fixtures.js";

let t: TestApp;
let agent: { id: string; token: string };
beforeEach(async () => {
  t = await startTestApp();
  agent = await t.staff("agent");
});
afterEach(async () => t.close());

const at = (local: string) => t.clock.set(cn(local).toISOString());
const clockTimers = async (clockId: string) => (await pendingTimers(t, [clockId])).map((x) => [x.kind, x.due_at.toISOString()]).sort();

/**
 * The state a worker leaves when it held a clock's timers while the clock was paused and
 * resumed: the pause could not cancel them and the resume could not re-arm (`skip locked`, then
 * `timers_pending_once`). Here the old timers are put back and the ones the resume armed taken away.
 */
async function resumeRacedTheWorker(clockId: string, lastOldTimer: string) {
  const { db } = t.database;
  const unfired = db.updateTable("timers").where("subject_id", "=", clockId).where("fired_at", "is", null);
  await unfired.set({ cancelled_at: t.clock() }).where("id", ">", lastOldTimer).execute();
  await unfired.set({ cancelled_at: null }).where("id", "<=", lastOldTimer).execute();
}

/** The newest timer's id: the ones armed later have higher ids. */
const lastTimerId = async () => String((await t.database.db.selectFrom("timers").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id);

describe("a clock whose timers fired while it moved", () => {
  it("arms its warning and breach again for the deadline the resume set, and breaches then", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00");
    const leaderClock = (await clocksByKind(t, kase.id, agent.token)).leader_response!;
    const armedBefore = await lastTimerId();
    // paused at 10:10 with 20 of its 30 minutes left, resumed at 10:40: due at 11:00, warned at 10:52:30
    at("2026-03-02 10:10");
    await act(t, kase.id, agent.token, { action: "request_info", question: "请拍一张外包装的照片" });
    at("2026-03-02 10:40");
    await act(t, kase.id, token, { action: "provide_info", note: "外箱压扁了" });
    await resumeRacedTheWorker(leaderClock.id, armedBefore);
    expect(await clockTimers(leaderClock.id)).toEqual([
      ["sla.breach", cn("2026-03-02 10:30").toISOString()],
      ["sla.warning", cn("2026-03-02 10:22:30").toISOString()],
    ]);

    // the old timers fire: too early for either, so they are armed again rather than lost
    at("2026-03-02 10:41");
    expect(await t.fireTimers()).toBe(2);
    expect(await outboxTopics(t, kase.id)).not.toContain("sla.warning");
    expect(await clockTimers(leaderClock.id)).toEqual([
      ["sla.breach", cn("2026-03-02 11:00").toISOString()],
      ["sla.warning", cn("2026-03-02 10:52:30").toISOString()],
    ]);

    at("2026-03-02 10:52:30");
    await t.fireTimers();
    expect((await outboxTopics(t, kase.id)).filter((x) => x === "sla.warning")).toHaveLength(1);
    at("2026-03-02 11:00");
    await t.fireTimers();
    const breaches = await t.database.db.selectFrom("sla_breaches").select(["kind", "deadline_at"]).where("case_id", "=", kase.id).execute();
    expect(breaches).toEqual([{ kind: "leader_response", deadline_at: cn("2026-03-02 11:00") }]);
  });

  it("arms nothing while the clock is paused, and the resume arms it", async () => {
    const { kase, token } = await fileClaim(t, "2026-03-02 10:00");
    const leaderClock = (await clocksByKind(t, kase.id, agent.token)).leader_response!;
    const armedBefore = await lastTimerId();
    at("2026-03-02 10:10");
    await act(t, kase.id, agent.token, { action: "request_info", question: "请拍一张外包装的照片" });
    await resumeRacedTheWorker(leaderClock.id, armedBefore);

    at("2026-03-02 10:30");
    expect(await t.fireTimers()).toBe(2);
    expect(await clockTimers(leaderClock.id)).toEqual([]);
    expect(await outboxTopics(t, kase.id)).not.toContain("sla.warning");
    expect(await t.database.db.selectFrom("sla_breaches").select("id").where("case_id", "=", kase.id).execute()).toEqual([]);

    at("2026-03-02 12:00");
    await act(t, kase.id, token, { action: "provide_info", note: "外箱压扁了" });
    expect(await clockTimers(leaderClock.id)).toEqual([
      ["sla.breach", cn("2026-03-02 12:20").toISOString()],
      ["sla.warning", cn("2026-03-02 12:12:30").toISOString()],
    ]);
  });
});

describe("SLA warnings reach a person", () => {
  it("e-mails the case's owner, or the supervisors on duty while nobody owns it", async () => {
    const onDuty = await t.staff("supervisor", { onDuty: true });
    await t.staff("supervisor", { onDuty: false });
    const owned = await fileClaim(t, "2026-03-02 10:00");
    const unowned = await fileClaim(t, "2026-03-02 10:00");
    at("2026-03-02 10:01");
    const take = await t.server.inject({ method: "POST", url: `/api/v1/cases/${owned.kase.id}/take`, headers: { authorization: `Bearer ${agent.token}` } });
    expect(take.statusCode, take.body).toBe(200);

    // 45 of the first response's 60 minutes (and the leader's 22.5 of 30) are used
    at("2026-03-02 10:45");
    await t.fireTimers();
    await t.relayOutbox();
    const told = async (caseId: string) =>
      (await t.database.db.selectFrom("notification_deliveries").select(["channel", "recipient_kind", "recipient_id", "message"]).where("case_id", "=", caseId).where("topic", "=", "sla.warning").execute())
        .map((d) => `${d.channel} ${d.recipient_kind}:${d.recipient_id} ${d.message.kind === "email" ? d.message.subject : ""}`)
        .sort();
    const ownedCase = owned.kase.id as string;
    expect(await told(ownedCase)).toEqual([`email staff:${agent.id} 【即将超时】售后单 ${ownedCase}`, `email staff:${agent.id} 【即将超时】售后单 ${ownedCase}`]);
    const unownedCase = unowned.kase.id as string;
    expect(await told(unownedCase)).toEqual([`email staff:${onDuty.id} 【即将超时】售后单 ${unownedCase}`, `email staff:${onDuty.id} 【即将超时】售后单 ${unownedCase}`]);
  });
});
