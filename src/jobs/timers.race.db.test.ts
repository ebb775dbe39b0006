import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKind } from "../../test/db.js";

const CHILD = fileURLToPath(new URL("./timers.race-child.ts", import.meta.url));
const TIMERS = 300;

type Child = ChildProcessByStdio<Writable, Readable, null>;

/** Resolves once the child has printed this line. */
function lineFrom(child: Child, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split("\n").includes(line)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited with ${code} before printing ${line}`)));
  });
}

describe("timers with two server processes on one PostgreSQL", () => {
  it.skipIf(testDatabaseKind() !== "postgres")("fires every timer exactly once, and both processes fire some", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    const children: Child[] = [];
    try {
      await sql`create table race_firings (timer_id bigint not null, node text not null)`.execute(db);
      const dueAt = new Date(Date.now() - 1_000);
      await db.insertInto("timers").values(Array.from({ length: TIMERS }, (_, i) => ({ kind: "race.fire", subject_id: `race-${i}`, due_at: dueAt, payload: "{}" }))).execute();

      for (const node of ["node-1", "node-2"])
        children.push(spawn(process.execPath, ["--import", "tsx", CHILD, database.url!, node], { stdio: ["pipe", "pipe", "inherit"] }));
      await Promise.all(children.map((c) => lineFrom(c, "ready")));
      // both connected: start them together
      for (const c of children) c.stdin.end("go\n");
      await Promise.all(children.map((c) => lineFrom(c, "done")));
      await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : undefined)));

      const firings = await sql<{ timer_id: number; node: string }>`select timer_id, node from race_firings`.execute(db);
      const perTimer = new Map<string, number>();
      for (const f of firings.rows) perTimer.set(String(f.timer_id), (perTimer.get(String(f.timer_id)) ?? 0) + 1);
      expect(perTimer.size).toBe(TIMERS);
      expect([...perTimer.values()].filter((n) => n !== 1)).toEqual([]);
      const perNode = new Map<string, number>();
      for (const f of firings.rows) perNode.set(f.node, (perNode.get(f.node) ?? 0) + 1);
      expect(perNode.get("node-1")).toBeGreaterThan(0);
      expect(perNode.get("node-2")).toBeGreaterThan(0);
      // the timer row names the process whose firing was kept
      const rows = await db.selectFrom("timers").select(["id", "fired_by"]).where("kind", "=", "race.fire").execute();
      const firedBy = new Map(firings.rows.map((f) => [String(f.timer_id), f.node]));
      expect(rows.every((r) => r.fired_by === firedBy.get(String(r.id)))).toBe(true);
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill();
      await database.close();
    }
  }, 30_000);
});
