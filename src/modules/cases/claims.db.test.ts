import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = await t.tokenFor("C-1001");
});
afterAll(async () => t.close());

const ingest = (order: object) => t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
let keyNo = 0;
const claim = (body: object, key = `key-${keyNo++}-${Date.now()}`, auth = token) =>
  t.server.inject({ method: "POST", url: "/api/v1/cases", headers: { authorization: `Bearer ${auth}`, "idempotency-key": key }, payload: body });
const counts = async () => ({
  cases: Number((await t.database.db.selectFrom("cases").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  events: Number((await t.database.db.selectFrom("case_events").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  outbox: Number((await t.database.db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  claimed: Number((await t.database.db.selectFrom("order_items").select((eb) => eb.fn.sum("claimed_quantity").as("n")).executeTakeFirstOrThrow()).n ?? 0),
});

describe("filing a claim", () => {
  it("refunds an item never delivered at once, and pays it exactly once", async () => {
    const order = makeOrder({ deliveredAt: null, promisedAt: "2026-11-20T02:00:00.000Z" });
    expect((await ingest(order)).statusCode).toBe(201);
    const res = await claim({ orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "not_delivered", wantedResolution: "refund_only" });
    expect(res.statusCode).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({ state: "refunding", stage: { zh: "处理中" }, claimedFen: 1990, approvedFen: 1990, decision: { outcome: "approve" } });
    expect(c.decision.rules.length).toBeGreaterThan(0);
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(["submitted", "approve", "start_refund"]);

    await t.payRefunds();
    await t.payRefunds();
    const after = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${c.id}`, headers: { authorization: `Bearer ${token}` } }));
    expect(after).toMatchObject({ state: "refunded", refundedFen: 1990, stage: { zh: "已完成" } });
    const refunds = json(await t.server.inject({ method: "GET", url: `/api/v1/cases/${c.id}/refunds`, headers: { authorization: `Bearer ${token}` } }));
    expect(refunds.ledger.filter((e: { entry: string }) => e.entry === "paid")).toHaveLength(1);
    expect(t.gateway.payouts.filter((p) => p.refundId === refunds.refunds[0].id)).toHaveLength(1);
    const outbox = await t.database.db.selectFrom("outbox").select("topic").where("aggregate_id", "=", c.id).execute();
    expect(outbox.map((o) => o.topic)).toEqual(expect.arrayContaining(["case.approve", "refund.requested", "case.refund_paid", "case.stage_changed"]));
  });

  it("refuses more units than were bought, and writes nothing", async () => {
    const order = makeOrder();
    await ingest(order);
    const before = await counts();
    const res = await claim({ orderId: order.id, items: [{ lineNo: 1, quantity: 3 }], problemType: "spoiled", wantedResolution: "refund_only" });
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(json(res)).toMatchObject({ type: "https://anxin.dev/problems/quantity-exceeded", status: 409 });
    expect(await counts()).toEqual(before);
  });

  it("answers a retried claim with the first response and files one case", async () => {
    const order = makeOrder();
    await ingest(order);
    const body = { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "spoiled", wantedResolution: "refund_only", description: "草莓发霉了", evidenceIds: [] };
    const first = await claim(body, "retry-key-0001");
    const second = await claim(body, "retry-key-0001");
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(json(second).id).toBe(json(first).id);
    const reused = await claim({ ...body, description: "different" }, "retry-key-0001");
    expect(reused.statusCode).toBe(422);
    expect(json(reused).type).toBe("https://anxin.dev/problems/idempotency-key-reused");
    const cases = await t.database.db.selectFrom("cases").select("id").where("order_id", "=", order.id).execute();
    expect(cases).toHaveLength(1);
  });

  it("lets only one of many concurrent claims take the last units", async () => {
    const order = makeOrder();
    await ingest(order);
    const body = { orderId: order.id, items: [{ lineNo: 1, quantity: 2 }], problemType: "spoiled", wantedResolution: "refund_only", description: "烂了" };
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(body, `concurrent-${i}-${order.id}`)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const line = await t.database.db.selectFrom("order_items").select(["claimed_quantity", "claimed_fen", "paid_fen"]).where("id", "=", `${order.id}#1`).executeTakeFirstOrThrow();
    expect(line.claimed_quantity).toBe(2);
    expect(line.claimed_fen).toBeLessThanOrEqual(line.paid_fen);
  });

  it("files one case for concurrent retries with the same key", async () => {
    const order = makeOrder();
    await ingest(order);
    const body = { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", description: "包装破了" };
    const results = await Promise.all(Array.from({ length: 6 }, () => claim(body, `same-${order.id}`)));
    expect(new Set(results.map((r) => json(r).id)).size).toBe(1);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
  });

  it("hides another customer's order", async () => {
    const order = makeOrder({ customerId: "C-2002" });
    await ingest(order);
    const res = await claim({ orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "spoiled", wantedResolution: "refund_only" });
    expect(res.statusCode).toBe(404);
    const view = await t.server.inject({ method: "GET", url: `/api/v1/orders/${order.id}`, headers: { authorization: `Bearer ${token}` } });
    expect(view.statusCode).toBe(404);
  });

  it("releases the claimed units when the customer cancels", async () => {
    const order = makeOrder();
    await ingest(order);
    // a changed-mind return of tissues needs the goods back: the case waits for the return
    const c = json(await claim({ orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } }));
    expect(["awaiting_return", "in_review"]).toContain(c.state);
    const cancelled = await t.server.inject({ method: "POST", url: `/api/v1/cases/${c.id}/actions`, headers: { authorization: `Bearer ${token}` }, payload: { action: "cancel" } });
    expect(json(cancelled)).toMatchObject({ state: "cancelled", stage: { zh: "已关闭" }, allowedActions: [] });
    const line = await t.database.db.selectFrom("order_items").select(["claimed_quantity", "claimed_fen"]).where("id", "=", `${order.id}#2`).executeTakeFirstOrThrow();
    expect(line).toEqual({ claimed_quantity: 0, claimed_fen: 0 });
    const again = await t.server.inject({ method: "POST", url: `/api/v1/cases/${c.id}/actions`, headers: { authorization: `Bearer ${token}` }, payload: { action: "cancel" } });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ type: "https://anxin.dev/problems/invalid-transition", allowedActions: [] });
  });
});
