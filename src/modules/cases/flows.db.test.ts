import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

// A 1×1 PNG, and a JPEG header: real image bytes for the type sniffer.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let t: TestApp;
let token: string;
const CUSTOMER = "C-5005";
beforeAll(async () => {
  t = await startTestApp();
  token = await t.tokenFor(CUSTOMER);
});
afterAll(async () => t.close());

const auth = () => ({ authorization: `Bearer ${token}` });
const ingest = (order: object) => t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
let n = 0;
const claim = (body: object) => t.server.inject({ method: "POST", url: "/api/v1/cases", headers: { ...auth(), "idempotency-key": `flow-${n++}-${Date.now()}` }, payload: body });
const act = (caseId: string, body: object, headers: Record<string, string> = auth()) => t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers, payload: body });
const integrator = () => ({ "x-api-key": t.apiKey });

function multipart(bytes: Buffer, filename: string, mime: string, bearer = token) {
  const boundary = "----anxin-test-boundary";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { authorization: `Bearer ${bearer}`, "content-type": `multipart/form-data; boundary=${boundary}` } };
}
const upload = (bytes: Buffer, filename = "photo.png", mime = "image/png", bearer = token) =>
  t.server.inject({ method: "POST", url: "/api/v1/evidence", ...multipart(bytes, filename, mime, bearer) });

describe("claim flows", () => {
  it("takes a no-reason return of unopened tissues through return, receipt and refund", async () => {
    t.clock.set("2026-11-21T04:00:00.000Z");
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } }));
    expect(c).toMatchObject({ state: "awaiting_return", stage: { zh: "待退货" }, returnShippingPayer: "customer", decision: { outcome: "approve", returnRequired: true } });
    expect(c.decision.rules).toContain("LAW-10-WINDOW");
    expect(c.allowedActions.sort()).toEqual(["cancel", "ship_return"]);

    const shipped = json(await act(c.id, { action: "ship_return", trackingNo: "SF1234567890" }));
    expect(shipped).toMatchObject({ state: "return_in_transit", stage: { zh: "退货中" } });
    // a customer cannot confirm their own return arrived
    expect((await act(c.id, { action: "receive_return" })).statusCode).toBe(403);
    const received = json(await act(c.id, { action: "receive_return" }, integrator()));
    // 办法第十三条: refund due within 7 days of receiving the goods; the refund starts at once
    expect(received.state).toBe("refunding");
    expect(received.refundDueAt).toBe("2026-11-28T04:00:00.000Z");
    expect(received.timeline.filter((e: { to: string | null }) => e.to).map((e: { type: string }) => e.type).slice(-2)).toEqual(["receive_return", "start_refund"]);
    await t.payRefunds();
    const done = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${c.id}`, headers: auth() }));
    expect(done).toMatchObject({ state: "refunded", refundedFen: 1990, stage: { zh: "已完成" } });
  });

  it("rejects a no-reason return of fresh strawberries citing the law, and releases the units", async () => {
    t.clock.set("2026-11-22T04:00:00.000Z");
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 1, quantity: 2 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } }));
    expect(c).toMatchObject({ state: "rejected", stage: { zh: "已关闭" }, approvedFen: 0, decision: { outcome: "reject" } });
    expect(c.decision.rules[0]).toBe("LAW-6-FRESH");
    expect(c.decision.reason.zh).toContain("第六条");
    const line = await t.database.db.selectFrom("order_items").select("claimed_quantity").where("id", "=", `${order.id}#1`).executeTakeFirstOrThrow();
    expect(line.claimed_quantity).toBe(0);
  });

  it("refunds a small spoiled-fruit claim with a photo instantly (极速退款), without asking for the goods back", async () => {
    t.clock.set("2026-11-20T05:00:00.000Z");
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const photo = await upload(PNG);
    expect(photo.statusCode).toBe(201);
    const evidenceId = json(photo).id;
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "spoiled", wantedResolution: "refund_only", description: "草莓发霉长毛了", evidenceIds: [evidenceId], answers: { spoiledShare: "all", storedAsInstructed: true } }));
    expect(c).toMatchObject({ state: "refunding", approvedFen: 2990, evidenceIds: [evidenceId], decision: { outcome: "approve", returnRequired: false } });
    expect(c.decision.rules).toContain("P-AUTO-SMALL-QUALITY");
    await t.payRefunds();
    const done = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${c.id}`, headers: auth() }));
    expect(done).toMatchObject({ state: "refunded", refundedFen: 2990 });
    const img = await t.server.inject({ method: "GET", url: `/api/v1/evidence/${evidenceId}`, headers: auth() });
    expect(img.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(img.rawPayload, PNG)).toBe(0);
  });

  it("sends a claim without the evidence it needs to review, where the back office decides", async () => {
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only" }));
    expect(c).toMatchObject({ state: "in_review", decision: { outcome: "review" } });
    expect(c.decision.missingEvidence).toContain("photos");
    expect((await act(c.id, { action: "approve" })).statusCode).toBe(403);
    const tooMuch = await act(c.id, { action: "approve", amountFen: 999_999 }, integrator());
    expect(tooMuch.statusCode).toBe(422);
    const approved = json(await act(c.id, { action: "approve", amountFen: 1000 }, integrator()));
    expect(approved).toMatchObject({ approvedFen: 1000 });
    expect(["refunding", "awaiting_return"]).toContain(approved.state);
  });

  it("exchanges wrong goods: return, receipt, reship, delivery, close", async () => {
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "wrong_item", wantedResolution: "exchange", description: "发成了卷纸" }));
    expect(c).toMatchObject({ resolution: "exchange" });
    const approved = c.state === "in_review" ? json(await act(c.id, { action: "approve", amountFen: 0 }, integrator())) : c;
    expect(approved.state).toBe("awaiting_return");
    const reshipping = json(await act(c.id, { action: "receive_return" }, integrator()));
    expect(reshipping).toMatchObject({ state: "reshipping", stage: { zh: "处理中" } });
    const outbox = await t.database.db.selectFrom("outbox").select("topic").where("aggregate_id", "=", c.id).execute();
    expect(outbox.map((o) => o.topic)).toContain("reship.requested");
    expect(json(await act(c.id, { action: "reship_delivered" }, integrator()))).toMatchObject({ state: "reshipped", stage: { zh: "已完成" } });
    expect(json(await act(c.id, { action: "close" }, integrator()))).toMatchObject({ state: "closed", allowedActions: [] });
    const timeline = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${c.id}`, headers: auth() })).timeline.map((e: { type: string }) => e.type);
    expect(timeline.slice(-5)).toEqual(["request_return", "receive_return", "start_reship", "reship_delivered", "close"]);
  });

  it("answers POST /policy/evaluate with the decision a claim would get, writing nothing", async () => {
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const body = { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } };
    const before = await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const evaluated = await t.server.inject({ method: "POST", url: "/api/v1/policy/evaluate", headers: auth(), payload: body });
    expect(evaluated.statusCode).toBe(200);
    const again = await t.server.inject({ method: "POST", url: "/api/v1/policy/evaluate", headers: integrator(), payload: body });
    expect(json(again)).toEqual(json(evaluated));
    const after = await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const filed = json(await claim(body));
    expect(filed.decision).toEqual(json(evaluated));
  });
});

describe("bad claims", () => {
  it("refuses uploads that are not photos, or too large", async () => {
    const text = await upload(Buffer.from("just some text, not an image"), "photo.jpg", "image/jpeg");
    expect(text.statusCode).toBe(415);
    expect(json(text).type).toBe("https://anxin.dev/problems/unsupported-media-type");
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(9 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    const count = await t.database.db.selectFrom("evidence").select((eb) => eb.fn.countAll<number>().as("n")).where("customer_id", "=", CUSTOMER).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses another customer's photo as evidence", async () => {
    const otherToken = await t.tokenFor("C-6006");
    const uploaded = await upload(PNG, "a.png", "image/png", otherToken);
    expect(uploaded.statusCode).toBe(201);
    const theirs = json(uploaded);
    const order = makeOrder({ customerId: CUSTOMER });
    await ingest(order);
    const res = await claim({ orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "spoiled", wantedResolution: "refund_only", evidenceIds: [theirs.id] });
    expect(res.statusCode).toBe(422);
    expect(json(res).type).toBe("https://anxin.dev/problems/evidence-invalid");
    expect((await t.server.inject({ method: "GET", url: `/api/v1/evidence/${theirs.id}`, headers: auth() })).statusCode).toBe(404);
  });

  const order = makeOrder({ customerId: CUSTOMER });
  const base = { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "spoiled", wantedResolution: "refund_only" };
  const bad: [string, object, (() => Record<string, string>) | null, number, string][] = [
    ["no Idempotency-Key", base, () => auth(), 400, "validation"],
    ["an unknown problem type", { ...base, problemType: "meh" }, null, 400, "validation"],
    ["zero units", { ...base, items: [{ lineNo: 1, quantity: 0 }] }, null, 400, "validation"],
    ["no items", { ...base, items: [] }, null, 400, "validation"],
    ["a line twice", { ...base, items: [{ lineNo: 1, quantity: 1 }, { lineNo: 1, quantity: 1 }] }, null, 422, "validation"],
    ["a line the order lacks", { ...base, items: [{ lineNo: 9, quantity: 1 }] }, null, 422, "validation"],
    ["an order that does not exist", { ...base, orderId: "NOPE-1" }, null, 404, "not-found"],
    ["an answer that is an object", { ...base, answers: { sealIntact: { yes: true } } }, null, 400, "validation"],
  ];
  for (const [name, body, headers, status, slug] of bad) {
    it(`answers ${status} ${slug} to a claim with ${name}, and writes nothing`, async () => {
      await ingest(order);
      const before = await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const res = await t.server.inject({ method: "POST", url: "/api/v1/cases", headers: headers?.() ?? { ...auth(), "idempotency-key": `bad-${n++}-${Date.now()}` }, payload: body });
      expect(res.statusCode).toBe(status);
      expect(json(res)).toMatchObject({ type: `https://anxin.dev/problems/${slug}` });
      const after = await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  }
});
