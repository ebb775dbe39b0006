import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApp, type App } from "../../app.js";
import { readConfig, type Config } from "../../config.js";
import { PGLITE_TEMPLATE_DIR, POSTGRES_TEMPLATE_DB, adminUrl, testDatabaseKind } from "../../../test/db.js";
import { testClock } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { createApiKey } from "../people/index.js";
import { cn } from "./sla.fixtures.js";

/** A database of this test's own that outlives one app: a PGlite directory or a PostgreSQL database. */
async function durableDatabase(): Promise<{ config: Config; drop(): Promise<void> }> {
  const base = { ...readConfig({}), evidenceDir: await mkdtemp(join(tmpdir(), "anxin-evidence-")), gatewayFailureRate: 0, notifyFailureRate: 0, logLevel: "silent" };
  if (testDatabaseKind() === "postgres") {
    const name = `anxin_test_restart_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name} template ${POSTGRES_TEMPLATE_DB}`);
    await admin.end();
    return {
      config: { ...base, databaseUrl: adminUrl(name), poolSize: 4 },
      drop: async () => {
        const a = new pg.Client({ connectionString: adminUrl() });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "anxin-restart-"));
  await cp(PGLITE_TEMPLATE_DIR, dataDir, { recursive: true });
  return { config: { ...base, databaseUrl: undefined, dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

describe("durable timers across a restart", () => {
  it("fires the timers armed before a restart in the next process, each once", async () => {
    const { config, drop } = await durableDatabase();
    const clock = testClock(cn("2026-03-02 10:00").toISOString());
    const open = () => createApp(config, { clock, logger: false });
    let app: App | null = null;
    try {
      // first life: a claim goes to review and arms its SLA timers
      app = await open();
      const { key } = await createApiKey(app.database.db, "restart test");
      const order = makeOrder({ customerId: "C-RESTART", deliveredAt: "2026-03-01T02:00:00.000Z", placedAt: "2026-02-28T02:00:00.000Z", promisedAt: "2026-03-01T02:00:00.000Z" });
      expect((await app.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": key }, payload: order })).statusCode).toBeLessThan(300);
      const { token } = await app.credentials.issueCustomerToken("C-RESTART");
      const filed = await app.server.inject({
        method: "POST",
        url: "/api/v1/cases",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": "restart-claim-1" },
        payload: { orderId: order.id, items: [{ lineNo: 2, quantity: 1 }], problemType: "damaged", wantedResolution: "refund_only", answers: {} },
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const caseId = filed.json<{ id: string; state: string }>().id;
      await app.stop();
      app = null;

      // second life: an hour later the leader's and the agent's warnings and breaches are due
      clock.set(cn("2026-03-02 11:00").toISOString());
      app = await open();
      await app.fireTimers();
      await app.stop();
      app = null;

      // third life: nothing fires again, and everything due fired exactly once
      app = await open();
      expect(await app.fireTimers()).toBe(0);
      const { db } = app.database;
      const clocks = await db.selectFrom("sla_clocks").select(["id", "kind"]).where("case_id", "=", caseId).execute();
      const due = await db
        .selectFrom("timers")
        .select(["kind", "subject_id", "fired_at"])
        .where("subject_id", "in", clocks.map((c) => String(c.id)))
        .where("due_at", "<=", clock())
        .where("cancelled_at", "is", null)
        .execute();
      expect(due).toHaveLength(4);
      expect(due.every((d) => d.fired_at !== null)).toBe(true);
      const breaches = await db.selectFrom("sla_breaches").select("kind").where("case_id", "=", caseId).orderBy("id").execute();
      expect(breaches.map((b) => b.kind)).toEqual(["leader_response", "first_response"]);
      const topics = (await db.selectFrom("outbox").select("topic").where("aggregate_id", "=", caseId).execute()).map((r) => r.topic);
      expect(topics.filter((x) => x === "sla.warning")).toHaveLength(2);
      expect(topics.filter((x) => x === "sla.breached")).toHaveLength(2);
      const kase = await db.selectFrom("cases").select("escalation_level").where("id", "=", caseId).executeTakeFirstOrThrow();
      expect(kase.escalation_level).toBe(2);
    } finally {
      await app?.stop();
      await drop();
    }
  });
});
