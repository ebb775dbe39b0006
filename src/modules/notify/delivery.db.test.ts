import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import type { Channel, SendResult } from "./channels.js";
import { notificationRouter, relayOutbox } from "./dispatcher.js";
import { DEFAULT_LEASE_MS, sendDueNotifications } from "./sender.js";

const PHONE = "13912345678"; // the customer's number in makeOrder
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

let n = 0;
/** A no-reason return of unopened tissues: policy approves and asks for the goods back (审核中 → 待退货). */
async function fileReturn(customerId: string) {
  const order = makeOrder({ customerId });
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
  const token = await t.tokenFor(customerId);
  const res = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": `notify-${n++}-${Date.now()}` },
    payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } },
  });
  expect(json(res)).toMatchObject({ state: "awaiting_return" });
  return { caseId: json(res).id as string, token };
}

// the leader of the pickup point also hears of each new case; these tests follow what the customer gets
const deliveriesOf = (caseId: string) =>
  t.database.db.selectFrom("notification_deliveries").selectAll().where("case_id", "=", caseId).where("recipient_kind", "=", "customer").orderBy("id").execute();
const everyDeliveryOf = (caseId: string) => t.database.db.selectFrom("notification_deliveries").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
const sentAbout = (caseId: string) => [...t.providers.sms.sent, ...t.providers.wechat.sent].filter((m) => m.text.includes(caseId) && !m.text.startsWith("您的自提点有新的售后单"));

describe("notifications of stage changes", () => {
  it("tells the customer by SMS and WeChat exactly once, even when the relay runs over the events again", async () => {
    const { caseId } = await fileReturn("C-N1");
    expect(await t.relayOutbox()).toBeGreaterThan(0);
    const routed = await deliveriesOf(caseId);
    expect(routed.map((d) => `${d.channel} ${d.recipient_kind}:${d.recipient_id} ${d.state}`)).toEqual(["sms customer:C-N1 pending", "wechat customer:C-N1 pending"]);

    // a second relay over the same events (another node, a replay) adds nothing
    await t.database.db.updateTable("outbox").set({ published_at: null }).execute();
    await t.relayOutbox();
    expect(await deliveriesOf(caseId)).toHaveLength(2);

    await t.sendNotifications();
    await t.sendNotifications();
    const sent = sentAbout(caseId);
    expect(sent.map((m) => [m.channel, m.to])).toEqual([["sms", PHONE], ["wechat", PHONE]]);
    expect(sent[0]!.text).toBe(`【安心售后】您的售后单 ${caseId} 已进入「待退货」，请按售后单中的指引退回商品。`);
    expect((await deliveriesOf(caseId)).map((d) => d.state)).toEqual(["sent", "sent"]);
    expect(await t.database.db.selectFrom("outbox").select("id").where("published_at", "is", null).execute()).toEqual([]);
  });

  it("keeps no phone number or address in the delivery rows: the number is looked up when sending", async () => {
    const { caseId } = await fileReturn("C-N2");
    await t.relayOutbox();
    await t.sendNotifications();
    const rows = await t.database.db.selectFrom("notification_deliveries").selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(PHONE);
    expect(JSON.stringify(rows)).not.toContain("金茂悦");
    expect(sentAbout(caseId).every((m) => m.to === PHONE)).toBe(true);
  });

  it("routes each event once when several relays run at the same time", async () => {
    const cases = await Promise.all(["C-N3", "C-N4", "C-N5", "C-N6"].map(fileReturn));
    const deps = { db: t.database.db, clock: t.clock, consumers: [notificationRouter()] };
    // small batches so that the relays really take turns over the rows
    await Promise.all([0, 1, 2].map(async () => { while ((await relayOutbox(deps, 3)) > 0); }));
    for (const { caseId } of cases) expect((await deliveriesOf(caseId)).map((d) => d.channel)).toEqual(["sms", "wechat"]);
  });

  it("keeps messages waiting while a channel is down and sends them when it is back", async () => {
    t.providers.sms.down = true;
    const { caseId } = await fileReturn("C-N7");
    await t.relayOutbox();
    await t.sendNotifications();
    let [sms, wechat] = await deliveriesOf(caseId);
    expect(wechat!.state).toBe("sent");
    expect(sms).toMatchObject({ state: "pending", attempts: 1, last_error: "sms provider unavailable (simulated)" });
    expect(sms!.next_attempt_at.getTime()).toBeGreaterThan(t.clock().getTime());

    // nothing is due until the backoff has passed; then it fails again and waits longer
    expect(await t.sendNotifications()).toBe(0);
    t.clock.set(sms!.next_attempt_at.toISOString());
    await t.sendNotifications();
    [sms] = await deliveriesOf(caseId);
    expect(sms).toMatchObject({ state: "pending", attempts: 2 });

    t.providers.sms.down = false;
    t.clock.set(sms!.next_attempt_at.toISOString());
    await t.sendNotifications();
    [sms] = await deliveriesOf(caseId);
    expect(sms).toMatchObject({ state: "sent", attempts: 3, last_error: "sms provider unavailable (simulated)" });
    expect(t.providers.sms.sent.filter((m) => m.text.includes(caseId))).toHaveLength(1);
  });

  it("takes up a delivery whose sender died mid-send once its lease has run out, and the late sender cannot overwrite it", async () => {
    const { caseId } = await fileReturn("C-N8");
    await t.relayOutbox();
    let release: (r: SendResult) => void = () => {};
    const hanging: Channel = { name: "sms", send: () => new Promise<SendResult>((resolve) => (release = resolve)) };
    const dying = sendDueNotifications({ db: t.database.db, clock: t.clock, channels: { sms: hanging, wechat: hanging } }, 1);
    for (let i = 0; i < 200 && (await everyDeliveryOf(caseId)).every((d) => d.state !== "sending"); i++) await new Promise((r) => setTimeout(r, 5));
    const [stuck] = (await everyDeliveryOf(caseId)).filter((d) => d.state === "sending");
    expect(stuck).toBeDefined();

    // within the lease nobody else touches it
    await t.sendNotifications();
    expect((await everyDeliveryOf(caseId)).find((d) => d.id === stuck!.id)?.state).toBe("sending");

    t.clock.advance(DEFAULT_LEASE_MS + 1);
    await t.sendNotifications();
    expect((await everyDeliveryOf(caseId)).map((d) => d.state)).toEqual(["sent", "sent", "sent"]);

    release({ ok: false, error: "too late", retryable: true });
    await dying;
    const after = (await everyDeliveryOf(caseId)).find((d) => d.id === stuck!.id);
    expect(after).toMatchObject({ state: "sent", attempts: 2, last_error: null });
  });
});

describe("GET /notifications", () => {
  it("shows an agent what was sent about a case, the number masked; a customer may not look", async () => {
    const { caseId, token } = await fileReturn("C-N9");
    await t.relayOutbox();
    await t.sendNotifications();
    const agent = await t.staff("agent");
    const res = await t.server.inject({ method: "GET", url: `/api/v1/notifications?caseId=${caseId}`, headers: { authorization: `Bearer ${agent.token}` } });
    expect(res.statusCode).toBe(200);
    expect(json(res).notifications.filter((d: { recipient: string }) => d.recipient.startsWith("customer:"))).toMatchObject([
      { channel: "sms", recipient: "customer:C-N9", to: "139****5678", state: "sent", attempts: 1, topic: "case.stage_changed", caseId },
      { channel: "wechat", recipient: "customer:C-N9", to: "139****5678", state: "sent", text: `您的售后单 ${caseId} 已进入「待退货」，请按售后单中的指引退回商品。` },
    ]);
    expect(res.body).not.toContain(PHONE);
    const customer = await t.server.inject({ method: "GET", url: `/api/v1/notifications?caseId=${caseId}`, headers: { authorization: `Bearer ${token}` } });
    expect(customer.statusCode).toBe(403);
    const missing = await t.server.inject({ method: "GET", url: "/api/v1/notifications?caseId=AS-NOPE", headers: { authorization: `Bearer ${agent.token}` } });
    expect(missing.statusCode).toBe(404);
  });
});
