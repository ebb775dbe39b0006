import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Tx } from "../db/database.js";
import { appendOutbox } from "../db/outbox.js";
import { openTestDatabase } from "../../test/db.js";
import { testClock } from "../../test/app.js";
import { cancelTimers, fireDueTimers, retryDelayMs, scheduleTimer, type DueTimer, type TimerHandlers } from "./timers.js";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.close());

const clock = testClock("2026-03-02T02:00:00.000Z");
const at = (minutes: number) => new Date(clock().getTime() + minutes * 60_000);
let n = 0;
const subject = () => `S${++n}`;

/** A handler that leaves a trace in the outbox, so a test sees what fired and how often. */
const tracing = async (tx: Tx, timer: DueTimer) => appendOutbox(tx, [{ topic: `test.${timer.kind}`, aggregate_id: timer.subjectId, payload: timer.payload }]);
const traces = async (subjectId: string) => (await database.db.selectFrom("outbox").select(["topic", "payload"]).where("aggregate_id", "=", subjectId).execute()).map((r) => r.topic);
const timersOf = (subjectId: string) => database.db.selectFrom("timers").selectAll().where("subject_id", "=", subjectId).orderBy("id").execute();
const fire = (handlers: TimerHandlers) => fireDueTimers({ db: database.db, clock, handlers, nodeId: "node-a" });

describe("durable timers", () => {
  it("re-arming a timer replaces the pending one", async () => {
    const s = subject();
    await database.db.transaction().execute(async (tx) => {
      expect(await scheduleTimer(tx, { kind: "t.once", subjectId: s, dueAt: at(10), payload: { v: 1 } })).toBe(true);
      expect(await scheduleTimer(tx, { kind: "t.once", subjectId: s, dueAt: at(20), payload: { v: 2 } })).toBe(true);
    });
    const rows = await timersOf(s);
    const pending = rows.filter((r) => r.cancelled_at === null && r.fired_at === null);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ due_at: at(20), payload: { v: 2 } });
  });

  it("fires a due timer once, in the transaction that marks it fired, and not before it is due", async () => {
    const s = subject();
    await scheduleTimer(database.db, { kind: "t.fire", subjectId: s, dueAt: at(5) });
    expect(await fire({ "t.fire": tracing })).toBe(0);
    clock.advance(5 * 60_000);
    expect(await fire({ "t.fire": tracing })).toBe(1);
    expect(await fire({ "t.fire": tracing })).toBe(0);
    expect(await traces(s)).toEqual(["test.t.fire"]);
    expect(await timersOf(s)).toMatchObject([{ fired_at: clock(), fired_by: "node-a", attempts: 0 }]);
  });

  it("claims only the kinds it has handlers for", async () => {
    const s = subject();
    await scheduleTimer(database.db, { kind: "t.elsewhere", subjectId: s, dueAt: at(-1) });
    expect(await fire({ "t.fire": tracing })).toBe(0);
    expect(await timersOf(s)).toMatchObject([{ fired_at: null, attempts: 0 }]);
    expect(await fire({ "t.elsewhere": tracing })).toBe(1);
  });

  it("cancels pending timers, leaving those already due when asked to", async () => {
    const [early, late] = [subject(), subject()];
    await scheduleTimer(database.db, { kind: "t.cancel", subjectId: early, dueAt: at(-1) });
    await scheduleTimer(database.db, { kind: "t.cancel", subjectId: late, dueAt: at(30) });
    expect(await cancelTimers(database.db, { kinds: ["t.cancel"], subjectIds: [early, late], now: clock(), dueAfter: clock() })).toBe(1);
    clock.advance(60 * 60_000);
    expect(await fire({ "t.cancel": tracing })).toBe(1);
    expect(await traces(early)).toEqual(["test.t.cancel"]);
    expect(await traces(late)).toEqual([]);
  });

  it("keeps nothing a failing handler wrote, retries it later, and fires the others meanwhile", async () => {
    const [bad, good] = [subject(), subject()];
    await scheduleTimer(database.db, { kind: "t.flaky", subjectId: bad, dueAt: at(-2) });
    await scheduleTimer(database.db, { kind: "t.flaky", subjectId: good, dueAt: at(-1) });
    let failing = true;
    const errors: unknown[] = [];
    const handlers: TimerHandlers = {
      "t.flaky": async (tx, timer) => {
        await tracing(tx, timer);
        if (timer.subjectId === bad && failing) throw new Error("gateway down");
      },
    };
    const fired = await fireDueTimers({ db: database.db, clock, handlers, nodeId: "node-a", onError: (e) => errors.push(e) });
    expect(fired).toBe(1);
    expect(errors).toHaveLength(1);
    expect(await traces(good)).toEqual(["test.t.flaky"]);
    expect(await traces(bad)).toEqual([]);
    const [row] = await timersOf(bad);
    expect(row).toMatchObject({ fired_at: null, attempts: 1, last_error: "Error: gateway down", due_at: new Date(clock().getTime() + retryDelayMs(1)) });

    failing = false;
    expect(await fire(handlers)).toBe(0);
    clock.advance(retryDelayMs(1));
    expect(await fire(handlers)).toBe(1);
    expect(await traces(bad)).toEqual(["test.t.flaky"]);
  });

  it("backs off longer after each failure, up to an hour", () => {
    expect([1, 2, 3, 20].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 3_600_000]);
  });
});
