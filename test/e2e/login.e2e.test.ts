import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoConsoleErrors, startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe("getting in", () => {
  it("a wrong password says so and keeps the login typed; the right one opens the role's home", async () => {
    const desk = await e2e.open("desk");
    desk.allowConsoleError(/status of 401/);
    await desk.page.goto(`${e2e.baseUrl}/desk/agent`);
    await desk.page.waitForURL(/\/login\?next=/);
    await desk.page.locator("input[autocomplete=username]").fill("agent");
    await desk.page.locator("input[autocomplete=current-password]").fill("not-the-password");
    await desk.page.locator("button[type=submit]").click();
    await expect.poll(() => desk.page.getByTestId("login-error").textContent()).toContain("账号或密码不正确");
    expect(await desk.page.locator("input[autocomplete=username]").inputValue()).toBe("agent");
    await desk.shot("login-desk-error");
    await desk.page.locator("input[autocomplete=current-password]").fill("anxin-demo-2026");
    await desk.page.locator("button[type=submit]").click();
    await desk.page.waitForURL(/\/desk\/agent/);
    await expect.poll(() => desk.page.getByTestId("whoami").textContent()).toContain("小王");
    expectNoConsoleErrors(desk);
  });

  it("a customer without the platform's token is told where to come from; with it, they are in", async () => {
    const phone = await e2e.open("phone");
    await phone.page.goto(`${e2e.baseUrl}/m/customer`);
    await expect.poll(() => phone.page.textContent("body")).toContain("小程序");
    await phone.page.goto(await e2e.customerUrl(e2e.customers[0]!.customerId));
    // the app keeps the token and takes it out of the address once its code has loaded
    await expect.poll(() => phone.page.url(), { timeout: 15_000 }).not.toContain("token=");
    await expect.poll(() => phone.page.textContent("body")).toContain("我的订单");
    expectNoConsoleErrors(phone);
  });
});
