import { describe, expect, it } from "vitest";
import { CN_CUSTOMER_SERVICE as CS, CN_OFFICE } from "./calendar.js";
import { AROUND_THE_CLOCK, breachDue, clockStatus, deadlines, planClocks, stoppedAt, warningDue, type CaseClockFacts, type ClockPlan, type StopSet } from "./model.js";
import type { SlaClock } from "./clock.js";

/** A moment in China time, "YYYY-MM-DD HH:MM". 2026-03-02 is a Monday. */
const cn = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

const facts = (before: string | null, after: string, more: Partial<CaseClockFacts> = {}): CaseClockFacts => ({
  caseId: "AS1",
  before,
  after,
  leaderAtPickupPoint: false,
  responders: [],
  ...more,
});
const plan = (p: Partial<ClockPlan>): ClockPlan => ({ start: [], stop: [], pause: [], resume: [], ...p });

describe("planClocks: which clocks a change of a case starts, stops, pauses and resumes", () => {
  it.each<[string, CaseClockFacts, ClockPlan]>([
    ["a claim filed into review starts first response and resolution", facts(null, "in_review"), plan({ start: ["first_response", "resolution"] })],
    ["…and the leader's clock where a leader runs the pickup point", facts(null, "in_review", { leaderAtPickupPoint: true }), plan({ start: ["first_response", "leader_response", "resolution"] })],
    ["a submitted claim routed to review starts them too", facts("submitted", "in_review"), plan({ start: ["first_response", "resolution"] })],
    ["a claim refunded at once starts only the finance clock", facts(null, "refunding"), plan({ start: ["finance_payment"] })],
    ["a claim rejected at once runs no clock", facts(null, "rejected"), plan({})],
    ["a claim that needs the goods back starts nothing while the customer holds them", facts(null, "awaiting_return"), plan({})],
    ["an agent's reply stops first response", facts("in_review", "in_review", { responders: ["agent"] }), plan({ stop: ["first_response"] })],
    ["a leader's reply stops only the leader's clock", facts("in_review", "in_review", { responders: ["leader"] }), plan({ stop: ["leader_response"] })],
    ["a leader's and an agent's reply stop both", facts("in_review", "in_review", { responders: ["leader", "agent"] }), plan({ stop: ["first_response", "leader_response"] })],
    ["asking the customer for evidence stops first response and pauses the rest", facts("in_review", "awaiting_customer", { responders: ["agent"] }), plan({ stop: ["first_response"], pause: "all" })],
    ["the customer's answer resumes the clocks, restarting none", facts("awaiting_customer", "in_review"), plan({ resume: "all" })],
    ["a decision by policy's timeout ends review; resolution runs on", facts("in_review", "refunding"), plan({ start: ["finance_payment"], stop: ["first_response", "leader_response"] })],
    ["a leader's approval ends review for everyone", facts("in_review", "refunding", { responders: ["leader"] }), plan({ start: ["finance_payment"], stop: ["first_response", "leader_response"] })],
    [
      "an agent's approval that needs the goods back ends review and pauses resolution while the customer holds them",
      facts("in_review", "awaiting_return", { responders: ["agent"] }),
      plan({ stop: ["first_response", "leader_response"], pause: ["resolution"] }),
    ],
    [
      "an approval while waiting on the customer resumes and stops",
      facts("awaiting_customer", "refunding", { responders: ["agent"] }),
      plan({ start: ["finance_payment"], stop: ["first_response", "leader_response"], resume: "all" }),
    ],
    [
      "an approval with a return while waiting on the customer resumes all but resolution",
      facts("awaiting_customer", "awaiting_return", { responders: ["agent"] }),
      plan({ stop: ["first_response", "leader_response"], pause: ["resolution"], resume: "all" }),
    ],
    // the warehouse's receipt is its confirm_receipt task's clock (tasks module), not a stage clock
    ["goods sent back start no stage clock; resolution still waits", facts("awaiting_return", "return_in_transit"), plan({})],
    [
      "goods received start the refund's clock and resume resolution",
      facts("return_in_transit", "refunding", { responders: ["agent"] }),
      plan({ start: ["finance_payment"], stop: ["first_response"], resume: ["resolution"] }),
    ],
    ["goods handed back at the pickup point start the refund's clock", facts("awaiting_return", "refunding"), plan({ start: ["finance_payment"], resume: ["resolution"] })],
    ["an exchange's goods received resume resolution", facts("return_in_transit", "reshipping"), plan({ resume: ["resolution"] })],
    ["the refund paid finishes the case: everything stops, resolution too", facts("refunding", "refunded"), plan({ stop: "all" })],
    ["a reship delivered finishes it", facts("reshipping", "reshipped"), plan({ stop: "all" })],
    ["a rejection while waiting on the customer stops everything", facts("awaiting_customer", "rejected", { responders: ["agent"] }), plan({ stop: "all" })],
    ["a return never sent back stops everything", facts("awaiting_return", "cancelled"), plan({ stop: "all" })],
    ["closing a finished case changes nothing", facts("refunded", "closed", { responders: ["agent"] }), plan({})],
    ["a system note on a case in review changes nothing", facts("in_review", "in_review"), plan({})],
  ])("%s", (_, f, expected) => {
    const got = planClocks(f);
    const sorted = (p: ClockPlan) => ({ start: [...p.start].sort(), stop: sortSet(p.stop), pause: sortSet(p.pause), resume: sortSet(p.resume) });
    expect(sorted(got)).toEqual(sorted(expected));
  });
});

const sortSet = (set: StopSet) => (set === "all" ? "all" : [...set].sort());

const clock = (startedAt: string, budgetMinutes: number, pauses: [string, string | null][] = []): SlaClock => ({
  startedAt: cn(startedAt),
  budgetMinutes,
  pauses: pauses.map(([from, to]) => ({ from: cn(from), to: to === null ? null : cn(to) })),
});

describe("deadlines of a clock", () => {
  it.each([
    ["first response filed Sunday evening before the Spring Festival closure", CS, clock("2026-02-15 21:30", 60), 0.75, "2026-02-19 08:30", "2026-02-19 08:15"],
    ["a warehouse day from Friday evening lands on the 调休 Saturday", CN_OFFICE, clock("2026-02-13 19:00", 450), 0.8, "2026-02-14 18:00", "2026-02-14 16:30"],
    ["resolution counts every hour", AROUND_THE_CLOCK, clock("2026-02-15 21:30", 1440), 0.8, "2026-02-16 21:30", "2026-02-16 16:42"],
  ] as const)("%s", (_, cal, c, fraction, due, warn) => {
    expect(deadlines(cal, c, fraction)).toEqual({ deadlineAt: cn(due), warnAt: cn(warn) });
  });

  it("has neither while paused", () => {
    expect(deadlines(CS, clock("2026-03-02 10:00", 60, [["2026-03-02 10:10", null]]), 0.8)).toEqual({ deadlineAt: null, warnAt: null });
  });
});

describe("stopping a clock", () => {
  it.each([
    ["before the deadline: met", clock("2026-03-02 10:00", 60), "2026-03-02 10:59", true],
    ["at the deadline itself: met", clock("2026-03-02 10:00", 60), "2026-03-02 11:00", true],
    ["after it: missed", clock("2026-03-02 10:00", 60), "2026-03-02 11:01", false],
    ["while paused with budget left: met, the pause closed", clock("2026-03-02 10:00", 60, [["2026-03-02 10:30", null]]), "2026-03-02 15:00", true],
  ] as const)("%s", (_, c, at, met) => {
    const stopped = stoppedAt(CS, c, cn(at));
    expect(stopped.met).toBe(met);
    expect(stopped.clock.pauses.every((p) => p.to !== null)).toBe(true);
  });
});

describe("a breach is due", () => {
  it.each([
    ["not before the deadline", clock("2026-03-02 10:00", 60), "2026-03-02 10:59", false],
    ["at the deadline", clock("2026-03-02 10:00", 60), "2026-03-02 11:00", true],
    ["not while paused with budget left", clock("2026-03-02 10:00", 60, [["2026-03-02 10:30", null]]), "2026-03-02 18:00", false],
    ["while paused after the budget ran out", clock("2026-03-02 10:00", 60, [["2026-03-02 11:30", null]]), "2026-03-02 12:00", true],
  ] as const)("%s", (_, c, now, due) => {
    expect(breachDue(CS, c, cn(now))).toBe(due);
  });
});

describe("a warning is due", () => {
  it.each([
    ["not before its share of the budget is used", clock("2026-03-02 10:00", 60), "2026-03-02 10:44", false],
    ["at the warning time", clock("2026-03-02 10:00", 60), "2026-03-02 10:45", true],
    ["not when a pause moved the warning later", clock("2026-03-02 10:00", 60, [["2026-03-02 10:10", "2026-03-02 11:10"]]), "2026-03-02 10:50", false],
    ["not while paused before its share was used", clock("2026-03-02 10:00", 60, [["2026-03-02 10:30", null]]), "2026-03-02 18:00", false],
    ["while paused after its share was used", clock("2026-03-02 10:00", 60, [["2026-03-02 10:50", null]]), "2026-03-02 18:00", true],
  ] as const)("%s", (_, c, now, due) => {
    expect(warningDue(CS, c, 0.75, cn(now))).toBe(due);
  });
});

describe("clockStatus, as GET /cases/:id/sla shows it", () => {
  const running = { warnFraction: 0.8, breachedAt: null, stoppedAt: null, met: null };
  it.each([
    ["running", clock("2026-03-02 10:00", 100), running, "2026-03-02 10:30", "running", 70],
    ["warning at 80 %", clock("2026-03-02 10:00", 100), running, "2026-03-02 11:25", "warning", 15],
    ["paused", clock("2026-03-02 10:00", 100, [["2026-03-02 10:10", null]]), running, "2026-03-02 15:00", "paused", 90],
    ["breached once recorded", clock("2026-03-02 10:00", 100), { ...running, breachedAt: cn("2026-03-02 11:40") }, "2026-03-02 12:00", "breached", -20],
    ["met, with the minutes left at the stop", clock("2026-03-02 10:00", 100), { ...running, stoppedAt: cn("2026-03-02 10:40"), met: true }, "2026-03-02 18:00", "met", 60],
    ["missed", clock("2026-03-02 10:00", 100), { ...running, stoppedAt: cn("2026-03-02 12:00"), met: false }, "2026-03-02 18:00", "missed", -20],
  ] as const)("%s", (_, c, row, now, status, remaining) => {
    expect(clockStatus(CS, c, row, cn(now))).toEqual({ status, remainingMinutes: remaining });
  });
});
