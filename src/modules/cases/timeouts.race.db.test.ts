import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/app.js";
import { testDatabaseKind } from "../../../test/db.js";
import { stopClocks } from "../sla/index.js";
import { cn, fileClaim } from "../sla/sla.fixtures.js";
import { lockCase } from "./store.js";

/*
 * Timer handlers against a request changing the same case at the same moment: two sessions,
 * so PostgreSQL only (PGlite has one).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const postgres = testDatabaseKind() === "postgres";

/** Resolves once some session of this database waits for a lock. */
async function someoneWaitsForALock() {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db);
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("nobody waited for a lock");
}

describe("timer handlers and requests on the same case", () => {
  it.skipIf(!postgres)("take the case before its clocks, so a request holding the case is never deadlocked by due timers", async () => {
    const { kase } = await fileClaim(t, "2026-03-02 10:00");
    // due now: the leader's warning (10:22:30) and breach (10:30), the first response's warning (10:45)
    t.clock.set(cn("2026-03-02 10:46").toISOString());

    let proceed!: () => void;
    const mayProceed = new Promise<void>((r) => (proceed = r));
    let locked!: () => void;
    const caseLocked = new Promise<void>((r) => (locked = r));
    // a request: holds the case, then changes its clocks (as every case change does: case, then clocks)
    const request = t.database.db.transaction().execute(async (tx) => {
      await lockCase(tx, kase.id);
      locked();
      await mayProceed;
      return stopClocks(tx, { caseId: kase.id, now: t.clock() });
    });
    await caseLocked;
    const firing = t.fireTimers();
    await someoneWaitsForALock();
    proceed();

    const stopped = await request;
    expect(stopped.map((c) => c.kind).sort()).toEqual(["first_response", "leader_response", "resolution"]);
    expect(await firing).toBe(3);
    // nothing failed and waits for a retry: no handler was chosen as a deadlock's victim
    const retried = await t.database.db.selectFrom("timers").select(["kind", "last_error"]).where("attempts", ">", 0).execute();
    expect(retried).toEqual([]);
    // the clocks stopped before the handlers looked: the warnings say nothing, the missed deadline is recorded
    const breaches = await t.database.db.selectFrom("sla_breaches").select("kind").where("case_id", "=", kase.id).execute();
    expect(breaches).toEqual([{ kind: "leader_response" }]);
  });
});
