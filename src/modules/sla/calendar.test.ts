import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  CN_CUSTOMER_SERVICE,
  CN_OFFICE,
  isOpen,
  validateCalendar,
  type BusinessCalendar,
} from "./calendar.js";

/** A moment in China time, "YYYY-MM-DD HH:MM". 2026-03-02 is a Monday. */
const cn = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

const closedAllWeek = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
/** A night shift whose hours touch midnight from both sides. */
const NIGHT_SHIFT: BusinessCalendar = {
  days: { ...closedAllWeek, 1: [{ open: "00:00", close: "06:00" }, { open: "18:00", close: "24:00" }], 2: [{ open: "00:00", close: "02:00" }], 3: [{ open: "18:00", close: "24:00" }] },
  holidays: ["2026-03-04"],
  workdays: ["2026-03-07"],
  workdayHours: [{ open: "20:00", close: "24:00" }],
};

describe("deadlines in business minutes", () => {
  it.each([
    ["a 60-minute first response asked at 21:30 is due at 08:30 the next morning", CN_CUSTOMER_SERVICE, "2026-03-02 21:30", 60, "2026-03-03 08:30"],
    ["a request inside hours is due the same hour", CN_CUSTOMER_SERVICE, "2026-03-02 10:00", 30, "2026-03-02 10:30"],
    ["a request before opening counts from the opening", CN_CUSTOMER_SERVICE, "2026-03-02 03:00", 30, "2026-03-02 08:30"],
    ["customer service works weekends", CN_CUSTOMER_SERVICE, "2026-03-07 10:00", 60, "2026-03-07 11:00"],
    ["customer service skips the Spring Festival holidays", CN_CUSTOMER_SERVICE, "2026-02-15 21:30", 60, "2026-02-19 08:30"],
    ["a lunch break does not count", CN_OFFICE, "2026-03-02 11:30", 60, "2026-03-02 14:00"],
    ["a weekend does not count for the office", CN_OFFICE, "2026-03-06 17:00", 120, "2026-03-09 10:00"],
    ["the office skips the Spring Festival holidays", CN_OFFICE, "2026-02-14 17:00", 120, "2026-02-24 10:00"],
    ["counts a 调休 Saturday as a working day", CN_OFFICE, "2026-02-13 17:00", 120, "2026-02-14 10:00"],
    ["counts a 调休 Sunday as a working day", CN_OFFICE, "2026-09-18 17:00", 120, "2026-09-20 10:00"],
    ["skips the National Day week", CN_OFFICE, "2026-09-30 17:00", 120, "2026-10-08 10:00"],
    ["a budget that ends exactly at closing is due at closing", CN_OFFICE, "2026-03-02 17:00", 60, "2026-03-02 18:00"],
    ["a whole working day spans both halves of the office day", CN_OFFICE, "2026-03-02 09:00", 450, "2026-03-02 18:00"],
    ["zero minutes is due at once, even when closed", CN_OFFICE, "2026-03-07 03:00", 0, "2026-03-07 03:00"],
    ["a shift running to midnight carries on after midnight", NIGHT_SHIFT, "2026-03-02 23:30", 60, "2026-03-03 00:30"],
    ["a holiday closes a night shift too", NIGHT_SHIFT, "2026-03-03 01:00", 120, "2026-03-07 21:00"],
  ])("%s", (_, cal, start, minutes, due) => {
    expect(addBusinessMinutes(cal, cn(start), minutes)).toEqual(cn(due));
  });

  it("keeps seconds of the start", () => {
    expect(addBusinessMinutes(CN_CUSTOMER_SERVICE, new Date("2026-03-02T10:00:30+08:00"), 1)).toEqual(new Date("2026-03-02T10:01:30+08:00"));
  });

  it("refuses a negative budget", () => {
    expect(() => addBusinessMinutes(CN_OFFICE, cn("2026-03-02 10:00"), -1)).toThrow(RangeError);
  });

  it("refuses a calendar with no open time at all instead of looping", () => {
    const never: BusinessCalendar = { days: closedAllWeek, holidays: [], workdays: [], workdayHours: [] };
    expect(() => addBusinessMinutes(never, cn("2026-03-02 10:00"), 1)).toThrow(/no open time at all/);
  });

  it("refuses a calendar whose last make-up day has passed instead of looping", () => {
    const past: BusinessCalendar = { days: closedAllWeek, holidays: [], workdays: ["2025-01-04"], workdayHours: [{ open: "09:00", close: "18:00" }] };
    expect(() => addBusinessMinutes(past, cn("2026-03-02 10:00"), 1)).toThrow(/no open time in the 400 days/);
  });
});

describe("whether a team is working", () => {
  it.each([
    ["opens at 08:00", CN_CUSTOMER_SERVICE, "2026-03-02 08:00", true],
    ["is closed a minute before opening", CN_CUSTOMER_SERVICE, "2026-03-02 07:59", false],
    ["is open in the last minute", CN_CUSTOMER_SERVICE, "2026-03-02 21:59", true],
    ["is closed at closing time", CN_CUSTOMER_SERVICE, "2026-03-02 22:00", false],
    ["is closed on 除夕", CN_CUSTOMER_SERVICE, "2026-02-16 10:00", false],
    ["the office is closed over lunch", CN_OFFICE, "2026-03-02 12:30", false],
    ["the office reopens at 13:30", CN_OFFICE, "2026-03-02 13:30", true],
    ["the office is closed on an ordinary Saturday", CN_OFFICE, "2026-03-07 10:00", false],
    ["the office is open on a 调休 Saturday", CN_OFFICE, "2026-02-14 10:00", true],
    ["uses China's weekday, not UTC's, at 03:00 Monday (Sunday in UTC)", NIGHT_SHIFT, "2026-03-02 03:00", true],
    ["a holiday closes a night shift", NIGHT_SHIFT, "2026-03-04 19:00", false],
  ])("%s", (_, cal, at, open) => {
    expect(isOpen(cal, cn(at))).toBe(open);
  });
});

describe("business minutes between two moments", () => {
  it.each([
    ["an office day is 450 minutes", CN_OFFICE, "2026-03-02 09:00", "2026-03-02 18:00", 450],
    ["a weekend adds nothing", CN_OFFICE, "2026-03-06 17:00", "2026-03-09 09:30", 90],
    ["the night adds nothing", CN_CUSTOMER_SERVICE, "2026-03-02 21:00", "2026-03-03 09:00", 120],
    ["a Spring Festival week adds nothing for the office", CN_OFFICE, "2026-02-14 18:00", "2026-02-24 09:00", 0],
    ["is zero when the end comes first", CN_OFFICE, "2026-03-02 18:00", "2026-03-02 09:00", 0],
  ])("%s", (_, cal, from, to, minutes) => {
    expect(businessMinutesBetween(cal, cn(from), cn(to))).toBe(minutes);
  });
});

describe("checking a calendar", () => {
  const office = (patch: Record<string, unknown>) => ({ ...CN_OFFICE, ...patch });
  const monday = (hours: unknown) => office({ days: { ...CN_OFFICE.days, 1: hours } });

  it.each([
    ["the office calendar", CN_OFFICE],
    ["the customer service calendar", CN_CUSTOMER_SERVICE],
    ["hours closing at 24:00", monday([{ open: "18:00", close: "24:00" }])],
    ["intervals that only touch", monday([{ open: "09:00", close: "12:00" }, { open: "12:00", close: "13:00" }])],
  ])("accepts %s", (_, input) => {
    expect(validateCalendar(input)).toMatchObject({ ok: true });
  });

  it.each([
    ["something that is not a calendar", "office", ""],
    ["a calendar without days", office({ days: undefined }), "days"],
    ["a weekday that is not a list", monday("09:00-18:00"), "days.1"],
    ["an hour past 24", monday([{ open: "09:00", close: "25:00" }]), "days.1[0].close"],
    ["a time without two-digit hours", monday([{ open: "9:00", close: "18:00" }]), "days.1[0].open"],
    ["opening at 24:00", monday([{ open: "24:00", close: "24:00" }]), "days.1[0].open"],
    ["closing before opening", monday([{ open: "18:00", close: "09:00" }]), "days.1[0]"],
    ["closing when opening", monday([{ open: "09:00", close: "09:00" }]), "days.1[0]"],
    ["overlapping intervals", monday([{ open: "13:00", close: "18:00" }, { open: "09:00", close: "13:30" }]), "days.1[0]"],
    ["a date that does not exist", office({ holidays: ["2026-02-30"] }), "holidays[0]"],
    ["a date in another format", office({ workdays: ["2026/02/14"] }), "workdays[0]"],
    ["a day that is both a holiday and a make-up day", office({ workdays: ["2026-02-16"] }), "workdays"],
    ["bad make-up hours", office({ workdayHours: [{ open: "x", close: "18:00" }] }), "workdayHours[0].open"],
    ["a calendar with no open time at all", { days: closedAllWeek, holidays: [], workdays: [], workdayHours: [] }, "days"],
  ])("rejects %s", (_, input, path) => {
    const result = validateCalendar(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });
});

describe("properties of business time", () => {
  const calendars = fc.constantFrom(CN_OFFICE, CN_CUSTOMER_SERVICE, NIGHT_SHIFT);
  const starts = fc.date({ min: new Date("2025-12-01T00:00:00Z"), max: new Date("2027-01-31T00:00:00Z"), noInvalidDate: true });
  const budgets = fc.integer({ min: 0, max: 20_000 });

  it("counts back exactly the minutes it added", () => {
    fc.assert(
      fc.property(calendars, starts, budgets, (cal, start, minutes) => {
        expect(businessMinutesBetween(cal, start, addBusinessMinutes(cal, start, minutes))).toBe(minutes);
      }),
    );
  });

  it("never sets a deadline inside closed time unless the budget is zero", () => {
    fc.assert(
      fc.property(calendars, starts, fc.integer({ min: 1, max: 20_000 }), (cal, start, minutes) => {
        const due = addBusinessMinutes(cal, start, minutes);
        // The deadline is reached while open: the instant just before it is open time.
        expect(isOpen(cal, new Date(due.getTime() - 1))).toBe(true);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
      }),
    );
  });
});
