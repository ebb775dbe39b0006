import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../modules/people/index.js";
import { json, startTestApp, type TestApp } from "../../test/app.js";
import { makeOrder } from "../../test/factories.js";

/**
 * The authorization matrix: every role × every endpoint. The table below is the specification,
 * written by hand; the test checks that each route declares exactly these roles, that the server
 * refuses every other role (403) and anonymous callers (401), and lets the listed roles past the
 * guard. A new route fails this test until it is added here.
 */
const STAFF = ["leader", "agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"] as const;
const EXPECTED: Record<string, readonly Role[] | "public"> = {
  "POST /api/v1/customer-tokens": ["integrator"],
  "POST /api/v1/auth/login": "public",
  "POST /api/v1/auth/logout": STAFF,
  "GET /api/v1/auth/me": STAFF,
  "PUT /api/v1/auth/me/duty": STAFF,
  "GET /api/v1/staff": ["supervisor", "ops_admin"],
  "POST /api/v1/staff": ["ops_admin"],
  "PATCH /api/v1/staff/:staffId": ["supervisor", "ops_admin"],
  "POST /api/v1/orders": ["integrator"],
  "GET /api/v1/orders": ["customer"],
  "GET /api/v1/orders/:orderId": ["customer", "integrator", "leader", "agent", "supervisor", "warehouse", "finance", "ops_admin"],
  "GET /api/v1/policy": "public",
  "GET /api/v1/policy/versions": "public",
  "GET /api/v1/policy/versions/:version": "public",
  "POST /api/v1/policy/versions": ["integrator", "ops_admin"],
  "GET /api/v1/policy/questions/:problemType": "public",
  "POST /api/v1/evidence": ["customer"],
  "GET /api/v1/evidence/:evidenceId": ["customer", "integrator", "leader", "agent", "supervisor", "warehouse", "supplier_quality", "ops_admin"],
  "POST /api/v1/cases": ["customer"],
  "GET /api/v1/cases": ["customer", "integrator", ...STAFF],
  "GET /api/v1/cases/:caseId": ["customer", "integrator", ...STAFF],
  "POST /api/v1/cases/:caseId/actions": ["customer", "integrator", "leader", "agent", "supervisor", "warehouse"],
  "GET /api/v1/cases/:caseId/refunds": ["customer", "integrator", "agent", "supervisor", "finance", "ops_admin"],
  "POST /api/v1/policy/evaluate": ["customer", "integrator", "leader", "agent", "supervisor", "ops_admin"],
  "GET /api/v1/audit": ["supervisor", "ops_admin"],
  // SLA
  "GET /api/v1/sla/policies": STAFF,
  "PUT /api/v1/sla/policies/:kind": ["ops_admin"],
  "GET /api/v1/sla/breaches": ["supervisor", "ops_admin"],
  "GET /api/v1/cases/:caseId/sla": STAFF,
  // ownership, assignment and the queue
  "GET /api/v1/queue": ["agent", "supervisor", "leader"],
  "POST /api/v1/cases/:caseId/take": ["agent", "supervisor"],
  "POST /api/v1/cases/:caseId/handover": ["agent", "supervisor"],
  "POST /api/v1/cases/:caseId/assign": ["supervisor"],
  "POST /api/v1/cases/:caseId/escalate": ["agent", "supervisor", "leader"],
  "POST /api/v1/cases/:caseId/notes": STAFF,
  "GET /api/v1/cases/:caseId/notes": STAFF,
  "POST /api/v1/cases/:caseId/presence": STAFF,
  "DELETE /api/v1/cases/:caseId/presence": STAFF,
  "GET /api/v1/cases/:caseId/presence": STAFF,
  "POST /api/v1/cases/:caseId/links": STAFF,
  "GET /api/v1/cases/:caseId/links": STAFF,
  "POST /api/v1/cases/:caseId/merge": ["agent", "supervisor"],
  // saved views of the staff work lists: each person their own
  "GET /api/v1/me/views": STAFF,
  "POST /api/v1/me/views": STAFF,
  "PUT /api/v1/me/views/:viewId": STAFF,
  "DELETE /api/v1/me/views/:viewId": STAFF,
  // department tasks and finance's manual refunds
  "POST /api/v1/cases/:caseId/tasks": ["agent", "supervisor"],
  "GET /api/v1/cases/:caseId/tasks": ["agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"],
  "GET /api/v1/tasks": ["agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"],
  "POST /api/v1/tasks/:taskId/take": ["agent", "supervisor", "warehouse", "finance", "supplier_quality"],
  "POST /api/v1/tasks/:taskId/complete": ["agent", "supervisor", "warehouse", "finance", "supplier_quality"],
  "POST /api/v1/tasks/:taskId/cancel": ["agent", "supervisor", "warehouse", "finance", "supplier_quality"],
  "GET /api/v1/refunds": ["finance", "ops_admin"],
  "POST /api/v1/refunds/:refundId/manual": ["finance"],
  // leaders
  "POST /api/v1/leader/returns": ["leader"],
  "POST /api/v1/leader/batch-reports": ["leader", "agent", "supervisor"],
  "GET /api/v1/leaders/me/scores": ["leader"],
  "GET /api/v1/leaders/:leaderId/scores": ["supervisor", "ops_admin"],
  // leaders: what a batch report can name (leader app)
  "GET /api/v1/leader/recent-goods": ["leader"],
  // compensation and liability
  "GET /api/v1/customers/me/compensation": ["customer"],
  "GET /api/v1/cases/:caseId/liability": ["agent", "supervisor", "finance", "ops_admin"],
  "POST /api/v1/cases/:caseId/liability": ["agent", "supervisor", "finance"],
  "GET /api/v1/liability/statements": ["finance", "ops_admin", "supplier_quality"],
  "POST /api/v1/liability/statements/settle": ["finance"],
  "GET /api/v1/ledger/balance": ["finance", "ops_admin"],
  // conversation, reply scripts, live updates
  "POST /api/v1/cases/:caseId/messages": ["customer", "leader", "agent", "supervisor"],
  "GET /api/v1/cases/:caseId/messages": ["customer", "leader", "agent", "supervisor"],
  "POST /api/v1/cases/:caseId/messages/read": ["customer", "leader", "agent", "supervisor"],
  // feedback: the customer rates their finished case; staff who see the case read it
  "POST /api/v1/cases/:caseId/rating": ["customer"],
  "GET /api/v1/cases/:caseId/rating": ["customer", ...STAFF],
  "GET /api/v1/cases/:caseId/reply-scripts": ["leader", "agent", "supervisor"],
  "GET /api/v1/reply-scripts": ["leader", "agent", "supervisor", "ops_admin"],
  "GET /api/v1/reply-scripts/:scriptId/versions": ["leader", "agent", "supervisor", "ops_admin"],
  "POST /api/v1/reply-scripts": ["supervisor", "ops_admin"],
  "PUT /api/v1/reply-scripts/:scriptId": ["supervisor", "ops_admin"],
  "GET /api/v1/stream": STAFF,
  // notifications and webhooks
  "POST /api/v1/webhooks": ["integrator"],
  "GET /api/v1/webhooks": ["integrator", "ops_admin"],
  "DELETE /api/v1/webhooks/:webhookId": ["integrator", "ops_admin"],
  "POST /api/v1/webhooks/:webhookId/test": ["integrator", "ops_admin"],
  "GET /api/v1/notifications/dead-letters": ["integrator", "ops_admin"],
  "POST /api/v1/notifications/:notificationId/retry": ["integrator", "ops_admin"],
  "GET /api/v1/notifications": ["agent", "supervisor"],
  // operations insights (dashboard)
  "GET /api/v1/insights/kpis": ["ops_admin", "supervisor"],
  "GET /api/v1/insights/problems": ["ops_admin", "supervisor"],
};

/** Routes whose answer is a never-ending stream: only the refusals are checked. */
const STREAMING = new Set<string>(["GET /api/v1/stream"]);

const sample = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => (name === "version" ? "1" : name === "problemType" ? "spoiled" : name === "kind" ? "first_response" : "X-404"));

describe("authorization matrix", () => {
  let t: TestApp;
  const headers = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp();
    // the parties staff are tied to exist once an order mentions them
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: makeOrder() });
    headers.customer = { authorization: `Bearer ${await t.tokenFor("C-1001")}` };
    headers.integrator = { "x-api-key": t.apiKey };
    const scope = { leader: { leaderId: "LD-001" }, warehouse: { warehouseId: "WH-01" }, supplier_quality: { supplierId: "SUP-01" } } as Record<string, object>;
    for (const role of STAFF) headers[role] = { authorization: `Bearer ${(await t.staff(role, scope[role] ?? {})).token}` };
  });
  afterAll(() => t.close());

  it("covers every route the server has, and no route the server lacks", () => {
    const declared = t.server.accessTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(declared).toEqual(Object.keys(EXPECTED).sort());
  });

  it("declares exactly the expected roles on every route", () => {
    for (const r of t.server.accessTable) {
      const expected = EXPECTED[`${r.method} ${r.url}`];
      expect(r.access === "public" ? "public" : [...r.access].sort(), `${r.method} ${r.url}`).toEqual(expected === "public" ? "public" : [...(expected ?? [])].sort());
    }
  });

  it("refuses anonymous callers and every role not listed, and lets the listed ones past the guard", async () => {
    // logging out ends the session the other checks use: it goes last
    const routes = [...t.server.accessTable].sort((a, b) => Number(a.url.endsWith("/logout")) - Number(b.url.endsWith("/logout")));
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const expected = EXPECTED[key];
      if (!expected || expected === "public") continue;
      const call = (h: Record<string, string>) => t.server.inject({ method: r.method as "GET", url: sample(r.url), headers: h, ...(r.method === "GET" ? {} : { payload: {} }) });
      const anonymous = await call({});
      if (anonymous.statusCode !== 401) failures.push(`${key} anonymous → ${anonymous.statusCode}`);
      for (const role of ROLES) {
        const allowed = expected.includes(role);
        if (allowed && STREAMING.has(key)) continue;
        const res = await call(headers[role]);
        const refusedByGuard = res.statusCode === 403 && Array.isArray(json(res).allowedRoles);
        if (allowed && (refusedByGuard || res.statusCode === 401)) failures.push(`${key} ${role} refused (${res.statusCode})`);
        if (!allowed && !refusedByGuard) failures.push(`${key} ${role} let through (${res.statusCode})`);
        if (res.statusCode >= 500) failures.push(`${key} ${role} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
