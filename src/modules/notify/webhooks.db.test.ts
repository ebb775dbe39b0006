import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { createApiKey } from "../people/index.js";
import { DEFAULT_RETRY, retryDelayMs } from "./model.js";
import { verifyWebhookSignature } from "./signature.js";

/** A subscriber: a real HTTP server answering each path with the status the test sets. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const answer = new Map<string, number>();
let subscriber: Server;
let base: string;

let t: TestApp;
let opsToken: string;
let otherKey: string;
beforeAll(async () => {
  subscriber = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = answer.get(req.url ?? "") ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => subscriber.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}`;
  t = await startTestApp();
  opsToken = (await t.staff("ops_admin")).token;
  otherKey = (await createApiKey(t.database.db, "another integrator")).key;
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => subscriber.close(resolve));
});

const integrator = (key = t.apiKey) => ({ "x-api-key": key });
const ops = () => ({ authorization: `Bearer ${opsToken}` });
const subscribe = async (path: string, topics: string[], key = t.apiKey) => {
  const res = await t.server.inject({ method: "POST", url: "/api/v1/webhooks", headers: integrator(key), payload: { url: `${base}${path}`, topics, description: path } });
  expect(res.statusCode).toBe(201);
  return json(res) as { id: string; secret: string };
};
let n = 0;
async function fileReturn(customerId: string) {
  const order = makeOrder({ customerId });
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: integrator(), payload: order });
  const res = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { authorization: `Bearer ${await t.tokenFor(customerId)}`, "idempotency-key": `hook-${n++}-${Date.now()}` },
    payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } },
  });
  return json(res).id as string;
}
const webhookRows = (subscriptionId: string) =>
  t.database.db.selectFrom("notification_deliveries").selectAll().where("recipient_kind", "=", "webhook").where("recipient_id", "=", subscriptionId).orderBy("id").execute();

describe("webhooks", () => {
  it("delivers signed events the subscription matches, without the customer's phone number", async () => {
    const sub = await subscribe("/all", ["case.*"]);
    const caseId = await fileReturn("C-W1");
    await t.relayOutbox();
    await t.sendNotifications();
    const got = received.filter((r) => r.path === "/all");
    expect(got.length).toBeGreaterThan(0);
    const topics = got.map((r) => JSON.parse(r.body).topic as string);
    expect(topics).toContain("case.stage_changed");
    expect(topics.every((x) => x.startsWith("case."))).toBe(true);
    for (const r of got) {
      const body = JSON.parse(r.body);
      expect(Object.keys(body).sort()).toEqual(["data", "id", "occurredAt", "topic"]);
      expect(body.data.caseId).toBe(caseId);
      expect(r.headers["x-anxin-event"]).toBe(body.topic);
      expect(r.headers["x-anxin-delivery"]).toMatch(/^dlv_\d+$/);
      // the receiver's check, done by hand: HMAC-SHA256 of "t.body" with the secret it was given
      const header = String(r.headers["x-anxin-signature"]);
      const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      expect(Number(ts)).toBe(Math.floor(t.clock().getTime() / 1000));
      expect(v1).toBe(createHmac("sha256", sub.secret).update(`${ts}.${r.body}`).digest("hex"));
      expect(verifyWebhookSignature(header, r.body, sub.secret, Number(ts))).toBe(true);
      expect(verifyWebhookSignature(header, r.body, "whsec_wrong", Number(ts))).toBe(false);
      expect(r.body).not.toContain("13912345678");
    }
    expect(new Set(got.map((r) => r.headers["x-anxin-delivery"])).size).toBe(got.length);
    expect((await webhookRows(sub.id)).every((d) => d.state === "sent" && d.provider_ref === "HTTP 200")).toBe(true);
  });

  it("retries a failing subscriber with growing waits, then keeps the delivery as a dead letter; a retry delivers once it recovers", async () => {
    answer.set("/flaky", 500);
    const sub = await subscribe("/flaky", ["case.stage_changed"]);
    await fileReturn("C-W2");
    await t.relayOutbox();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= DEFAULT_RETRY.maxAttempts; attempt++) {
      expect(await t.sendNotifications()).toBeGreaterThan(0);
      const [d] = await webhookRows(sub.id);
      expect(d!.attempts).toBe(attempt);
      if (d!.state === "dead") break;
      expect(d).toMatchObject({ state: "pending", last_error: "HTTP 500 Internal Server Error" });
      const wait = d!.next_attempt_at.getTime() - t.clock().getTime();
      // the exponential step, of which up to half is jitter
      expect(wait).toBeGreaterThanOrEqual(retryDelayMs(attempt, 0));
      expect(wait).toBeLessThanOrEqual(retryDelayMs(attempt, 1));
      waits.push(wait);
      t.clock.set(d!.next_attempt_at.toISOString());
    }
    const [dead] = await webhookRows(sub.id);
    expect(dead).toMatchObject({ state: "dead", attempts: DEFAULT_RETRY.maxAttempts, last_error: "HTTP 500 Internal Server Error" });
    expect(waits).toHaveLength(DEFAULT_RETRY.maxAttempts - 1);
    expect(waits.at(-1)).toBeGreaterThan(waits[0]! * 32);
    const attempts = received.filter((r) => r.path === "/flaky");
    expect(attempts).toHaveLength(DEFAULT_RETRY.maxAttempts);
    // every attempt carries the same delivery id, for the receiver to drop duplicates
    expect(new Set(attempts.map((r) => r.headers["x-anxin-delivery"]))).toEqual(new Set([`dlv_${dead!.id}`]));

    const letters = json(await t.server.inject({ method: "GET", url: "/api/v1/notifications/dead-letters", headers: integrator() })).deadLetters;
    expect(letters).toMatchObject([{ id: dead!.id, channel: "webhook", recipient: `webhook:${sub.id}`, to: base, lastError: "HTTP 500 Internal Server Error", attempts: 10, state: "dead" }]);
    expect(json(await t.server.inject({ method: "GET", url: "/api/v1/notifications/dead-letters", headers: ops() })).deadLetters.map((d: { id: number }) => d.id)).toContain(dead!.id);

    answer.set("/flaky", 204);
    const retried = await t.server.inject({ method: "POST", url: `/api/v1/notifications/${dead!.id}/retry`, headers: integrator() });
    expect(retried.statusCode).toBe(202);
    expect(json(retried)).toMatchObject({ id: dead!.id, state: "pending" });
    await t.sendNotifications();
    expect(await webhookRows(sub.id)).toMatchObject([{ state: "sent", attempts: 1, provider_ref: "HTTP 204" }]);
    expect(received.filter((r) => r.path === "/flaky").at(-1)?.headers["x-anxin-delivery"]).toBe(`dlv_${dead!.id}`);
    // a delivered notification is no dead letter to retry
    expect((await t.server.inject({ method: "POST", url: `/api/v1/notifications/${dead!.id}/retry`, headers: ops() })).statusCode).toBe(409);
  });

  it("gives up at once on an answer that will not change by itself (410 Gone)", async () => {
    answer.set("/gone", 410);
    const sub = await subscribe("/gone", ["case.stage_changed"]);
    await fileReturn("C-W3");
    await t.relayOutbox();
    await t.sendNotifications();
    expect(await webhookRows(sub.id)).toMatchObject([{ state: "dead", attempts: 1, last_error: "HTTP 410 Gone" }]);
  });

  it("pings a subscriber on demand, signed like any event", async () => {
    const sub = await subscribe("/ping", ["refund.>"]);
    const res = await t.server.inject({ method: "POST", url: `/api/v1/webhooks/${sub.id}/test`, headers: integrator() });
    expect(json(res)).toEqual({ delivered: true, detail: "HTTP 200" });
    const ping = received.filter((r) => r.path === "/ping").at(-1)!;
    expect(JSON.parse(ping.body)).toMatchObject({ topic: "webhook.ping", data: { subscriptionId: sub.id } });
    expect(verifyWebhookSignature(String(ping.headers["x-anxin-signature"]), ping.body, sub.secret, Math.floor(t.clock().getTime() / 1000))).toBe(true);
  });

  it("cancels what is queued for a subscription when it is deleted", async () => {
    const sub = await subscribe("/bye", ["case.*"]);
    await fileReturn("C-W4");
    await t.relayOutbox();
    expect((await webhookRows(sub.id)).length).toBeGreaterThan(0);
    expect((await t.server.inject({ method: "DELETE", url: `/api/v1/webhooks/${sub.id}`, headers: integrator() })).statusCode).toBe(204);
    await t.sendNotifications();
    expect((await webhookRows(sub.id)).every((d) => d.state === "cancelled")).toBe(true);
    expect(received.some((r) => r.path === "/bye")).toBe(false);
  });
});

describe("who manages webhooks", () => {
  it("refuses customers and staff other than operations", async () => {
    const customer = { authorization: `Bearer ${await t.tokenFor("C-W9")}` };
    expect((await t.server.inject({ method: "GET", url: "/api/v1/webhooks", headers: customer })).statusCode).toBe(403);
    expect((await t.server.inject({ method: "POST", url: "/api/v1/webhooks", headers: customer, payload: { url: `${base}/x`, topics: ["case.*"] } })).statusCode).toBe(403);
    expect((await t.server.inject({ method: "GET", url: "/api/v1/notifications/dead-letters", headers: customer })).statusCode).toBe(403);
    const agent = { authorization: `Bearer ${(await t.staff("agent")).token}` };
    expect((await t.server.inject({ method: "GET", url: "/api/v1/webhooks", headers: agent })).statusCode).toBe(403);
  });

  it("shows an integrator only its own subscriptions and dead letters; operations see all", async () => {
    const mine = await subscribe("/mine", ["case.*"]);
    const theirs = await subscribe("/theirs", ["case.*"], otherKey);
    const listOf = async (headers: Record<string, string>) => json(await t.server.inject({ method: "GET", url: "/api/v1/webhooks", headers })).subscriptions.map((s: { id: string }) => s.id);
    expect(await listOf(integrator(otherKey))).toEqual([theirs.id]);
    expect(await listOf(integrator())).toContain(mine.id);
    expect(await listOf(integrator())).not.toContain(theirs.id);
    expect(await listOf(ops())).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(JSON.stringify(await listOf(ops()))).not.toContain("whsec_");

    // another's subscription is as if it did not exist
    expect((await t.server.inject({ method: "DELETE", url: `/api/v1/webhooks/${mine.id}`, headers: integrator(otherKey) })).statusCode).toBe(404);
    expect((await t.server.inject({ method: "POST", url: `/api/v1/webhooks/${mine.id}/test`, headers: integrator(otherKey) })).statusCode).toBe(404);
    const othersLetters = json(await t.server.inject({ method: "GET", url: "/api/v1/notifications/dead-letters", headers: integrator(otherKey) })).deadLetters;
    expect(othersLetters).toEqual([]);
    const [someDead] = await t.database.db.selectFrom("notification_deliveries").select("id").where("state", "=", "dead").execute();
    expect(someDead).toBeDefined();
    expect((await t.server.inject({ method: "POST", url: `/api/v1/notifications/${someDead!.id}/retry`, headers: integrator(otherKey) })).statusCode).toBe(404);
  });

  it("refuses URLs that are not http(s) and topics that are not patterns", async () => {
    const post = (payload: object) => t.server.inject({ method: "POST", url: "/api/v1/webhooks", headers: integrator(), payload });
    expect((await post({ url: "ftp://example.com/hook", topics: ["case.*"] })).statusCode).toBe(422);
    expect((await post({ url: "https://user:pw@example.com/hook", topics: ["case.*"] })).statusCode).toBe(422);
    expect((await post({ url: "https://example.com/hook", topics: ["case.sub*"] })).statusCode).toBe(422);
    expect((await post({ url: "https://example.com/hook", topics: [] })).statusCode).toBe(400);
  });
});
