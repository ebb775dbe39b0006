import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrder } from "../factories.js";
import { expectNoConsoleErrors, startE2E, type E2E } from "./harness.js";

/*
 * The group leader's phone app end to end: cases of my pickup point arranged through the API (an
 * order at the demo leader's point, claims filed by its customers), then worked in the browser.
 */
let e2e: E2E;
let point: { id: string; name: string; city: string; leader: { id: string; name: string; phone: string } };
let n = 0;

beforeAll(async () => {
  e2e = await startE2E();
  const db = e2e.app.database.db;
  const staff = await db.selectFrom("staff").select("leader_id").where("login", "=", "leader").executeTakeFirstOrThrow();
  const row = await db
    .selectFrom("pickup_points as p")
    .innerJoin("leaders as l", "l.id", "p.leader_id")
    .select(["p.id", "p.name", "p.city", "l.id as leaderId", "l.name as leaderName", "l.phone as leaderPhone"])
    .where("p.leader_id", "=", staff.leader_id!)
    .orderBy("p.id")
    .executeTakeFirstOrThrow();
  point = { id: row.id, name: row.name, city: row.city, leader: { id: row.leaderId, name: row.leaderName, phone: row.leaderPhone ?? "13700007777" } };
});
afterAll(async () => {
  await e2e?.close();
});

/** An order picked up at the leader's point two hours ago, by a customer of its own; `sku`/`batch` for a batch report. */
async function orderAtPoint(o: { sku?: string; batchId?: string } = {}) {
  const now = Date.now();
  const customerId = `C-E2E-LD-${n++}-${now.toString(36)}`;
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
  const order = makeOrder({ customerId, pickupPoint: point, placedAt: at(20), promisedAt: at(4), deliveredAt: at(3), pickedUpAt: at(2) });
  if (o.sku) {
    const line = order.items[0]!;
    order.items = [{ ...line, sku: o.sku, name: "土鸡蛋 30枚", supply: { ...line.supply!, batch: { id: o.batchId ?? "B-E2E-EGG", producedOn: at(48).slice(0, 10), bestBefore: at(-240).slice(0, 10) } } }];
    order.paidFen = line.paidFen ?? 0;
  }
  const answer = await e2e.request("POST", "/api/v1/orders", { body: order, apiKey: true });
  expect(answer.status).toBe(201);
  return { customerId, orderId: order.id };
}

async function claim(customerId: string, orderId: string, body: object) {
  const { token } = await e2e.app.credentials.issueCustomerToken(customerId);
  const answer = await e2e.request<{ id: string; state: string }>("POST", "/api/v1/cases", {
    token,
    headers: { "idempotency-key": `e2e-leader-${customerId}` },
    body: { orderId, items: [{ lineNo: 1, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", ...body },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe("the group leader's phone app", () => {
  it("lists the cases of my point, replies with a script, approves within the limit, confirms a return, reports a batch and shows my scores", async () => {
    // a damaged claim without photos or answers waits for a person; a return-and-refund an agent approved waits for the goods
    const first = await orderAtPoint();
    const review = await claim(first.customerId, first.orderId, { items: [{ lineNo: 1, quantity: 2 }] });
    expect(review.state).toBe("in_review");
    const second = await orderAtPoint();
    const toReturn = await claim(second.customerId, second.orderId, { wantedResolution: "return_refund", answers: { foundWhen: "after_opening", packagingDamaged: true } });
    const agent = await e2e.staffToken("agent");
    if (toReturn.state !== "awaiting_return") {
      const approved = await e2e.request<{ state: string }>("POST", `/api/v1/cases/${toReturn.id}/actions`, { token: agent, body: { action: "approve", resolution: "return_refund" } });
      expect(approved.body.state).toBe("awaiting_return");
    }
    await orderAtPoint({ sku: "E2E-EGG-30", batchId: "B-E2E-EGG-01" });
    await orderAtPoint({ sku: "E2E-EGG-30", batchId: "B-E2E-EGG-01" });
    const leader = await e2e.staffToken("leader");

    const phone = await e2e.open("phone");
    const { page } = phone;
    await e2e.loginStaff(phone, "leader", "phone");
    await page.waitForURL(/\/m\/leader/);

    // 1. the cases of my point: what waits on me first
    await page.getByTestId(`case-row-${review.id}`).waitFor();
    await page.getByTestId(`case-row-${toReturn.id}`).waitFor();
    expect(await page.getByTestId("group-needsMe").textContent()).toContain(review.id);
    expect(await page.getByTestId("group-returns").textContent()).toContain(toReturn.id);
    await expectNoHorizontalScroll(page);
    await phone.shot("leader-cases");

    // 2. one case: items, decision, and the leader may approve
    await page.getByTestId(`case-row-${review.id}`).click();
    await page.getByTestId("case-head").waitFor();
    expect(await page.getByTestId("case-items").textContent()).toContain("草莓");
    await page.getByTestId("open-approve").waitFor();
    await expectNoHorizontalScroll(page);
    await phone.shot("leader-case");

    // a reply script to the customer, filled from the case
    await page.getByTestId("pick-script").click();
    await page.locator(".adm-picker-header-button").last().click();
    await page.getByTestId("script-preview").waitFor();
    for (const field of await page.locator("[data-testid^=script-var-] input").all()) await field.fill("明天上午");
    const preview = (await page.getByTestId("script-preview").textContent()) ?? "";
    await page.getByTestId("reply-send").click();
    await expect.poll(async () => (await page.getByTestId("message").allTextContents()).join("\n")).toContain(preview.slice(0, 12));
    const messages = await e2e.request<{ messages: { body: string; side: string; script?: { id: string } | null }[] }>("GET", `/api/v1/cases/${review.id}/messages`, { token: leader });
    expect(messages.body.messages).toEqual([expect.objectContaining({ side: "staff", body: preview, script: expect.objectContaining({ id: expect.any(String) }) })]);
    await page.locator(".adm-toast-mask").waitFor({ state: "detached" });
    await page.getByTestId("conversation").scrollIntoViewIfNeeded();
    await phone.shot("leader-reply");

    // in full (¥59.80) it is above the per-case limit: the screen says an agent will approve it, and nothing changed
    phone.allowConsoleError(/status of 403/);
    await page.getByTestId("open-approve").click();
    await page.getByTestId("approve-amount").locator("input").fill("59.80");
    await page.getByTestId("approve-submit").click();
    await expect.poll(() => page.getByTestId("limit-exceeded").textContent()).toContain("客服");
    await page.getByTestId("case-actions").scrollIntoViewIfNeeded();
    await phone.shot("leader-approve-limit");
    expect((await e2e.request<{ state: string }>("GET", `/api/v1/cases/${review.id}`, { token: leader })).body.state).toBe("in_review");

    // approve a partial amount; the first try meets a server outage, says so, keeps the amount, and the retry goes through
    phone.allowConsoleError(/status of 503/);
    let outages = 0;
    await page.route("**/api/v1/cases/*/actions", async (route) => {
      if (outages++ === 0) return route.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ type: "https://anxin.dev/problems/unavailable", title: "Service unavailable", status: 503, detail: "try again shortly" }) });
      return route.fallback();
    });
    await page.getByTestId("approve-amount").locator("input").fill("20");
    await page.getByTestId("approve-submit").click();
    await expect.poll(() => page.getByTestId("write-error").textContent()).toContain("try again shortly");
    expect(await page.getByTestId("approve-amount").locator("input").inputValue()).toBe("20");
    await page.getByTestId("approve-submit").click();
    await expect.poll(async () => (await e2e.request<{ state: string; approvedFen: number }>("GET", `/api/v1/cases/${review.id}`, { token: leader })).body.approvedFen).toBe(2_000);
    const approved = await e2e.request<{ state: string; timeline: { type: string; actor: string }[] }>("GET", `/api/v1/cases/${review.id}`, { token: leader });
    expect(approved.body.state).not.toBe("in_review");
    expect(approved.body.timeline.some((e) => e.type === "approve" && e.actor.startsWith("staff:"))).toBe(true);
    await page.getByTestId("write-error").waitFor({ state: "detached" });
    await page.unroute("**/api/v1/cases/*/actions");

    // 3. goods handed back at the point
    await page.getByTestId("tab-returns").click();
    await page.getByTestId(`return-${toReturn.id}`).click();
    await page.getByTestId("returns-confirm").click();
    await expect.poll(() => page.getByTestId("returns-results").textContent()).toContain(toReturn.id);
    // the refund worker may have moved it on already: the receipt is on the timeline, by the leader
    const received = await e2e.request<{ state: string; timeline: { type: string; actor: string }[] }>("GET", `/api/v1/cases/${toReturn.id}`, { token: leader });
    expect(["return_received", "refunding", "refunded"]).toContain(received.body.state);
    expect(received.body.timeline.some((e) => e.type === "receive_return" && e.actor.startsWith("staff:"))).toBe(true);
    await expectNoHorizontalScroll(page);
    await phone.shot("leader-returns");

    // 4. a batch problem: the eggs of one batch arrived broken
    await page.getByTestId("tab-report").click();
    await page.getByTestId("goods-picker").click();
    await page.getByTestId("goods-E2E-EGG-30-B-E2E-EGG-01").click();
    await page.getByTestId("problem-type").getByText("破损").click();
    await page.getByTestId("question-foundWhen").getByText("提货时").click();
    await page.getByTestId("report-description").locator("textarea").fill("整箱鸡蛋到货时破损");
    await expectNoHorizontalScroll(page);
    await page.getByTestId("leader-content").evaluate((content) => content.scrollTo(0, 0));
    await phone.shot("leader-batch-report");
    await page.getByTestId("report-submit").click();
    await expect.poll(() => page.getByTestId("report-counts").textContent()).toContain("新建 2 单");
    const reports = await e2e.app.database.db.selectFrom("batch_reports").select(["sku", "batch_id", "opened", "pickup_point_id"]).where("sku", "=", "E2E-EGG-30").execute();
    expect(reports).toEqual([{ sku: "E2E-EGG-30", batch_id: "B-E2E-EGG-01", opened: 2, pickup_point_id: point.id }]);

    // 5. my scores: today's approval and return count
    await page.getByTestId("tab-me").click();
    await page.getByTestId("scores").waitFor();
    await page.getByTestId("daily-chart").locator("canvas").waitFor();
    expect(Number(await page.getByTestId("score-approvals").locator("div").first().textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId("score-returns").locator("div").first().textContent())).toBeGreaterThanOrEqual(1);
    await expectNoHorizontalScroll(page);
    await phone.shot("leader-scores");
    await page.getByTestId("language-switch").click();
    await expect.poll(() => page.textContent("body")).toContain("My scores");
    await page.getByTestId("language-switch").click();

    expectNoConsoleErrors(phone);
  });
});

/** Nothing wider than the phone: no sideways scrolling at 375 px. */
async function expectNoHorizontalScroll(page: import("playwright-core").Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
