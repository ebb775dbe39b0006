import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** What an agent does with a case policy left to a person (issue 3 §4). */
describe("agent actions on a case in review", () => {
  let t: TestApp;
  let customer: string;
  let agent: { id: string; token: string };
  let n = 0;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const act = (caseId: string, body: object, token = agent.token) => t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers: bearer(token), payload: body });

  /** A damaged-goods claim without a photo: policy sends it to a person. */
  async function caseInReview(lineNo = 2) {
    const order = makeOrder({ customerId: "C-7007" });
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
    const res = await t.server.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { ...bearer(customer), "idempotency-key": `agent-actions-${n++}` },
      payload: { orderId: order.id, items: [{ lineNo, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", description: "纸巾包装破了" },
    });
    expect(json(res).state).toBe("in_review");
    return json(res).id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set("2026-11-20T06:00:00.000Z");
    customer = await t.tokenFor("C-7007");
    agent = await t.staff("agent");
  });
  afterAll(() => t.close());

  it("answers a retried action with an Idempotency-Key as the first time, approving once; another action under the key is 422", async () => {
    const id = await caseInReview();
    const send = (body: object, key: string) =>
      t.server.inject({ method: "POST", url: `/api/v1/cases/${id}/actions`, headers: { ...bearer(agent.token), "idempotency-key": key }, payload: body });
    const first = await send({ action: "approve", amountFen: 1000, resolution: "partial_refund" }, "approve-once-1");
    expect(first.statusCode, first.body).toBe(200);
    const retry = await send({ action: "approve", amountFen: 1000, resolution: "partial_refund" }, "approve-once-1");
    expect(retry.statusCode).toBe(200);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(json(retry).approvedFen).toBe(1000);
    const approvals = await t.database.db.selectFrom("case_events").select("type").where("case_id", "=", id).where("type", "=", "approve").execute();
    expect(approvals).toHaveLength(1);
    expect((await send({ action: "close" }, "approve-once-1")).statusCode).toBe(422);
    // without a key a repeated approval is what it always was: the case moved on, 409
    expect((await act(id, { action: "approve", amountFen: 1000, resolution: "partial_refund" })).statusCode).toBe(409);
  });

  it("rejects with a reason code the reports can count and words the customer reads, releasing the units", async () => {
    const id = await caseInReview();
    const res = await act(id, { action: "reject", reason: "照片显示商品完好", reasonCode: "not_as_described" });
    expect(json(res)).toMatchObject({ state: "rejected", stage: { zh: "已关闭" } });
    expect(json(res).timeline.find((e: { type: string }) => e.type === "reject")).toMatchObject({ data: { reason: "照片显示商品完好", reasonCode: "not_as_described" } });
    const line = await t.database.db.selectFrom("order_items").select("claimed_quantity").where("id", "=", json(res).items[0].orderItemId).executeTakeFirstOrThrow();
    expect(line.claimed_quantity).toBe(0);
  });

  it("refuses a rejection without words for the customer", async () => {
    const id = await caseInReview();
    const res = await act(id, { action: "reject", reasonCode: "other" });
    expect(res.statusCode).toBe(422);
    expect(json(res).type).toBe("https://anxin.dev/problems/validation");
  });

  it("asks the customer for evidence, takes their photo, and returns the case to review", async () => {
    const id = await caseInReview();
    expect(json(await act(id, { action: "request_info", question: "请补充一张破损处的照片" }))).toMatchObject({ state: "awaiting_customer", allowedActions: expect.arrayContaining(["approve", "reject"]) });
    const boundary = "----b";
    const upload = await t.server.inject({
      method: "POST",
      url: "/api/v1/evidence",
      headers: { ...bearer(customer), "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    const photo = json(upload).id as string;
    const answered = await act(id, { action: "provide_info", note: "已补充照片", evidenceIds: [photo] }, customer);
    expect(json(answered)).toMatchObject({ state: "in_review", evidenceIds: [photo] });
  });

  it("refuses photos that are not the customer's own when they answer", async () => {
    const id = await caseInReview();
    await act(id, { action: "request_info", question: "照片?" });
    const res = await act(id, { action: "provide_info", evidenceIds: ["ev_not_theirs"] }, customer);
    expect(res.statusCode).toBe(422);
    expect((await t.database.db.selectFrom("cases").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state).toBe("awaiting_customer");
  });

  it("approves part of the claim as a partial refund and pays exactly that", async () => {
    const id = await caseInReview();
    const res = await act(id, { action: "approve", amountFen: 500, note: "包装破损但可用，退一半" });
    expect(json(res)).toMatchObject({ state: "refunding", resolution: "partial_refund", approvedFen: 500 });
    await t.payRefunds();
    const paid = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${id}`, headers: bearer(agent.token) }));
    expect(paid).toMatchObject({ state: "refunded", refundedFen: 500 });
  });

  it("grants a reship instead of money, and an exchange takes the goods back first", async () => {
    const reship = await caseInReview();
    expect(json(await act(reship, { action: "approve", resolution: "reship" }))).toMatchObject({ state: "reshipping", resolution: "reship" });
    const exchange = await caseInReview();
    expect(json(await act(exchange, { action: "approve", resolution: "exchange" }))).toMatchObject({ state: "awaiting_return", resolution: "exchange" });
  });

  it("compensates with a coupon, balance or points, and refuses a compensation kind on another resolution", async () => {
    const id = await caseInReview();
    expect(json(await act(id, { action: "approve", resolution: "compensation", compensationKind: "points", amountFen: 300 }))).toMatchObject({ state: "compensated", compensationKind: "points", approvedFen: 300 });
    const other = await caseInReview();
    expect((await act(other, { action: "approve", resolution: "refund_only", compensationKind: "coupon" })).statusCode).toBe(422);
  });

  it("refuses more than was claimed, and actions a role may not take", async () => {
    const id = await caseInReview();
    expect((await act(id, { action: "approve", amountFen: 999_999 })).statusCode).toBe(422);
    expect((await act(id, { action: "approve", amountFen: 0 })).statusCode).toBe(422);
    const finance = await t.staff("finance");
    const res = await act(id, { action: "approve" }, finance.token);
    expect(res.statusCode).toBe(403);
    const warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
    const wrong = await act(id, { action: "approve" }, warehouse.token);
    expect(wrong.statusCode).toBe(403);
    expect(json(wrong).detail).toContain("may not approve");
  });
});
