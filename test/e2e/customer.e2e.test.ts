import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrder } from "../factories.js";
import { expectNoConsoleErrors, startE2E, type E2E, type E2EPage } from "./harness.js";

// A 1×1 PNG: real image bytes for the evidence module's type sniffer (sharp is not installed).
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const HOUR = 3_600_000;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/**
 * An order a fresh customer picked up an hour ago: strawberries (fresh, ¥29.90 each, ×2) and
 * tissues. Spoiled fruit with a photo, small and within the 48 h quality window, is refunded at
 * once by the default policy (P-AUTO-SMALL-QUALITY).
 */
async function arrangeOrder(customerId: string) {
  const now = Date.now();
  const base = makeOrder({ customerId, placedAt: new Date(now - 20 * HOUR).toISOString(), promisedAt: new Date(now - 3 * HOUR).toISOString(), deliveredAt: new Date(now - 2 * HOUR).toISOString(), pickedUpAt: new Date(now - HOUR).toISOString() });
  const today = new Date(now).toISOString().slice(0, 10);
  const inThreeDays = new Date(now + 72 * HOUR).toISOString().slice(0, 10);
  const order = { ...base, items: base.items.map((i) => ({ ...i, supply: { ...i.supply, batch: { id: `B-E2E-${i.lineNo}`, producedOn: today, bestBefore: inThreeDays }, sortedAt: new Date(now - 8 * HOUR).toISOString() } })) };
  const created = await e2e.request("POST", "/api/v1/orders", { apiKey: true, body: order });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  return order;
}

type CaseBody = { id: string; state: string; problemType: string };

async function waitForCaseState(caseId: string, token: string, state: string) {
  await expect
    .poll(async () => (await e2e.request<CaseBody>("GET", `/api/v1/cases/${caseId}`, { token })).body.state, { timeout: 30_000, interval: 500 })
    .toBe(state);
}

const caseIdOf = (phone: E2EPage) => decodeURIComponent(new URL(phone.page.url()).pathname.split("/").pop() ?? "");

describe("the customer's after-sales on a phone", () => {
  it("orders → apply with a photo → decision and its rule → progress → messages → rating; a failed submit keeps the input and files once", async () => {
    const customerId = `C-E2E-${Date.now().toString(36)}`;
    const order = await arrangeOrder(customerId);
    const { token } = await e2e.app.credentials.issueCustomerToken(customerId);
    const phone = await e2e.open("phone");
    const { page } = phone;

    // 1. my orders → the order → 申请售后
    await page.goto(await e2e.customerUrl(customerId));
    await page.getByTestId("order").filter({ hasText: order.id }).waitFor();
    await phone.shot("customer-orders");
    await page.getByTestId("order").filter({ hasText: order.id }).click();
    await expect.poll(() => page.getByTestId("order-item").count()).toBe(2);
    await expect.poll(() => page.getByTestId("order-item").first().textContent()).toContain("可申请 2 件");
    await page.getByTestId("apply").click();

    // 2. one strawberry, spoiled, the two questions spoiled fruit asks, a photo, refund only
    await page.getByTestId("claim-line-1").locator(".adm-checkbox").click();
    await page.getByTestId("problem-type").getByText("腐烂变质").click();
    await page.getByTestId("question-spoiledShare").getByText("全部").click();
    await page.getByTestId("question-storedAsInstructed").getByText("是", { exact: true }).click();
    // only the questions of this type are asked
    expect(await page.locator("[data-testid^=question-]").count()).toBe(2);
    // a photo the server refuses says why under the field; picking it again uploads it
    phone.allowConsoleError(/status of 415/);
    await page.getByTestId("claim-photos").getByTestId("photo-input").setInputFiles({ name: "notes.txt", mimeType: "image/png", buffer: Buffer.from("not a photo") });
    await expect.poll(() => page.getByTestId("upload-error").textContent()).toContain("照片上传失败");
    await page.getByTestId("claim-photos").getByTestId("photo-input").setInputFiles({ name: "strawberries.png", mimeType: "image/png", buffer: PNG });
    await expect.poll(() => page.locator("[data-testid=claim-photos] .adm-image-uploader-cell img").count()).toBe(1);
    expect(await page.getByTestId("add-photo").textContent()).toContain("1/9");
    await page.getByTestId("resolution").getByText("仅退款").click();
    await page.getByTestId("description").locator("textarea:not([aria-hidden])").fill("草莓发霉长毛了");
    await page.evaluate(() => window.scrollTo(0, 0));
    await phone.shot("customer-apply");
    await page.getByTestId("submit-claim").click();

    // 3. the decision at once, with its rule and what happens next
    await page.waitForURL(/\/m\/customer\/cases\/[^/?]+\?filed=1/);
    const caseId = caseIdOf(phone);
    await expect.poll(() => page.getByTestId("decision-outcome").textContent()).toBe("已同意");
    expect(await page.getByTestId("decision-amount").textContent()).toBe("¥29.90");
    expect(await page.getByTestId("decision-rules").textContent()).toContain("P-AUTO-SMALL-QUALITY");
    expect((await page.getByTestId("decision-reason").textContent())?.length).toBeGreaterThan(4);
    expect(await page.getByTestId("decision-next").textContent()).toContain("不需要退回商品");
    await phone.shot("customer-decision");

    // 4. the progress tracker: review done, the refund under way (or already paid), no return stages
    const filed = await e2e.request<CaseBody & { progress: { stage: string; status: string }[] }>("GET", `/api/v1/cases/${caseId}`, { token });
    expect(filed.body.progress.map((s) => s.stage)).toEqual(["review", "processing", "completed"]);
    expect(await page.getByTestId("progress-review").getAttribute("data-status")).toBe("done");
    expect(await page.getByTestId("progress-awaiting_return").count()).toBe(0);
    await page.getByTestId("progress").scrollIntoViewIfNeeded();
    await phone.shot("customer-progress");

    // 5. the conversation: the customer writes, an agent answers through the API, the poll shows it
    await page.getByTestId("message-input").locator("input").fill("请问退款什么时候到账？");
    await page.getByTestId("send-message").click();
    await page.getByTestId("message").filter({ hasText: "请问退款什么时候到账？" }).waitFor();
    const agent = await e2e.staffToken("agent");
    const reply = await e2e.request("POST", `/api/v1/cases/${caseId}/messages`, { token: agent, body: { body: "您好，退款已发起，一般几分钟内到账。" } });
    expect(reply.status).toBe(201);
    await page.getByTestId("message").filter({ hasText: "退款已发起" }).waitFor({ timeout: 15_000 });
    await page.getByTestId("conversation").scrollIntoViewIfNeeded();
    await phone.shot("customer-conversation");

    // 6. the real refund worker pays; the finished case asks for a rating
    await waitForCaseState(caseId, token, "refunded");
    await page.reload();
    await expect.poll(() => page.getByTestId("progress-completed").getAttribute("data-status")).toBe("done");
    await page.getByTestId("rating-form").waitFor();
    // antd-mobile's Rate listens to touches: tap the fourth star as a thumb would
    await page.getByTestId("rating-form").getByRole("radio", { name: "4", exact: true }).tap();
    await page.getByTestId("rating-form").getByText("处理快").click();
    await page.getByTestId("rating-comment").locator("textarea:not([aria-hidden])").fill("退款很快，谢谢");
    await page.getByTestId("submit-rating").click();
    await page.getByTestId("rating-given").waitFor();
    expect(await page.getByTestId("rating-given").textContent()).toContain("退款很快，谢谢");
    await page.getByTestId("rating").scrollIntoViewIfNeeded();
    await phone.shot("customer-rating");
    const rating = await e2e.request("GET", `/api/v1/cases/${caseId}/rating`, { token });
    expect(rating).toMatchObject({ status: 200, body: { rating: { caseId, score: 4, tags: ["fast"], comment: "退款很快，谢谢" }, canRate: false } });
    const seenByAgent = await e2e.request("GET", `/api/v1/cases/${caseId}/rating`, { token: agent });
    expect(seenByAgent.body).toMatchObject({ rating: { score: 4 } });

    // 7. a claim the server files but whose answer is lost (503 to the phone): the input stays, the retry files once
    phone.allowConsoleError(/status of 503/);
    await page.goto(`${e2e.baseUrl}/m/customer/orders/${encodeURIComponent(order.id)}/apply`);
    await page.getByTestId("claim-line-2").locator(".adm-checkbox").click();
    await page.getByTestId("problem-type").getByText("配送超时").click();
    await page.getByTestId("resolution").locator(".adm-selector-item").first().click();
    await page.getByTestId("description").locator("textarea:not([aria-hidden])").fill("送货晚了三个小时");
    let lost = 0;
    await page.route("**/api/v1/cases", async (route) => {
      if (route.request().method() !== "POST" || lost > 0) return route.continue();
      lost++;
      await route.fetch(); // the server files the claim…
      await route.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ type: "https://anxin.dev/problems/unavailable", title: "Service unavailable", status: 503 }) });
    });
    await page.getByTestId("submit-claim").click();
    await page.getByTestId("submit-error").waitFor();
    expect(await page.getByTestId("submit-error").textContent()).toContain("已填写的内容都还在");
    expect(await page.getByTestId("description").locator("textarea:not([aria-hidden])").inputValue()).toBe("送货晚了三个小时");
    expect(await page.getByTestId("claim-line-2").locator(".adm-checkbox-checked").count()).toBe(1);
    await page.getByTestId("submit-claim").click();
    await page.waitForURL(/\/m\/customer\/cases\/[^/?]+\?filed=1/);
    const late = caseIdOf(phone);
    const cases = await e2e.request<{ cases: CaseBody[] }>("GET", `/api/v1/cases?orderId=${encodeURIComponent(order.id)}`, { token });
    expect(cases.body.cases.filter((c) => c.problemType === "late_delivery").map((c) => c.id)).toEqual([late]);
    expect(lost).toBe(1);

    // 8. my cases, with their stages
    await page.goto(`${e2e.baseUrl}/m/customer/cases`);
    await expect.poll(() => page.getByTestId("case").count()).toBe(2);
    expect(await page.getByTestId("cases").textContent()).toContain("已完成");
    await phone.shot("customer-cases");
    // and in English
    await page.getByTestId("language").click();
    await expect.poll(() => page.textContent("body")).toContain("My requests");
    expect(await page.getByTestId("cases").textContent()).toContain("completed");
    await page.getByTestId("language").click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expectNoConsoleErrors(phone);
  });
});
