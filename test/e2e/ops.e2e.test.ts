import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrder } from "../factories.js";
import { expectNoConsoleErrors, startE2E, type E2E, type E2EPage } from "./harness.js";

/*
 * The operations desk at 1440×900, as the demo login "ops": the KPI dashboard over cases arranged
 * through the API (decided by policy, answered by an agent, rated by their customers), its
 * charts and Excel export; the policy editor publishing a change, refusing an invalid one and
 * surviving someone else publishing first.
 */
let e2e: E2E;
const DAY_MS = 86_400_000;
/** how long a screen may take to show what the test waits for (a cold page loads its chunks and queries) */
const SOON = { timeout: 15_000 };
/** a China calendar day, as the dashboard's default range counts them */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

type Kpis = { casesFiled: number; automaticDecisionPercent: number | null; slaCompliancePercent: number | null; refundFen: number; ratings: number; averageScore: number | null };
type KpiReport = { current: Kpis; daily: unknown[] };

let serial = 0;
/** An order delivered yesterday (past fresh produce's 2-hour no-reason window) for a new customer, and a claim on it as that customer. */
async function claim(body: Record<string, unknown>) {
  const customerId = `C-OPS-${++serial}-${Date.now().toString(36)}`;
  const deliveredAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
  const order = makeOrder({ customerId, deliveredAt, placedAt: new Date(Date.now() - 2 * DAY_MS).toISOString(), promisedAt: deliveredAt });
  expect((await e2e.request("POST", "/api/v1/orders", { body: order, apiKey: true })).status).toBeLessThan(300);
  const { token } = await e2e.app.credentials.issueCustomerToken(customerId);
  const filed = await e2e.request<{ id: string; state: string }>("POST", "/api/v1/cases", {
    body: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], answers: {}, ...body },
    token,
    headers: { "idempotency-key": `ops-e2e-${serial}-${Date.now()}` },
  });
  expect(filed.status).toBe(201);
  return { kase: filed.body, token };
}

/** The files inside an .xlsx (a zip), read with the central directory and node:zlib. */
function unzip(zip: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

async function download(target: E2EPage, testId: string) {
  const [file] = await Promise.all([target.page.waitForEvent("download"), target.page.getByTestId(testId).click()]);
  const path = join(tmpdir(), `ops-e2e-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** Waits (outside a test: expect.poll will not) until the condition holds, for up to 15 s. */
async function until(condition: () => Promise<boolean>) {
  for (const started = Date.now(); !(await condition()); await new Promise((r) => setTimeout(r, 200)))
    if (Date.now() - started > SOON.timeout) throw new Error("timed out waiting");
}

const cardValue = (target: E2EPage, id: string) => target.page.getByTestId(`kpi-${id}`).getByTestId("kpi-value").textContent();

beforeAll(async () => {
  e2e = await startE2E();
  const agent = await e2e.staffToken("agent");
  // decided by policy at filing: unopened tissues sent back (approved), fresh strawberries without a reason (rejected)
  const returned = await claim({ problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false } });
  expect(returned.kase.state).toBe("awaiting_return");
  const rejected = await claim({ problemType: "changed_mind", wantedResolution: "return_refund", items: [{ lineNo: 1, quantity: 2 }], answers: { sealIntact: true, opened: false } });
  expect(rejected.kase.state).toBe("rejected");
  // a person's: damaged tissues without a photo, answered and approved by an agent
  const reviewed = await claim({ problemType: "damaged", wantedResolution: "refund_only" });
  expect(reviewed.kase.state).toBe("in_review");
  expect((await e2e.request("POST", `/api/v1/cases/${reviewed.kase.id}/messages`, { token: agent, body: { body: "您好，正在为您核实破损情况" } })).status).toBe(201);
  expect((await e2e.request("POST", `/api/v1/cases/${reviewed.kase.id}/actions`, { token: agent, body: { action: "approve", amountFen: 1990 } })).status).toBe(200);
  // the refund worker pays it; then both finished cases are rated by their customers
  await until(async () => (await e2e.request<{ state: string }>("GET", `/api/v1/cases/${reviewed.kase.id}`, { token: agent })).body.state === "refunded");
  expect((await e2e.request("POST", `/api/v1/cases/${reviewed.kase.id}/rating`, { token: reviewed.token, body: { score: 5 } })).status).toBe(201);
  expect((await e2e.request("POST", `/api/v1/cases/${rejected.kase.id}/rating`, { token: rejected.token, body: { score: 3 } })).status).toBe(201);
});
afterAll(async () => {
  await e2e?.close();
});

describe("operations dashboard", () => {
  it("shows the API's KPIs for the last 14 days, charts them, exports the top SKUs to Excel, in both languages", async () => {
    const desk = await e2e.open("desk");
    await e2e.loginStaff(desk, "ops");
    await desk.page.waitForURL(/\/desk\/ops\/dashboard/);
    await desk.page.getByTestId("kpi-casesFiled").waitFor();

    const now = new Date();
    const range = { from: chinaDay(new Date(now.getTime() - 13 * DAY_MS)), to: chinaDay(now) };
    const api = await e2e.request<KpiReport>("GET", `/api/v1/insights/kpis?from=${range.from}&to=${range.to}`, { token: await e2e.staffToken("ops") });
    expect(api.status).toBe(200);
    const k = api.body.current;
    expect(k.casesFiled).toBeGreaterThanOrEqual(3);
    expect(k.ratings).toBeGreaterThanOrEqual(2);
    expect(await cardValue(desk, "casesFiled")).toBe(String(k.casesFiled));
    expect(await cardValue(desk, "automatic")).toBe(k.automaticDecisionPercent === null ? "—" : `${k.automaticDecisionPercent}%`);
    expect(await cardValue(desk, "sla")).toBe(k.slaCompliancePercent === null ? "—" : `${k.slaCompliancePercent}%`);
    expect(await cardValue(desk, "satisfaction")).toBe(k.averageScore === null ? "—" : `${k.averageScore} ★`);
    expect(await cardValue(desk, "refund")).toBe(`¥${Math.floor(k.refundFen / 100).toLocaleString("en-US")}.${String(k.refundFen % 100).padStart(2, "0")}`);

    // four trend charts drawn on canvas, one point per day
    for (const chart of ["trend-times", "trend-rates", "trend-volumes", "trend-costs"]) expect(await desk.page.getByTestId(chart).locator("canvas").count()).toBeGreaterThan(0);
    expect(api.body.daily).toHaveLength(14);

    // the top SKUs table, and its Excel export with the same rows
    const topRow = desk.page.getByTestId("top-skus").locator("tbody tr").first();
    await expect.poll(() => topRow.textContent(), SOON).toMatch(/TISSUE-10|STRW-500/);
    const xlsx = await download(desk, "export-problems");
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.length).toBeGreaterThan(0);
    const sheet = [...unzip(xlsx.bytes).entries()].filter(([name]) => name.startsWith("xl/")).map(([, text]) => text).join("\n");
    expect(sheet).toContain("TISSUE-10");
    expect(sheet).toContain("申请数");
    await desk.shot("ops-dashboard");

    await desk.page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => desk.page.getByTestId("kpi-casesFiled").textContent(), SOON).toContain("Cases filed");
    await desk.shot("ops-dashboard-en");
    await desk.page.getByRole("button", { name: /中\s?文/ }).click();
    expectNoConsoleErrors(desk);
  });

  it("says when the figures cannot be loaded, and loads them on retry", async () => {
    const desk = await e2e.open("desk");
    desk.allowConsoleError(/status of 503/);
    await e2e.loginStaff(desk, "ops");
    await desk.page.route("**/api/v1/insights/kpis**", (r) => r.fulfill({ status: 503, contentType: "application/problem+json", body: JSON.stringify({ type: "https://anxin.dev/problems/unavailable", title: "Service unavailable", status: 503, detail: "database unreachable" }) }));
    await desk.page.goto(`${e2e.baseUrl}/desk/ops/dashboard?from=2026-01-01&to=2026-01-14`);
    await expect.poll(() => desk.page.getByTestId("load-error").textContent(), SOON).toContain("database unreachable");
    await desk.page.unroute("**/api/v1/insights/kpis**");
    await desk.page.getByTestId("load-error").getByRole("button").click();
    await expect.poll(() => cardValue(desk, "casesFiled"), SOON).toBe("0");
    expectNoConsoleErrors(desk);
  });
});

describe("policy editor", () => {
  it("publishes a changed knob as the next version with its diff; keeps an invalid or conflicting edit and shows why", async () => {
    const desk = await e2e.open("desk");
    desk.allowConsoleError(/status of (422|409)/);
    await e2e.loginStaff(desk, "ops");
    const ops = await e2e.staffToken("ops");
    const before = await e2e.request<{ version: number; windows: { fresh: { qualityHours: number } } }>("GET", "/api/v1/policy");
    const n = before.body.version;
    await desk.page.goto(`${e2e.baseUrl}/desk/ops/policy`);
    // antd puts the test id on the <input> itself
    const knob = (key: string) => desk.page.locator(`input[data-testid=knob-${key}]`);
    await expect.poll(() => knob("freshQualityHours").inputValue(), SOON).toBe(String(before.body.windows.fresh.qualityHours));
    await desk.shot("ops-policy");

    // a knob changed and published: version N+1, listed in history with the change
    await knob("freshQualityHours").fill("72");
    await desk.page.getByTestId("policy-note").fill("生鲜质量问题时限延长到 72 小时");
    await expect.poll(() => desk.page.getByTestId("policy-json").inputValue(), SOON).toContain('"qualityHours": 72');
    await desk.page.getByTestId("publish").click();
    await expect.poll(() => desk.page.getByTestId("policy-in-force").textContent(), SOON).toContain(`第 ${n + 1} 版`);
    expect((await e2e.request<{ version: number; windows: { fresh: { qualityHours: number } } }>("GET", "/api/v1/policy")).body).toMatchObject({ version: n + 1, windows: { fresh: { qualityHours: 72 } } });
    await desk.page.getByRole("tab", { name: "版本历史" }).click();
    await expect.poll(() => desk.page.getByTestId("policy-versions").locator("tbody tr").first().textContent(), SOON).toContain("生鲜质量问题时限延长到 72 小时");
    await expect.poll(() => desk.page.getByTestId("diff-title").textContent(), SOON).toContain(`第 ${n} 版 → 第 ${n + 1} 版`);
    const diff = desk.page.getByTestId("policy-diff").locator("tbody tr");
    expect(await diff.count()).toBe(1);
    expect(await diff.first().textContent()).toMatch(/\/windows\/fresh\/qualityHours.*48.*72/);
    await desk.shot("ops-policy-history");

    // an invalid edit: the server's problem next to the field it names, and the edit still there
    await desk.page.getByRole("tab", { name: "编辑新版本" }).click();
    await knob("standardNoReasonDays").fill("5");
    await desk.page.getByTestId("publish").click();
    await expect.poll(() => desk.page.getByTestId("field-error-standardNoReasonDays").textContent(), SOON).toContain("7 days");
    expect(await desk.page.getByTestId("policy-problem").textContent()).toContain("Invalid policy document");
    expect(await knob("standardNoReasonDays").inputValue()).toBe("5");
    await desk.shot("ops-policy-invalid");
    // a reload keeps the edit (draft)
    await desk.page.reload();
    await expect.poll(() => knob("standardNoReasonDays").inputValue(), SOON).toBe("5");

    // someone else publishes first: the conflict is shown, the edit kept, and publishing again works
    await knob("standardNoReasonDays").fill("10");
    const current = (await e2e.request<Record<string, unknown>>("GET", "/api/v1/policy")).body;
    expect((await e2e.request("POST", "/api/v1/policy/versions", { token: ops, body: { document: { ...current, version: n + 2 }, note: "another desk" } })).status).toBe(201);
    await desk.page.getByTestId("publish").click();
    await expect.poll(() => desk.page.getByTestId("policy-problem-alert").textContent(), SOON).toContain("发布冲突");
    expect(await knob("standardNoReasonDays").inputValue()).toBe("10");
    await desk.page.getByTestId("publish").click();
    await expect.poll(() => desk.page.getByTestId("policy-in-force").textContent(), SOON).toContain(`第 ${n + 3} 版`);
    expect((await e2e.request<{ version: number; windows: { standard: { noReasonDays: number } } }>("GET", "/api/v1/policy")).body).toMatchObject({ version: n + 3, windows: { standard: { noReasonDays: 10 } } });
    expectNoConsoleErrors(desk);
  });

  it("lists the SLA terms of every stage and exports them", async () => {
    const desk = await e2e.open("desk");
    await e2e.loginStaff(desk, "ops");
    await desk.page.goto(`${e2e.baseUrl}/desk/ops/policy?tab=sla`);
    await expect.poll(() => desk.page.getByTestId("sla-policies").locator("tbody tr").count(), SOON).toBe(5);
    const xlsx = await download(desk, "export-sla");
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect([...unzip(xlsx.bytes).values()].join("\n")).toContain("first_response");
    expectNoConsoleErrors(desk);
  });
});
