import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

/**
 * Least privilege on cases: who sees which case, and how much of the customer's contact.
 * Two pickup points with their own leaders; the second order's goods come from another
 * supplier and warehouse.
 */
describe("case scope and personal data per role", () => {
  let t: TestApp;
  let atA: string; // a case at pickup point A (leader LD-001), goods of SUP-01 from WH-01
  let atB: string; // a case at pickup point B (leader LD-002), goods of SUP-02 from WH-02
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const view = (id: string, who: string) => t.server.inject({ method: "GET", url: `/api/v1/cases/${id}`, headers: as(who) });
  const list = async (who: string) => (json(await t.server.inject({ method: "GET", url: "/api/v1/cases?limit=100", headers: as(who) })).cases as { id: string }[]).map((c) => c.id).sort();

  async function fileCase(customerId: string, order: ReturnType<typeof makeOrder>) {
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
    const token = await t.tokenFor(customerId);
    const res = await t.server.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { authorization: `Bearer ${token}`, "idempotency-key": `scope-${order.id}` },
      // a damaged claim with no photo goes to a person
      payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", description: "外包装压坏" },
    });
    expect(res.statusCode).toBe(201);
    return json(res).id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    atA = await fileCase("C-A", makeOrder({ customerId: "C-A" }));
    const elsewhere = makeOrder({ customerId: "C-B", pickupPoint: { id: "PP-002", name: "梅溪湖自提点", city: "长沙", leader: { id: "LD-002", name: "李团长", phone: "13700008888" } } });
    elsewhere.items = elsewhere.items.map((i) => ({ ...i, supply: { ...i.supply, supplier: { id: "SUP-02", name: "纸品厂" }, warehouse: { id: "WH-02", name: "星沙仓", city: "长沙" } } }));
    atB = await fileCase("C-B", elsewhere);
    tokens.customerA = await t.tokenFor("C-A");
    tokens.leaderA = (await t.staff("leader", { leaderId: "LD-001" })).token;
    tokens.leaderB = (await t.staff("leader", { leaderId: "LD-002" })).token;
    tokens.supplier1 = (await t.staff("supplier_quality", { supplierId: "SUP-01" })).token;
    tokens.warehouse2 = (await t.staff("warehouse", { warehouseId: "WH-02" })).token;
    tokens.agent = (await t.staff("agent")).token;
    tokens.finance = (await t.staff("finance")).token;
  });
  afterAll(() => t.close());

  it("shows a leader only the cases of their own pickup points", async () => {
    expect(await list("leaderA")).toEqual([atA]);
    expect(await list("leaderB")).toEqual([atB]);
    expect((await view(atB, "leaderA")).statusCode).toBe(404);
  });

  it("shows supplier quality only cases with their supplier's goods, and a warehouse only its own", async () => {
    expect(await list("supplier1")).toEqual([atA]);
    expect(await list("warehouse2")).toEqual([atB]);
    expect((await view(atA, "warehouse2")).statusCode).toBe(404);
  });

  it("shows the back office every case and a customer only their own", async () => {
    expect(await list("agent")).toEqual(expect.arrayContaining([atA, atB]));
    expect(await list("customerA")).toEqual([atA]);
    expect((await view(atB, "customerA")).statusCode).toBe(404);
  });

  it("refuses an action on a case outside the caller's scope as if it did not exist", async () => {
    const res = await t.server.inject({ method: "POST", url: `/api/v1/cases/${atB}/actions`, headers: as("leaderA"), payload: { action: "approve" } });
    expect(res.statusCode).toBe(404);
    const still = await t.database.db.selectFrom("cases").select("state").where("id", "=", atB).executeTakeFirstOrThrow();
    expect(still.state).toBe("in_review");
  });

  it("masks the customer's phone and address for roles that do not need them", async () => {
    const full = json(await view(atA, "agent")).customer;
    expect(full).toEqual({ name: "李女士", phone: "13912345678", address: "长沙市岳麓区梅溪湖街道金茂悦小区3栋1201" });
    const leader = json(await view(atA, "leaderA")).customer;
    expect(leader.phone).toBe("139****5678");
    expect(leader.address).not.toContain("3栋1201");
    expect(json(await view(atA, "finance")).customer.phone).toBe("139****5678");
    expect(json(await view(atA, "supplier1")).customer).toBeNull();
    expect(json(await view(atA, "customerA"))).not.toHaveProperty("customer");
  });

  it("lets a leader see a photo only when it belongs to a case at their point", async () => {
    const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const b = "----b";
    const upload = await t.server.inject({
      method: "POST",
      url: "/api/v1/evidence",
      headers: { ...as("customerA"), "content-type": `multipart/form-data; boundary=${b}` },
      payload: Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${b}--\r\n`)]),
    });
    const photo = json(upload).id as string;
    const photoUrl = `/api/v1/evidence/${photo}`;
    expect((await t.server.inject({ method: "GET", url: photoUrl, headers: as("leaderA") })).statusCode).toBe(404); // not on any case yet
    const order = makeOrder({ customerId: "C-A" });
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
    await t.server.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { ...as("customerA"), "idempotency-key": `scope-photo-${order.id}` },
      payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", evidenceIds: [photo] },
    });
    expect((await t.server.inject({ method: "GET", url: photoUrl, headers: as("leaderA") })).statusCode).toBe(200);
    expect((await t.server.inject({ method: "GET", url: photoUrl, headers: as("leaderB") })).statusCode).toBe(404);
    expect((await t.server.inject({ method: "GET", url: photoUrl, headers: as("agent") })).statusCode).toBe(200);
  });

  it("makes the first agent to act the owner of the case (首问负责)", async () => {
    const agent = await t.staff("agent");
    const res = await t.server.inject({ method: "POST", url: `/api/v1/cases/${atA}/actions`, headers: { authorization: `Bearer ${agent.token}` }, payload: { action: "request_info", question: "请拍一张外包装的照片" } });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ state: "awaiting_customer", ownerId: agent.id, stage: { zh: "审核中" } });
    const other = await t.staff("agent");
    await t.server.inject({ method: "POST", url: `/api/v1/cases/${atA}/actions`, headers: { authorization: `Bearer ${other.token}` }, payload: { action: "approve", amountFen: 1000 } });
    const after = await t.database.db.selectFrom("cases").select(["owner_id", "resolution", "approved_fen"]).where("id", "=", atA).executeTakeFirstOrThrow();
    expect(after).toEqual({ owner_id: agent.id, resolution: "partial_refund", approved_fen: 1000 });
  });
});
