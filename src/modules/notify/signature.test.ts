import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { classifyWebhookStatus, webhookChannel } from "./channels.js";
import { PrivateTargetError, guardedLookup, privateLiteralOf } from "./targets.js";
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from "./signature.js";

const secret = "whsec_test";
const body = JSON.stringify({ id: "evt_1", topic: "case.stage_changed", occurredAt: "2026-11-20T04:00:00.000Z", data: { caseId: "AS1" } });
const t = 1_795_000_000;

describe("webhook signatures", () => {
  it("is the hex HMAC-SHA256 of '<t>.<body>' with the subscription secret", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhook(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it.each([
    ["the same body and secret, in time", signWebhook(secret, body, t), body, secret, t + 10, true],
    ["a changed body", signWebhook(secret, body, t), body.replace("AS1", "AS2"), secret, t, false],
    ["another secret", signWebhook("whsec_other", body, t), body, secret, t, false],
    ["a replay ten minutes later", signWebhook(secret, body, t), body, secret, t + 600, false],
    ["a forged timestamp", signWebhook(secret, body, t).replace(`t=${t}`, `t=${t + 5}`), body, secret, t + 5, false],
    ["a rolled-over secret among several v1", `t=${t},v1=${"0".repeat(64)},v1=${signWebhook(secret, body, t).split("v1=")[1]}`, body, secret, t, true],
    ["garbage", "nonsense", body, secret, t, false],
  ])("verifies %s: %s", (_name, header, b, s, now, ok) => {
    expect(verifyWebhookSignature(header, b, s, now)).toBe(ok);
  });

  it("makes a fresh, long secret each time", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe("webhook answers", () => {
  it.each([
    [200, { ok: true }],
    [204, { ok: true }],
    [301, { ok: false, retryable: false }],
    [400, { ok: false, retryable: false }],
    [404, { ok: false, retryable: false }],
    [408, { ok: false, retryable: true }],
    [410, { ok: false, retryable: false }],
    [429, { ok: false, retryable: true }],
    [500, { ok: false, retryable: true }],
    [503, { ok: false, retryable: true }],
  ])("HTTP %i counts as %o", (status, expected) => {
    expect(classifyWebhookStatus(status)).toEqual(expected);
  });
});

describe("webhook targets", () => {
  it("refuses loopback, private, link-local (cloud metadata), NAT64 and reserved literals, and lets public ones through", () => {
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://192.168.1.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://198.18.0.1/", "http://[64:ff9b::a9fe:a9fe]/", "http://224.0.0.1/"])
      expect(privateLiteralOf(url), url).not.toBeNull();
    for (const url of ["https://93.184.216.34/hook", "https://[2606:4700::1111]/hook", "https://hooks.example.com/x"]) expect(privateLiteralOf(url), url).toBeNull();
  });

  it("resolves a name and refuses it when every address it has is private", async () => {
    const answer = await new Promise<Error | null>((resolve) => guardedLookup("localhost", {}, (e) => resolve(e)));
    expect(answer).toBeInstanceOf(PrivateTargetError);
  });

  it("never sends to a private address, and does not retry it", async () => {
    const channel = webhookChannel({ clock: () => new Date(), allowPrivateTargets: false });
    const delivery = { key: "dlv_1", topic: "webhook.ping", message: { kind: "webhook", event: { id: "evt_1", topic: "webhook.ping", occurredAt: "2026-11-20T00:00:00Z", data: {} } } } as unknown as Parameters<typeof channel.send>[0];
    for (const url of ["http://127.0.0.1:9/hook", "http://localhost:9/hook"]) {
      const result = await channel.send(delivery, { kind: "webhook", url, secret: "s" } as unknown as Parameters<typeof channel.send>[1]);
      expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining("refused") });
    }
  });
});
