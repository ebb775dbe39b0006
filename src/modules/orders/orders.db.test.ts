import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const ingest = (order: unknown, headers: Record<string, string> = { "x-api-key": t.apiKey }) =>
  t.server.inject({ method: "POST", url: "/api/v1/orders", headers, payload: order as object });

describe("order ingest", () => {
  it("creates an order, ignores an identical resend and applies a change", async () => {
    const order = makeOrder();
    expect(json(await ingest(order))).toEqual({ id: order.id, status: "created" });
    expect(json(await ingest(order))).toEqual({ id: order.id, status: "unchanged" });
    const delivered = { ...order, items: order.items.map((i) => ({ ...i, supply: { ...i.supply, pickedUpAt: "2026-11-20T09:00:00.000Z" } })) };
    const res = await ingest(delivered);
    expect(res.statusCode).toBe(200);
    expect(json(res).status).toBe("updated");
    const row = await t.database.db.selectFrom("order_items").select("picked_up_at").where("id", "=", `${order.id}#1`).executeTakeFirstOrThrow();
    expect(row.picked_up_at?.toISOString()).toBe("2026-11-20T09:00:00.000Z");
  });

  it("shows the order with its supply chain to its customer, without the driver", async () => {
    const order = makeOrder({ customerId: "C-3003" });
    await ingest(order);
    const token = await t.tokenFor("C-3003");
    const view = json(await t.server.inject({ method: "GET", url: `/api/v1/orders/${order.id}`, headers: { authorization: `Bearer ${token}` } }));
    expect(view.items[0].supply).toMatchObject({ batch: { id: "B20261119-STRW-01", bestBefore: "2026-11-23" }, supplier: { name: "长沙鲜果园果业有限公司" }, route: { id: "RT-03" }, driver: null });
    const asIntegrator = json(await t.server.inject({ method: "GET", url: `/api/v1/orders/${order.id}`, headers: { "x-api-key": t.apiKey } }));
    expect(asIntegrator.items[0].supply.driver).toEqual({ id: "DRV-07", name: "张师傅" });
    const list = json(await t.server.inject({ method: "GET", url: "/api/v1/orders", headers: { authorization: `Bearer ${token}` } }));
    expect(list.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
  });

  it("refuses a change that would undercut a claim, and keeps the order as it was", async () => {
    const order = makeOrder({ customerId: "C-4004" });
    await ingest(order);
    const token = await t.tokenFor("C-4004");
    const claimed = await t.server.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { authorization: `Bearer ${token}`, "idempotency-key": `undercut-${order.id}` },
      payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 2 }], problemType: "spoiled", wantedResolution: "refund_only", description: "全烂了" },
    });
    expect(claimed.statusCode).toBe(201);
    const shrunk = { ...order, items: [{ ...order.items[0]!, quantity: 1, paidFen: 2990 }, order.items[1]!], paidFen: 2990 + 1990 };
    const res = await ingest(shrunk);
    expect(res.statusCode).toBe(409);
    expect(json(res).type).toBe("https://anxin.dev/problems/order-conflict");
    const dropped = await ingest({ ...order, items: [order.items[1]!], paidFen: 1990 });
    expect(dropped.statusCode).toBe(409);
    const lines = await t.database.db.selectFrom("order_items").select(["line_no", "quantity", "claimed_quantity"]).where("order_id", "=", order.id).orderBy("line_no").execute();
    expect(lines).toEqual([
      { line_no: 1, quantity: 2, claimed_quantity: 2 },
      { line_no: 2, quantity: 1, claimed_quantity: 0 },
    ]);
  });
});

describe("bad input to order ingest", () => {
  const cases: [string, () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, number, string][] = [
    ["no credentials", () => ingest(makeOrder(), {}), 401, "unauthenticated"],
    ["a wrong API key", () => ingest(makeOrder(), { "x-api-key": "ak_nope" }), 401, "unauthenticated"],
    ["a customer token", async () => ingest(makeOrder(), { authorization: `Bearer ${await t.tokenFor("C-1")}` }), 403, "forbidden"],
    ["a forged token", () => ingest(makeOrder(), { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad" }), 401, "unauthenticated"],
    ["malformed JSON", () => t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey, "content-type": "application/json" }, payload: "{nope" }), 400, "malformed-body"],
    ["an XML body", () => t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey, "content-type": "application/xml" }, payload: "<order/>" }), 415, "unsupported-media-type"],
    ["a missing customer", () => ingest({ ...makeOrder(), customer: undefined }), 400, "validation"],
    ["a negative price", () => ingest(makeOrder({ items: [{ unitPriceFen: -1 }] })), 400, "validation"],
    ["a fractional amount", () => ingest({ ...makeOrder(), paidFen: 12.5 }), 400, "validation"],
    ["an unknown field", () => ingest({ ...makeOrder(), surprise: true }), 400, "validation"],
    ["a bad timestamp", () => ingest({ ...makeOrder(), placedAt: "yesterday" }), 400, "validation"],
    ["totals that do not add up", () => ingest({ ...makeOrder(), paidFen: 1 }), 422, "validation"],
    ["a line paid more than its price", () => ingest(makeOrder({ items: [{ quantity: 1, unitPriceFen: 100, paidFen: 200 }] })), 422, "validation"],
    ["a duplicate line number", () => { const o = makeOrder(); return ingest({ ...o, items: [o.items[0]!, { ...o.items[1]!, lineNo: 1 }] }); }, 422, "validation"],
    ["pickup before delivery", () => ingest(makeOrder({ deliveredAt: "2026-11-20T05:00:00.000Z", pickedUpAt: "2026-11-20T04:00:00.000Z" })), 422, "validation"],
    ["a body over 1 MiB", () => ingest({ ...makeOrder(), pad: "x".repeat(1_100_000) }), 413, "payload-too-large"],
  ];
  for (const [name, send, status, slug] of cases) {
    it(`answers ${status} ${slug} to ${name}, and stores nothing`, async () => {
      const before = await t.database.db.selectFrom("orders").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(String(res.headers["content-type"])).toContain("application/problem+json");
      expect(JSON.parse(res.body)).toMatchObject({ type: `https://anxin.dev/problems/${slug}`, status });
      const after = await t.database.db.selectFrom("orders").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  }

  it("answers unknown routes with problem+json 404", async () => {
    const res = await t.server.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(json(res).type).toBe("https://anxin.dev/problems/not-found");
  });

  it("serves the OpenAPI document with every endpoint", async () => {
    const doc = json(await t.server.inject({ method: "GET", url: "/openapi.json" }));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/orders", "/api/v1/orders/{orderId}", "/api/v1/cases", "/api/v1/cases/{caseId}", "/api/v1/cases/{caseId}/actions", "/api/v1/cases/{caseId}/refunds", "/api/v1/policy/evaluate", "/api/v1/evidence", "/api/v1/customer-tokens", "/api/v1/policy", "/api/v1/policy/versions"]),
    );
  });
});
