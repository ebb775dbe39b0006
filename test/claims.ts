import { expect } from "vitest";
import { json, type TestApp } from "./app.js";
import { makeOrder } from "./factories.js";

let serial = 0;

/**
 * Files a claim, as its customer, on a fresh order of a fresh customer (so no abuse or standing
 * history carries over between claims): the order is ingested as the integrator, the claim filed
 * with a key of its own. Line 2 (tissues), one unit, unless the claim says otherwise.
 */
export async function claimOnFreshOrder(t: TestApp, prefix: string, claim: Record<string, unknown>, order: Parameters<typeof makeOrder>[0] = {}) {
  const n = ++serial;
  const customerId = `C-${prefix}-${n}-${Date.now().toString(36)}`;
  const o = makeOrder({ customerId, ...order });
  const ingested = await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: o });
  expect(ingested.statusCode, ingested.body).toBeLessThan(300);
  const token = await t.tokenFor(customerId);
  const res = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": `${prefix.toLowerCase()}-${n}-${Date.now()}` },
    payload: { orderId: o.id, items: [{ lineNo: 2, quantity: 1 }], answers: {}, ...claim },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { kase: json(res), token, customerId, order: o };
}
