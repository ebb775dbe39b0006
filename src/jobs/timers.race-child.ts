/**
 * One of the two server processes of timers.race.db.test.ts: runs the timer worker against the
 * PostgreSQL database named on the command line, with a handler that records each firing, until
 * no race timer is left pending. Prints "ready" once connected, starts on "go" from stdin.
 *
 * Usage: node --import tsx src/jobs/timers.race-child.ts <database-url> <node-id>
 */
import { once } from "node:events";
import { sql } from "kysely";
import { openDatabase } from "../db/database.js";
import { startTimerWorker } from "./timers.js";

const [url, nodeId] = process.argv.slice(2);
if (!url || !nodeId) throw new Error("usage: timers.race-child.ts <database-url> <node-id>");
const { db, close } = await openDatabase({ url, poolSize: 4 });
process.stdout.write("ready\n");
await once(process.stdin, "data");
// stop reading: an open stdin would keep the process alive once the work is done
process.stdin.pause();

const stop = startTimerWorker({
  db,
  clock: () => new Date(),
  nodeId,
  intervalMs: 20,
  handlers: {
    "race.fire": async (tx, timer) => {
      await sql`insert into race_firings (timer_id, node) values (${timer.id}, ${nodeId})`.execute(tx);
      // a little work per timer, so that both processes are busy at once
      await sql`select pg_sleep(0.002)`.execute(tx);
    },
  },
  onError: (e) => process.stderr.write(`${String(e)}\n`),
});
for (;;) {
  const { pending } = await db
    .selectFrom("timers")
    .select(sql<number>`count(*)::int`.as("pending"))
    .where("kind", "=", "race.fire")
    .where("fired_at", "is", null)
    .executeTakeFirstOrThrow();
  if (pending === 0) break;
  await new Promise((r) => setTimeout(r, 50));
}
await stop();
await close();
process.stdout.write("done\n");
