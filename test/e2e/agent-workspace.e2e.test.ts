import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrder } from "../factories.js";
import { expectNoConsoleErrors, startE2E, type E2E, type E2EPage } from "./harness.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const HOUR = 3_600_000;
/** A screen follows the server within a few seconds (requests, the event stream, a heartbeat). */
const soon = <T>(read: () => Promise<T> | T, timeout = 10_000) => expect.poll(read, { timeout });

/** A photo as a phone would take it: a page rendered to PNG by the browser itself. */
async function photoPng(target: E2EPage): Promise<Buffer> {
  await target.page.setContent(
    `<div style="width:320px;height:240px;display:flex;align-items:center;justify-content:center;background:linear-gradient(135deg,#ff4d6d,#ffb3c1);font:48px sans-serif;color:#fff">草莓 + 头发</div>`,
  );
  return target.page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } });
}

/**
 * A customer's foreign-object claim (always seen by a person) on a fresh order delivered late:
 * the order from the integrator, the photo and the claim from the customer.
 */
async function claimInReview(photo: Buffer) {
  const now = Date.now();
  const customerId = `C-WS-${now.toString(36)}`;
  const order = makeOrder({
    customerId,
    placedAt: new Date(now - 20 * HOUR).toISOString(),
    promisedAt: new Date(now - 4 * HOUR).toISOString(),
    deliveredAt: new Date(now - 3 * HOUR).toISOString(),
  });
  const ingested = await e2e.request("POST", "/api/v1/orders", { apiKey: true, body: order });
  expect(ingested.status, JSON.stringify(ingested.body)).toBeLessThan(300);
  const { token } = await e2e.app.credentials.issueCustomerToken(customerId);
  const form = new FormData();
  form.append("photo", new Blob([new Uint8Array(photo)], { type: "image/png" }), "photo.png");
  const uploaded = await fetch(`${e2e.baseUrl}/api/v1/evidence`, { method: "POST", body: form, headers: { authorization: `Bearer ${token}` } });
  expect(uploaded.status).toBe(201);
  const { id: evidenceId } = (await uploaded.json()) as { id: string };
  const filed = await e2e.request<{ id: string; state: string; decision: { rules: string[] } }>("POST", "/api/v1/cases", {
    token,
    headers: { "idempotency-key": `ws-claim-${now}` },
    body: {
      orderId: order.id,
      items: [{ lineNo: 1, quantity: 2 }],
      problemType: "foreign_object",
      wantedResolution: "refund_only",
      description: "草莓盒里发现一根头发，不敢再吃了",
      evidenceIds: [evidenceId],
      answers: { objectKind: "hair", eaten: false },
    },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  expect(filed.body.state).toBe("in_review");
  return { caseId: filed.body.id, rules: filed.body.decision.rules, customerToken: token };
}

/** One case worked from start to end: each step below continues where the one before left it. */
describe("the agent's case workspace", () => {
  let agent: E2EPage;
  let page: E2EPage["page"];
  let caseId: string;
  let rules: string[];
  let customerToken: string;
  let agentToken: string;

  beforeAll(async () => {
    agent = await e2e.open("desk");
    page = agent.page;
    ({ caseId, rules, customerToken } = await claimInReview(await photoPng(agent)));
    agentToken = await e2e.staffToken("agent");
  });
  afterAll(() => expectNoConsoleErrors(agent));

  it("opens a case directly with its decision, rule, photo, supply-chain trace and timeline", async () => {
    await e2e.loginStaff(agent, "agent");
    await page.goto(`${e2e.baseUrl}/desk/agent/cases/${caseId}`);
    await page.getByTestId("case-workspace").waitFor();

    // the decision and the rule that made it
    await soon(() => page.getByTestId("decision-outcome").textContent()).toContain("转人工审核");
    expect(rules.length).toBeGreaterThan(0);
    expect(await page.getByTestId("decision-rules").textContent()).toContain(rules[0]);
    // the photo, loaded with the agent's token
    await soon(() => page.getByTestId("evidence-photo").locator("img").first().getAttribute("src")).toMatch(/^blob:/);
    // the supply chain of the claimed strawberries
    const trace = page.getByTestId("order-trace");
    await soon(() => trace.textContent()).toContain("B20261119-STRW-01");
    const traceText = await trace.textContent();
    for (const part of ["长沙鲜果园果业有限公司", "长沙望城中心仓", "岳麓3号线", "张师傅", "金茂悦小区自提点", "晚于承诺"]) expect(traceText).toContain(part);
    await soon(() => page.getByTestId("sla-clocks").textContent()).toMatch(/\d+[hmd]/);
    await agent.shot("agent-workspace");

    // the timeline
    await page.getByTestId("tab-timeline").click();
    await soon(() => page.getByTestId("timeline").textContent()).toContain("转人工审核");
    await agent.shot("agent-workspace-trace");
  });

  it("replies with a script, keeps a note internal, asks for information and sees the answer arrive live", async () => {
    // a reply script to the customer, filled by the server from the case
    await page.getByTestId("script-select").click();
    await page.locator(".ant-select-item-option").filter({ hasText: "进度说明" }).click();
    await soon(() => page.getByTestId("message-input").inputValue()).toContain(caseId);
    await page.getByTestId("message-send").click();
    await page.getByTestId("message-staff").first().waitFor();
    const staffView = await e2e.request<{ messages: { side: string; body: string; script?: { id: string } | null }[] }>("GET", `/api/v1/cases/${caseId}/messages`, { token: agentToken });
    expect(staffView.body.messages.find((m) => m.side === "staff")).toMatchObject({ script: { id: "rs-progress" } });
    const customerMessages = await e2e.request<{ messages: { body: string }[] }>("GET", `/api/v1/cases/${caseId}/messages`, { token: customerToken });
    expect(customerMessages.body.messages.map((m) => m.body).join()).toContain(`售后单${caseId}当前进度`);

    // an internal note, which the customer never sees
    const note = "顾客情绪激动，先安抚，批次待品控复核";
    await page.keyboard.press("n");
    await soon(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("note-input");
    await page.keyboard.type(note);
    await page.getByTestId("note-submit").click();
    await soon(() => page.getByTestId("notes").textContent()).toContain(note);
    // a second note is a new note, not a replay of the first
    await page.getByTestId("note-input").fill("已联系品控");
    await page.getByTestId("note-submit").click();
    await soon(() => page.getByTestId("note").count()).toBe(2);
    const customerCase = await e2e.request("GET", `/api/v1/cases/${caseId}`, { token: customerToken });
    expect(customerCase.status).toBe(200);
    expect(JSON.stringify(customerCase.body)).not.toContain(note);
    expect(JSON.stringify((await e2e.request("GET", `/api/v1/cases/${caseId}/messages`, { token: customerToken })).body)).not.toContain(note);

    // request information with the keyboard; the customer's answer arrives live
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("?");
    await soon(() => page.getByRole("dialog").textContent()).toContain("要求补充材料");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.keyboard.press("i");
    await page.getByTestId("request-question").fill("请拍一张头发在草莓盒里的近照");
    await page.getByTestId("dialog-request_info-submit").click();
    await soon(() => page.getByTestId("case-state").textContent()).toContain("待顾客补充");
    const answered = await e2e.request("POST", `/api/v1/cases/${caseId}/actions`, { token: customerToken, body: { action: "provide_info", note: "只有这一盒有，其他盒没有" } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const wrote = await e2e.request("POST", `/api/v1/cases/${caseId}/messages`, { token: customerToken, body: { body: "照片已补充，请尽快处理" } });
    expect(wrote.status).toBe(201);
    await soon(() => page.getByTestId("conversation").textContent()).toContain("照片已补充，请尽快处理");
    await soon(() => page.getByTestId("case-state").textContent()).toContain("审核中");
    await page.getByTestId("tab-timeline").click();
    await soon(() => page.getByTestId("timeline").textContent()).toContain("只有这一盒有，其他盒没有");
  });

  it("approves in part after a refused first try that kept the amount, then splits the cost", async () => {
    // approve in part; the first try meets a server that is down for a moment
    agent.allowConsoleError(/status of 503/);
    await page.getByTestId("action-approve").click();
    await page.getByTestId("approve-amount").fill("30");
    await soon(() => page.getByTestId("dialog-approve").textContent()).toContain("部分同意");
    await page.route("**/api/v1/cases/*/actions", (route) =>
      route.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ type: "https://anxin.dev/problems/unavailable", title: "Service unavailable", status: 503, detail: "the database is unreachable for a moment" }) }),
    );
    await page.getByTestId("dialog-approve-submit").click();
    await soon(() => page.getByTestId("write-error").textContent()).toMatch(/service unavailable/i);
    expect(await page.getByTestId("approve-amount").inputValue()).toBe("30");
    await agent.shot("agent-workspace-actions");
    await page.unroute("**/api/v1/cases/*/actions");
    await page.getByTestId("dialog-approve-submit").click();
    await soon(() => page.getByTestId("approved-amount").textContent()).toBe("¥30.00");
    const approved = await e2e.request<{ approvedFen: number; state: string }>("GET", `/api/v1/cases/${caseId}`, { token: agentToken });
    expect(approved.body.approvedFen).toBe(3000);
    // the refund it started, and who bears its cost
    await page.getByTestId("tab-refunds").click();
    await soon(() => page.getByTestId("refunds").textContent()).toContain("¥30.00");
    await page.getByTestId("tab-liability").click();
    await soon(() => page.getByTestId("liability").textContent()).toContain("¥30.00");
    await page.getByTestId("liability-submit").click();
    await soon(async () => (await e2e.request<{ current: { parties: { party: string; amountFen: number }[] } | null }>("GET", `/api/v1/cases/${caseId}/liability`, { token: agentToken })).body.current?.parties).toEqual([
      expect.objectContaining({ party: "supplier", amountFen: 3000 }),
    ]);
  });

  it("shows a colleague who opens the same case, and shows them us", async () => {
    // a colleague opens the same case: the first agent sees them
    const colleague = await e2e.open("desk");
    await e2e.loginStaff(colleague, "agent2");
    await colleague.page.goto(`${e2e.baseUrl}/desk/agent/cases/${caseId}`);
    await colleague.page.getByTestId("case-workspace").waitFor();
    await soon(() => page.getByTestId("viewers").textContent(), 40_000).toContain("小李");
    await soon(() => colleague.page.getByTestId("viewers").textContent(), 40_000).toContain("小王");
    await agent.shot("agent-workspace-viewers");
    expectNoConsoleErrors(colleague);
  });
});
