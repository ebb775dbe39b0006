import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { GATEWAY_MAX_ATTEMPTS } from "../refunds/index.js";
import { call, clockOfTask, cn, fileClaim, tasksOf, topics } from "./tasks.fixtures.js";

/** Finance pays by hand what the payment gateway gave up on (issue 3 §4: "manual refund when the gateway fails"). */
describe("manual refunds", () => {
  let t: TestApp;
  let finance: { id: string; token: string };
  let agent: { id: string; token: string };

  beforeAll(async () => {
    // a gateway that fails every refund
    t = await startTestApp({ failureRate: 1 });
    t.clock.set(cn("2026-11-23 10:00"));
    finance = await t.staff("finance");
    agent = await t.staff("agent");
  });
  afterAll(() => t.close());

  /** A never-delivered order: policy approves the claim and books one refund. */
  async function refundingCase() {
    const filed = await fileClaim(t, { problemType: "not_delivered", wantedResolution: "refund_only", items: [{ lineNo: 1, quantity: 2 }] }, { deliveredAt: null });
    expect(filed.kase.state).toBe("refunding");
    const refund = await t.database.db.selectFrom("refunds").select("id").where("case_id", "=", filed.kase.id).executeTakeFirstOrThrow();
    return { caseId: filed.kase.id as string, refundId: refund.id };
  }

  /** Runs the refund worker through `attempts` failures, waiting out each backoff. */
  async function failAttempts(attempts: number) {
    for (let i = 0; i < attempts; i++) {
      await t.payRefunds();
      t.clock.advance(3_600_000);
    }
  }

  const refundRow = (id: string) => t.database.db.selectFrom("refunds").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const ledger = (caseId: string) => t.database.db.selectFrom("refund_ledger").select(["entry", "amount_fen", "data"]).where("case_id", "=", caseId).orderBy("id").execute();

  it("hands a refund to finance after the gateway fails it three times, and pays it by hand once", async () => {
    const { caseId, refundId } = await refundingCase();
    await failAttempts(GATEWAY_MAX_ATTEMPTS - 1);
    expect(await tasksOf(t, finance.token, caseId)).toEqual([]);
    expect((await call(t, finance.token, "POST", `/api/v1/refunds/${refundId}/manual`, { reference: "BANK-EARLY" })).statusCode).toBe(409);

    await failAttempts(1);
    const [task, ...others] = await tasksOf(t, finance.token, caseId);
    expect(others).toEqual([]);
    expect(task).toMatchObject({ department: "finance", kind: "manual_refund", state: "open", refundId, createdBy: "system:payments", sla: { status: "running" } });
    // the gateway has given up: no more attempts, whatever the time
    await failAttempts(3);
    expect(await refundRow(refundId)).toMatchObject({ state: "failed", attempts: GATEWAY_MAX_ATTEMPTS });
    expect(t.gateway.payouts).toEqual([]);

    const listed = json(await call(t, finance.token, "GET", `/api/v1/refunds?state=failed&minAttempts=${GATEWAY_MAX_ATTEMPTS}`)).refunds as { id: string }[];
    expect(listed.map((r) => r.id)).toContain(refundId);

    const pay = () => call(t, finance.token, "POST", `/api/v1/refunds/${refundId}/manual`, { reference: "BANK-20261123-0001", note: "网银转账" });
    const paid = await pay();
    expect(paid.statusCode, paid.body).toBe(200);
    expect(json(paid)).toMatchObject({ id: refundId, state: "succeeded", gatewayRef: "manual:BANK-20261123-0001" });
    // the same payment reported again answers the same and books nothing more
    const again = await pay();
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(json(paid));
    const other = await call(t, finance.token, "POST", `/api/v1/refunds/${refundId}/manual`, { reference: "BANK-OTHER" });
    expect(other.statusCode).toBe(409);
    expect(json(other).type).toBe("https://anxin.dev/problems/already-paid");

    const kase = json(await call(t, agent.token, "GET", `/api/v1/cases/${caseId}`));
    expect(kase).toMatchObject({ state: "refunded", refundedFen: 5980 });
    const entries = await ledger(caseId);
    expect(entries.map((e) => e.entry)).toEqual(["requested", "failed", "failed", "failed", "paid"]);
    expect(entries.at(-1)).toMatchObject({ amount_fen: 5980, data: { gatewayRef: "manual:BANK-20261123-0001" } });

    const [done] = await tasksOf(t, finance.token, caseId);
    expect(done).toMatchObject({ state: "done", assigneeId: finance.id, finishedBy: `staff:${finance.id}`, outcome: { reference: "BANK-20261123-0001", summary: "网银转账" }, sla: { status: "met" } });
    expect((await clockOfTask(t, task!.id)).stopped_at).not.toBeNull();
    expect(await topics(t, caseId, "task.")).toEqual(["task.opened", "task.completed"]);
  });

  it("pays by hand when finance completes the manual_refund task with the transfer's reference", async () => {
    const { caseId, refundId } = await refundingCase();
    await failAttempts(GATEWAY_MAX_ATTEMPTS);
    const [task] = await tasksOf(t, finance.token, caseId);
    expect(json(await call(t, finance.token, "POST", `/api/v1/tasks/${task!.id}/take`))).toMatchObject({ state: "in_progress", assigneeId: finance.id });
    expect((await call(t, finance.token, "POST", `/api/v1/tasks/${task!.id}/complete`, { outcome: { summary: "已打款" } })).statusCode).toBe(422);
    const done = await call(t, finance.token, "POST", `/api/v1/tasks/${task!.id}/complete`, { outcome: { summary: "已打款", reference: "BANK-20261123-0002" } });
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done)).toMatchObject({ state: "done", outcome: { reference: "BANK-20261123-0002" } });
    expect(await refundRow(refundId)).toMatchObject({ state: "succeeded", gateway_ref: "manual:BANK-20261123-0002" });
    expect(json(await call(t, agent.token, "GET", `/api/v1/cases/${caseId}`)).state).toBe("refunded");
    expect((await ledger(caseId)).filter((e) => e.entry === "paid")).toHaveLength(1);
  });

  it("answers 404 for a refund that does not exist, and lists refunds to finance only", async () => {
    expect((await call(t, finance.token, "POST", "/api/v1/refunds/rf_nothing/manual", { reference: "BANK-X" })).statusCode).toBe(404);
    expect((await call(t, agent.token, "GET", "/api/v1/refunds")).statusCode).toBe(403);
  });
});
