import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createApp, type App } from "../../src/app.js";
import { readConfig } from "../../src/config.js";
import { demoApiKey, demoCustomers, loadDemoData } from "../../src/demo/load.js";
import { DEMO_STAFF_PASSWORD, ensureDemoStaff } from "../../src/demo/staff.js";
import { PGLITE_TEMPLATE_DIR } from "../db.js";

export const SCREENSHOT_DIR = join(process.cwd(), "artifacts", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** the built app the tests serve: web/dist, or a folder of its own (E2E_WEB_DIR) so parallel runs never rebuild under each other */
export const E2E_WEB_DIR = resolve(process.env.E2E_WEB_DIR ?? join("web", "dist"));
/** the flags a locked-down machine needs: no sandbox as root, no GPU, no calls home */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

export const VIEWPORTS = {
  phone: { width: 375, height: 667 },
  desk: { width: 1440, height: 900 },
} as const;

export interface E2EPage {
  page: Page;
  context: BrowserContext;
  /** console errors and uncaught page errors seen so far; a test ends expecting none */
  consoleErrors: string[];
  /** a console error matching this is expected (a test that provokes a failed request on purpose) */
  allowConsoleError(pattern: RegExp): void;
  /** saves a PNG of the whole page as artifacts/screenshots/<name>.png */
  shot(name: string): Promise<void>;
}

/** Fails with the errors themselves when the page logged any. */
export function expectNoConsoleErrors(target: E2EPage): void {
  if (target.consoleErrors.length) throw new Error(`console errors on ${target.page.url()}:\n${target.consoleErrors.join("\n")}`);
}

export interface E2E {
  baseUrl: string;
  app: App;
  apiKey: string;
  /** demo customers with a recently picked-up order */
  customers: { customerId: string; name: string; orderId: string }[];
  /** a new browser context (its own storage) with one page at the phone or desk size */
  open(size: keyof typeof VIEWPORTS): Promise<E2EPage>;
  /** the address the platform would open for this customer: /m/customer#token=… */
  customerUrl(customerId: string, path?: string): Promise<string>;
  /** logs a demo member of staff in through the login screen (desk: /login, phone: /m/login) */
  loginStaff(target: E2EPage, login: string, size?: keyof typeof VIEWPORTS): Promise<void>;
  /** a bearer token for a demo member of staff, for arranging data through the API */
  staffToken(login: string): Promise<string>;
  /** calls the API directly (arranging data, checking state) */
  request<T = Record<string, unknown>>(method: string, path: string, options?: { body?: unknown; token?: string; apiKey?: boolean; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The product as a person meets it: the real server (workers, timers, stream) on a fresh copy of
 * the migrated PGlite template with demo data, serving the built web app, and Debian's Chromium.
 */
export async function startE2E(options: { demoOrders?: number } = {}): Promise<E2E> {
  const dataDir = await mkdtemp(join(tmpdir(), "anxin-e2e-db-"));
  const evidenceDir = await mkdtemp(join(tmpdir(), "anxin-e2e-photos-"));
  await cp(PGLITE_TEMPLATE_DIR, dataDir, { recursive: true });
  const config = { ...readConfig({}), dataDir, evidenceDir, port: 0, gatewayFailureRate: 0, notifyFailureRate: 0, webDir: E2E_WEB_DIR };
  const app = await createApp(config, { logger: false });
  await loadDemoData(app.database, options.demoOrders ?? 400, new Date(), () => {});
  const customers = await demoCustomers(app.database.db, 3);
  await ensureDemoStaff(app.database.db, customers[0]);
  const apiKey = await demoApiKey(app.database.db);
  const baseUrl = await app.server.listen({ host: "127.0.0.1", port: 0 });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const contexts: BrowserContext[] = [];
  const tokens = new Map<string, string>();

  const request: E2E["request"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.apiKey) headers["x-api-key"] = apiKey;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as never };
  };

  const e2e: E2E = {
    baseUrl,
    app,
    apiKey,
    customers,
    async open(size) {
      const context = await browser.newContext({ viewport: VIEWPORTS[size], locale: "zh-CN", timezoneId: "Asia/Shanghai", ...(size === "phone" ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
      contexts.push(context);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const allowed: RegExp[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !allowed.some((p) => p.test(message.text()))) consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));
      return {
        page,
        context,
        consoleErrors,
        allowConsoleError: (pattern) => void allowed.push(pattern),
        shot: async (name) => void (await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })),
      };
    },
    async customerUrl(customerId, path = "") {
      const { token } = await app.credentials.issueCustomerToken(customerId);
      return `${baseUrl}/m/customer${path}#token=${token}`;
    },
    async loginStaff(target, login, size = "desk") {
      const { page } = target;
      await page.goto(`${baseUrl}${size === "phone" ? "/m/login" : "/login"}`);
      await page.locator("input[autocomplete=username]").fill(login);
      await page.locator("input[autocomplete=current-password]").fill(DEMO_STAFF_PASSWORD);
      await page.locator("button[type=submit]").click();
      await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    },
    async staffToken(login) {
      const known = tokens.get(login);
      if (known) return known;
      const answer = await request<{ token: string }>("POST", "/api/v1/auth/login", { body: { login, password: DEMO_STAFF_PASSWORD } });
      if (answer.status !== 200) throw new Error(`login ${login}: ${answer.status}`);
      tokens.set(login, answer.body.token);
      return answer.body.token;
    },
    request,
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
