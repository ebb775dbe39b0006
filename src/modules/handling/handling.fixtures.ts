// Test helpers shared by handling's database tests (not imported by the application).
import { expect } from "vitest";
import { json, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

/** A second pickup point, in another city and run by another leader. */
export const ZHUZHOU_POINT = { id: "PP-ZZ-01", name: "株洲天元自提点", city: "株洲", leader: { id: "LD-ZZ-01", name: "赵团长", phone: "13700008888" } };

export function handlingKit(t: TestApp) {
  let n = 0;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (method: "GET" | "POST" | "DELETE", url: string, token: string, payload?: object) =>
    t.server.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

  return {
    call,
    bearer,
    /** A damaged-goods claim without a photo: policy sends it to a person (in_review). */
    async reviewCase(o: { customerId?: string; pickupPoint?: typeof ZHUZHOU_POINT } = {}): Promise<Record<string, any>> {
      return (await this.orderToClaim(o))();
    },
    /**
     * Places an order now and answers the filing of its review claim, to run later: a test files
     * many at the same moment without their orders' writes in between.
     */
    async orderToClaim(o: { customerId?: string; pickupPoint?: typeof ZHUZHOU_POINT } = {}): Promise<() => Promise<Record<string, any>>> {
      const customerId = o.customerId ?? `C-H${++n}`;
      const order = makeOrder({ customerId, ...(o.pickupPoint ? { pickupPoint: o.pickupPoint } : {}) });
      await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
      const token = await t.tokenFor(customerId);
      const key = `handling-${++n}-${customerId}`;
      return async () => {
        const res = await t.server.inject({
          method: "POST",
          url: "/api/v1/cases",
          headers: { ...bearer(token), "idempotency-key": key },
          payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", description: "纸巾包装破了" },
        });
        expect(res.statusCode).toBe(201);
        expect(json(res).state).toBe("in_review");
        return json(res);
      };
    },
    /** Ends everyone's shift, so a test decides alone who is on duty. */
    async everyoneOffDuty() {
      await t.database.db.updateTable("staff").set({ on_duty: false }).execute();
    },
    /** Closes a case in review through a back-office rejection (the integrator owns nothing). */
    async reject(caseId: string) {
      const res = await t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers: { "x-api-key": t.apiKey }, payload: { action: "reject", reason: "测试关闭" } });
      expect(res.statusCode).toBe(200);
    },
    async caseRow(caseId: string) {
      return t.database.db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    },
    async timeline(caseId: string) {
      return t.database.db.selectFrom("case_events").select(["type", "actor", "data"]).where("case_id", "=", caseId).orderBy("id").execute();
    },
    async outbox(caseId: string, topic: string) {
      return t.database.db.selectFrom("outbox").select(["topic", "payload"]).where("aggregate_id", "=", caseId).where("topic", "=", topic).execute();
    },
  };
}
