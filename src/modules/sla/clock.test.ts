import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessMinutes, CN_CUSTOMER_SERVICE as CS, CN_OFFICE } from "./calendar.js";
import { deadlineOf, pause, remainingMinutes, resume, status, type SlaClock, type SlaPause } from "./clock.js";

/** A moment in China time, "YYYY-MM-DD HH:MM". 2026-03-02 is a Monday. */
const cn = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

const clock = (startedAt: string, budgetMinutes: number, pauses: [string, string | null][] = []): SlaClock => ({
  startedAt: cn(startedAt),
  budgetMinutes,
  pauses: pauses.map(([from, to]): SlaPause => ({ from: cn(from), to: to === null ? null : cn(to) })),
});

describe("the deadline of an SLA clock", () => {
  it.each([
    ["a running clock is due after its budget in business minutes", CS, clock("2026-03-02 21:30", 60), "2026-03-03 08:30"],
    ["pausing while waiting on the customer stops the clock", CS, clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", "2026-03-02 11:30"]]), "2026-03-02 13:00"],
    ["every pause pushes the deadline back", CS, clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", "2026-03-02 11:00"], ["2026-03-02 11:30", "2026-03-02 12:00"]]), "2026-03-02 13:00"],
    ["a pause overnight gives back only open minutes", CS, clock("2026-03-02 21:30", 60, [["2026-03-02 21:45", "2026-03-03 08:00"]]), "2026-03-03 08:45"],
    ["a pause over lunch gives back nothing", CN_OFFICE, clock("2026-03-02 11:00", 120, [["2026-03-02 12:10", "2026-03-02 13:20"]]), "2026-03-02 14:30"],
    ["a pause after the budget ran out does not move the deadline", CS, clock("2026-03-02 10:00", 30, [["2026-03-02 11:00", "2026-03-02 12:00"]]), "2026-03-02 10:30"],
  ])("%s", (_, cal, c, due) => {
    expect(deadlineOf(cal, c)).toEqual(cn(due));
  });

  it("has no deadline while paused", () => {
    expect(deadlineOf(CS, clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", null]]))).toBeNull();
  });
});

describe("remaining minutes", () => {
  const waiting = clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", null]]);
  it.each([
    ["counts down while running", clock("2026-03-02 10:00", 120), "2026-03-02 10:45", 75],
    ["stands still while waiting on the customer", waiting, "2026-03-02 15:00", 90],
    ["does not count the night", clock("2026-03-02 21:30", 60), "2026-03-03 07:00", 30],
    ["is zero at the deadline", clock("2026-03-02 10:00", 120), "2026-03-02 12:00", 0],
    ["goes negative by the open minutes past the deadline", clock("2026-03-02 10:00", 120), "2026-03-02 12:10", -10],
    ["ignores a pause that has not begun yet", clock("2026-03-02 10:00", 120, [["2026-03-02 11:00", null]]), "2026-03-02 10:30", 90],
  ])("%s", (_, c, now, minutes) => {
    expect(remainingMinutes(CS, c, cn(now))).toBe(minutes);
  });
});

describe("SLA status", () => {
  const hundred = clock("2026-03-02 10:00", 100);
  it.each([
    ["running at the start", hundred, "2026-03-02 10:00", "running"],
    ["running below 80 % of the budget", hundred, "2026-03-02 11:19", "running"],
    ["warns at 80 % of the budget", hundred, "2026-03-02 11:20", "warning"],
    ["still warning, not breached, at the deadline itself", hundred, "2026-03-02 11:40", "warning"],
    ["breached after the deadline", hundred, "2026-03-02 11:41", "breached"],
    ["breached overnight after a deadline at closing", clock("2026-03-02 21:00", 60), "2026-03-02 23:00", "breached"],
    ["paused while waiting on the customer", clock("2026-03-02 10:00", 100, [["2026-03-02 11:30", null]]), "2026-03-02 15:00", "paused"],
    ["a pause after the deadline does not undo the breach", clock("2026-03-02 10:00", 30, [["2026-03-02 11:00", null]]), "2026-03-02 11:30", "breached"],
    ["running again after a resume", clock("2026-03-02 10:00", 100, [["2026-03-02 10:10", "2026-03-02 12:00"]]), "2026-03-02 12:30", "running"],
  ] as const)("%s", (_, c, now, expected) => {
    expect(status(CS, c, cn(now))).toBe(expected);
  });

  it("warns at a chosen fraction of the budget", () => {
    expect(status(CS, hundred, cn("2026-03-02 10:50"), 0.5)).toBe("warning");
    expect(status(CS, hundred, cn("2026-03-02 10:49"), 0.5)).toBe("running");
  });
});

describe("pausing and resuming", () => {
  const running = clock("2026-03-02 10:00", 120);

  it("pauses without changing the clock it was given", () => {
    const paused = pause(running, cn("2026-03-02 10:30"));
    expect(paused).toEqual({ ok: true, clock: { ...running, pauses: [{ from: cn("2026-03-02 10:30"), to: null }] } });
    expect(running.pauses).toEqual([]);
  });

  it("resumes by closing the open pause", () => {
    const paused = clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", null]]);
    expect(resume(paused, cn("2026-03-02 11:00"))).toEqual({ ok: true, clock: clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", "2026-03-02 11:00"]]) });
    expect(paused.pauses[0]?.to).toBeNull();
  });

  it.each([
    ["refuses to pause a paused clock", () => pause(clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", null]]), cn("2026-03-02 11:00")), "already_paused"],
    ["refuses to resume a running clock", () => resume(running, cn("2026-03-02 11:00")), "not_paused"],
    ["refuses to pause before the clock started", () => pause(running, cn("2026-03-02 09:00")), "out_of_order"],
    ["refuses to pause before the last resume", () => pause(clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", "2026-03-02 11:00"]]), cn("2026-03-02 10:45")), "out_of_order"],
    ["refuses to resume before the pause began", () => resume(clock("2026-03-02 10:00", 120, [["2026-03-02 10:30", null]]), cn("2026-03-02 10:15")), "out_of_order"],
  ])("%s", (_, change, error) => {
    expect(change()).toEqual({ ok: false, error });
  });
});

describe("properties of SLA clocks", () => {
  const minute = 60_000;
  const starts = fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true });

  it("at the deadline exactly the budget is used, and a minute later the clock is breached", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(CS, CN_OFFICE),
        starts,
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 3_000 })), { maxLength: 3 }),
        (cal, startedAt, budgetMinutes, gaps) => {
          let c: SlaClock = { startedAt, budgetMinutes, pauses: [] };
          let at = startedAt.getTime();
          for (const [runFor, pauseFor] of gaps) {
            at += runFor * minute;
            const paused = pause(c, new Date(at));
            at += pauseFor * minute;
            const resumed = paused.ok ? resume(paused.clock, new Date(at)) : paused;
            if (resumed.ok) c = resumed.clock;
          }
          const due = deadlineOf(cal, c);
          expect(due).not.toBeNull();
          if (!due) return;
          expect(remainingMinutes(cal, c, due)).toBe(0);
          expect(status(cal, c, new Date(due.getTime() + minute))).toBe("breached");
          expect(due.getTime()).toBeGreaterThanOrEqual(addBusinessMinutes(cal, startedAt, budgetMinutes).getTime());
        },
      ),
    );
  });
});
