import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { markRefundPaid } from "../cases/index.js";
import { simulatedGateway, settleRefund, submitDueRefunds, type RefundResult } from "./index.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

/** Files a never-delivered claim, which policy approves and turns into one pending refund. */
async function refundingCase(customerId: string) {
  const order = makeOrder({ customerId, deliveredAt: null });
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
  const token = await t.tokenFor(customerId);
  const res = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": `refund-${order.id}` },
    payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 2 }], problemType: "not_delivered", wantedResolution: "refund_only" },
  });
  const c = json(res);
  expect(c.state).toBe("refunding");
  return c.id as string;
}

const ledger = (caseId: string) => t.database.db.selectFrom("refund_ledger").select(["entry", "amount_fen"]).where("case_id", "=", caseId).orderBy("id").execute();

describe("refunds", () => {
  it("pays once when two workers race and the gateway answers twice", async () => {
    const caseId = await refundingCase("C-R1");
    const results: RefundResult[] = [];
    const gateway = simulatedGateway({ latencyMs: 0 });
    gateway.onResult((r) => results.push(r));
    const deps = { db: t.database.db, gateway, clock: t.clock, onPaid: markRefundPaid };
    const [a, b] = await Promise.all([submitDueRefunds(deps), submitDueRefunds(deps)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 5));
    // the same answer delivered twice, concurrently, and once more later
    await Promise.all(results.flatMap((r) => [settleRefund(deps, r), settleRefund(deps, r)]));
    await settleRefund(deps, results[0]!);
    expect(gateway.payouts).toHaveLength(1);
    expect((await ledger(caseId)).map((e) => e.entry)).toEqual(["requested", "paid"]);
    const kase = await t.database.db.selectFrom("cases").select(["state", "refunded_fen", "approved_fen"]).where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(kase).toEqual({ state: "refunded", refunded_fen: 5980, approved_fen: 5980 });
  });

  it("retries a failed refund with backoff and pays it when the gateway recovers", async () => {
    const caseId = await refundingCase("C-R2");
    let down = true;
    const gateway = simulatedGateway({ latencyMs: 0, down: () => down });
    const deps = { db: t.database.db, gateway, clock: t.clock, onPaid: markRefundPaid };
    const answers: Promise<void>[] = [];
    gateway.onResult((r) => answers.push(settleRefund(deps, r)));
    expect(await submitDueRefunds(deps)).toBe(1);
    const failed = await t.database.db.selectFrom("refunds").select(["state", "attempts", "next_attempt_at"]).where("case_id", "=", caseId).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ state: "failed", attempts: 1 });
    expect(failed.next_attempt_at.getTime()).toBeGreaterThan(t.clock().getTime());
    // not due again until the backoff has passed
    expect(await submitDueRefunds(deps)).toBe(0);
    down = false;
    t.clock.advance(60_000);
    expect(await submitDueRefunds(deps)).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all(answers);
    expect((await ledger(caseId)).map((e) => e.entry)).toEqual(["requested", "failed", "paid"]);
    expect(gateway.payouts).toHaveLength(1);
  });

  it("resubmits a refund whose worker died mid-call, and the gateway still pays once", async () => {
    const caseId = await refundingCase("C-R3");
    const gateway = simulatedGateway({ latencyMs: 0 });
    const results: RefundResult[] = [];
    gateway.onResult((r) => results.push(r));
    const deps = { db: t.database.db, gateway, clock: t.clock, onPaid: markRefundPaid, staleAfterMs: 60_000 };
    await submitDueRefunds(deps); // paid at the gateway, but the answer is lost with the worker
    results.length = 0;
    t.clock.advance(120_000);
    expect(await submitDueRefunds(deps)).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    for (const r of results) await settleRefund(deps, r);
    expect(gateway.payouts).toHaveLength(1);
    expect((await ledger(caseId)).filter((e) => e.entry === "paid")).toHaveLength(1);
  });
});
