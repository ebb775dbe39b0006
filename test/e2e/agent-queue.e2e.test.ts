import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrder } from "../factories.js";
import { expectNoConsoleErrors, startE2E, type E2E, type E2EPage } from "./harness.js";

/*
 * The agent desk's work lists in a real browser: the queue (live countdowns, filters, saved views,
 * keyboard, live stream, export, error state) and the departments' tasks (warehouse, finance).
 */

let e2e: E2E;
// a pickup point of this test's own, so its cases can be told from the demo data's
const POINT = { id: "PP-E2E-Q", name: "测试队列自提点", city: "长沙", leader: { id: "LD-E2E-Q", name: "测试团长", phone: "13700009999" } };
let serial = 0;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** An order delivered yesterday, placed by the integrator for a fresh customer. */
async function freshOrder(supply: { warehouse?: { id: string; name: string; city: string } } = {}, pickupPoint = POINT) {
  const customerId = `C-E2EQ-${++serial}-${Date.now().toString(36)}`;
  const deliveredAt = new Date(Date.now() - 20 * 3_600_000).toISOString();
  const base = makeOrder({ customerId, pickupPoint, placedAt: new Date(Date.now() - 40 * 3_600_000).toISOString(), promisedAt: deliveredAt, deliveredAt });
  const order = { ...base, items: base.items.map((i) => ({ ...i, supply: { ...i.supply, ...supply } })) };
  const placed = await e2e.request("POST", "/api/v1/orders", { apiKey: true, body: order });
  expect(placed.status, JSON.stringify(placed.body)).toBeLessThan(300);
  const { token } = await e2e.app.credentials.issueCustomerToken(customerId);
  return { order, token };
}

/** Damaged tissues without a photo: the policy leaves the claim to a person (in review). */
async function reviewCase(pickupPoint = POINT): Promise<string> {
  const { order, token } = await freshOrder({}, pickupPoint);
  const filed = await e2e.request<{ id: string; state: string }>("POST", "/api/v1/cases", {
    token,
    headers: { "idempotency-key": `e2e-queue-${serial}-${Date.now()}` },
    body: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", description: "纸巾包装破了", answers: {} },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  expect(filed.body.state).toBe("in_review");
  return filed.body.id;
}

type QueueRow = { caseId: string; ownerId: string | null };
async function apiQueue(query: string): Promise<QueueRow[]> {
  const answer = await e2e.request<{ cases: QueueRow[] }>("GET", `/api/v1/queue?${query}`, { token: await e2e.staffToken("agent") });
  expect(answer.status).toBe(200);
  return answer.body.cases;
}

const tableIds = (target: E2EPage, testId = "queue-table") =>
  target.page.locator(`[data-testid=${testId}] tbody tr[data-row-key]`).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-key")));

/** Waits for what a screen shows: a loaded machine running other suites can take seconds. */
const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

/** Takes keyboard focus off any field, so shortcuts reach the list. */
const blur = (target: E2EPage) => target.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));

describe("the agent's queue", () => {
  it("lists review cases nearest deadline first with live countdowns; filters, saved views, keyboard take, live stream, export, error state", async () => {
    // nobody on duty: automatic assignment leaves the cases unowned in the queue, for someone to take
    for (const login of ["agent", "agent2", "supervisor"]) {
      const off = await e2e.request("PUT", "/api/v1/auth/me/duty", { token: await e2e.staffToken(login), body: { onDuty: false } });
      expect(off.status, JSON.stringify(off.body)).toBe(200);
    }
    const ours = [await reviewCase(), await reviewCase(), await reviewCase()];
    // and one elsewhere, which the saved view leaves out
    const elsewhere = await reviewCase({ ...POINT, id: "PP-E2E-Q2", name: "另一自提点" });
    const desk = await e2e.open("desk");
    await e2e.loginStaff(desk, "agent");
    const { page } = desk;
    await page.goto(`${e2e.baseUrl}/desk/agent`);
    await page.waitForURL(/\/desk\/agent\/queue/);
    await page.locator("[data-testid=queue-table] tbody tr[data-row-key]").first().waitFor();
    // the unfiltered queue is the API's own order: nearest SLA deadline first
    const firstPage = (await apiQueue("limit=50")).map((r) => r.caseId);
    expect(await tableIds(desk)).toEqual(firstPage);
    // the countdown ticks every second without a reload
    const countdown = page.locator("[data-testid=queue-table] [data-testid=countdown]").first();
    const before = await countdown.textContent();
    await eventually(() => countdown.textContent()).not.toBe(before);
    expect(["onTrack", "warning", "breached"]).toContain(await countdown.getAttribute("data-tone"));
    await eventually(() => page.getByTestId("stream-status").getAttribute("data-status")).toBe("live");
    await desk.shot("agent-queue");

    // filter: this test's pickup point, damaged goods
    await page.getByTestId("filter-pickup-point").locator("input").fill(POINT.id);
    await page.getByTestId("filter-pickup-point").locator("input").press("Enter");
    await page.waitForURL(/pickupPointId=PP-E2E-Q/);
    await page.getByTestId("filter-problem-type").click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "破损" }).click();
    await page.waitForURL(/problemType=damaged/);
    const filtered = (await apiQueue(`pickupPointId=${POINT.id}&problemType=damaged`)).map((r) => r.caseId);
    expect(new Set(filtered)).toEqual(new Set(ours));
    await eventually(() => tableIds(desk)).toEqual(filtered);

    // save the filters as a view; after a reload, the view is there and applies
    await page.getByTestId("view-save").click();
    await page.getByTestId("view-name").fill("测试自提点破损");
    await page.getByTestId("view-save-confirm").click();
    await page.getByTestId("view-name").waitFor({ state: "hidden" });
    await eventually(() => page.getByTestId("views-select").textContent()).toContain("测试自提点破损");
    await page.goto(`${e2e.baseUrl}/desk/agent/queue`);
    await page.locator("[data-testid=queue-table] tbody tr[data-row-key]").first().waitFor();
    expect(await tableIds(desk)).toContain(elsewhere);
    await page.getByTestId("views-select").click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "测试自提点破损" }).click();
    await page.waitForURL(/pickupPointId=PP-E2E-Q/);
    await eventually(() => tableIds(desk)).toEqual(filtered);
    const saved = await e2e.request<{ views: { name: string; filters: Record<string, unknown> }[] }>("GET", "/api/v1/me/views?screen=queue", { token: await e2e.staffToken("agent") });
    expect(saved.body.views.map((v) => [v.name, v.filters])).toEqual([["测试自提点破损", { pickupPointId: POINT.id, problemType: "damaged" }]]);
    await desk.shot("agent-queue-views");

    // keyboard: j moves to the second case, t takes it
    await blur(desk);
    await page.keyboard.press("?");
    await page.getByTestId("shortcut-list").waitFor();
    await page.keyboard.press("?");
    await page.keyboard.press("j");
    await eventually(() => page.locator("tbody tr[aria-selected=true]").getAttribute("data-row-key")).toBe(filtered[1]);
    expect((await apiQueue(`pickupPointId=${POINT.id}`)).find((r) => r.caseId === filtered[1])?.ownerId).toBeNull();
    await page.locator(`tr[data-row-key="${filtered[1]}"] [data-testid=take]`).waitFor();
    await page.keyboard.press("t");
    const me = await e2e.request<{ id: string }>("GET", "/api/v1/auth/me", { token: await e2e.staffToken("agent") });
    await eventually(async () => (await apiQueue(`pickupPointId=${POINT.id}`)).find((r) => r.caseId === filtered[1])?.ownerId).toBe(me.body.id);
    await eventually(() => page.locator(`tr[data-row-key="${filtered[1]}"]`).textContent()).toContain("小王");
    // Enter opens the selected case in the workspace
    await blur(desk);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/desk/agent/cases/${filtered[1]}`));
    await page.goBack();
    await page.locator("[data-testid=queue-table] tbody tr[data-row-key]").first().waitFor();

    // a case filed while the page is open appears without a reload (the staff stream)
    const fresh = await reviewCase();
    await eventually(() => tableIds(desk)).toContain(fresh);

    // export downloads the table as .xlsx
    const download = page.waitForEvent("download");
    await page.getByTestId("export").click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // the queue unavailable: an error with a retry, which recovers once the server answers again
    desk.allowConsoleError(/status of 503/);
    await page.route("**/api/v1/queue?**", (route) => route.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ type: "https://anxin.dev/problems/unavailable", title: "Service unavailable", status: 503, detail: "维护中" }) }));
    await page.reload();
    await page.getByTestId("load-error").waitFor();
    expect(await page.getByTestId("load-error").textContent()).toContain("维护中");
    await page.unroute("**/api/v1/queue?**");
    await page.getByTestId("load-error").getByRole("button").click();
    await eventually(() => tableIds(desk)).toContain(fresh);
    expectNoConsoleErrors(desk);
  });
});

describe("department tasks", () => {
  it("a warehouse completes the confirm_receipt task of a return; finance sees its work lists", async () => {
    const wh = await e2e.request<{ warehouseId: string }>("GET", "/api/v1/auth/me", { token: await e2e.staffToken("warehouse") });
    const warehouse = { id: wh.body.warehouseId, name: "演示仓", city: "长沙" };
    // a no-reason return of unopened tissues, sent back by courier: the warehouse must confirm it
    const { order, token } = await freshOrder({ warehouse });
    const filed = await e2e.request<{ id: string; state: string }>("POST", "/api/v1/cases", {
      token,
      headers: { "idempotency-key": `e2e-return-${Date.now()}` },
      body: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.state).toBe("awaiting_return");
    const shipped = await e2e.request<{ state: string }>("POST", `/api/v1/cases/${filed.body.id}/actions`, { token, body: { action: "ship_return", trackingNo: "SF100200300" } });
    expect(shipped.body.state).toBe("return_in_transit");

    const desk = await e2e.open("desk");
    await e2e.loginStaff(desk, "warehouse");
    const { page } = desk;
    await page.waitForURL(/\/desk\/agent\/tasks/);
    const row = page.locator("[data-testid=tasks-table] tbody tr", { hasText: filed.body.id });
    await row.waitFor();
    await eventually(() => row.textContent()).toContain("确认收货");
    await desk.shot("warehouse-tasks");
    await row.getByTestId("task-complete").click();
    await page.getByTestId("outcome-summary").fill("退货已收到，包装完好");
    await page.getByTestId("outcome-condition").click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "与申请一致" }).click();
    await page.getByTestId("complete-confirm").click();
    await eventually(() => page.locator("[data-testid=tasks-table] tbody tr", { hasText: filed.body.id }).count()).toBe(0);
    const tasks = await e2e.request<{ tasks: { kind: string; state: string; outcome: Record<string, unknown> }[] }>("GET", `/api/v1/cases/${filed.body.id}/tasks`, { token: await e2e.staffToken("warehouse") });
    expect(tasks.body.tasks).toEqual([expect.objectContaining({ kind: "confirm_receipt", state: "done", outcome: { summary: "退货已收到，包装完好", condition: "as_claimed" } })]);
    const kase = await e2e.request<{ state: string }>("GET", `/api/v1/cases/${filed.body.id}`, { token: await e2e.staffToken("agent") });
    expect(["return_received", "refunding", "refunded"]).toContain(kase.body.state);
    expectNoConsoleErrors(desk);

    const finance = await e2e.open("desk");
    await e2e.loginStaff(finance, "finance");
    await finance.page.waitForURL(/\/desk\/agent\/tasks/);
    await finance.page.getByText("需人工打款的退款").waitFor();
    await finance.page.locator("[data-testid=tasks-table], [data-testid=empty]").first().waitFor();
    await finance.page.locator("[data-testid=refunds-table], [data-testid=empty]").last().waitFor();
    await finance.shot("finance-tasks");
    expectNoConsoleErrors(finance);
  });
});
