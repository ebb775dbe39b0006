/**
 * Business-hours calendars in China time. Asia/Shanghai has been a fixed UTC+8 without DST
 * since 1991, so day arithmetic uses a fixed offset instead of Intl time-zone data.
 * Calendars are treated as immutable values: compiled forms are cached per object.
 */

/** Weekday as `Date#getUTCDay` numbers it: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One opening interval in China local time, "HH:MM"; `close` may be "24:00". */
export interface OpeningHours {
  readonly open: string;
  readonly close: string;
}

/** When a team works: weekly hours, closed holidays, and 调休 make-up working days. */
export interface BusinessCalendar {
  /** Opening intervals per weekday; an empty list means closed that weekday. */
  readonly days: Readonly<Record<Weekday, readonly OpeningHours[]>>;
  /** "YYYY-MM-DD" dates closed all day. */
  readonly holidays: readonly string[];
  /** "YYYY-MM-DD" make-up working days (调休) that use `workdayHours`, even on a weekend. */
  readonly workdays: readonly string[];
  /** Hours kept on a make-up working day. */
  readonly workdayHours: readonly OpeningHours[];
}

/** One thing wrong with a calendar, `path` pointing at it (e.g. "days.1[0].close"). */
export interface CalendarProblem {
  path: string;
  message: string;
}

/** Result of {@link validateCalendar}. */
export type CalendarValidation = { ok: true; calendar: BusinessCalendar } | { ok: false; errors: CalendarProblem[] };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 60 * MINUTE_MS;
/** A run of closed days longer than a year plus the longest holiday means the calendar never opens again. */
const MAX_CLOSED_DAYS = 400;
const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

const every = <T>(hours: T[]): Record<Weekday, T[]> => ({
  0: hours, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: hours,
});

/**
 * Customer service for group buying: 08:00–22:00 every day, weekends included. Closed only
 * over 除夕–初二 of the 2026 Spring Festival (example data; ops maintain the real list).
 */
export const CN_CUSTOMER_SERVICE: BusinessCalendar = {
  days: every([{ open: "08:00", close: "22:00" }]),
  holidays: ["2026-02-16", "2026-02-17", "2026-02-18"],
  workdays: [],
  workdayHours: [{ open: "08:00", close: "22:00" }],
};

const OFFICE_HOURS: OpeningHours[] = [
  { open: "09:00", close: "12:00" },
  { open: "13:30", close: "18:00" },
];

/**
 * Office teams (finance, supplier claims): Mon–Fri 09:00–12:00 and 13:30–18:00, with the 2026
 * public holidays and their 调休 make-up days (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04).
 */
export const CN_OFFICE: BusinessCalendar = {
  days: { 0: [], 1: OFFICE_HOURS, 2: OFFICE_HOURS, 3: OFFICE_HOURS, 4: OFFICE_HOURS, 5: OFFICE_HOURS, 6: [] },
  holidays: [
    ...dateRange("2026-01-01", 3), // 元旦
    ...dateRange("2026-02-15", 9), // 春节
    ...dateRange("2026-04-04", 3), // 清明节
    ...dateRange("2026-05-01", 5), // 劳动节
    ...dateRange("2026-06-19", 3), // 端午节
    ...dateRange("2026-09-25", 3), // 中秋节
    ...dateRange("2026-10-01", 7), // 国庆节
  ],
  workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  workdayHours: OFFICE_HOURS,
};

/** True when `at` falls inside an opening interval (open inclusive, close exclusive). */
export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  const c = compile(cal);
  const ms = at.getTime();
  const day = localDay(ms);
  const sinceMidnight = ms - dayStart(day);
  return hoursOn(c, day).some(([open, close]) => open * MINUTE_MS <= sinceMidnight && sinceMidnight < close * MINUTE_MS);
}

/**
 * The moment `minutes` open minutes after `start`: a deadline. Closed time is skipped, and a
 * start outside hours counts from the next opening. Zero minutes returns `start` itself.
 * Throws RangeError for a negative budget or a calendar that never opens again (a bug).
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a finite number ≥ 0, got ${minutes}`);
  const c = compile(cal);
  const cursor = start.getTime();
  // Business time is kept in whole milliseconds, so sums of fractional minutes stay exact.
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return new Date(cursor);
  let closedRun = 0;
  for (let day = localDay(cursor); ; day++) {
    const hours = hoursOn(c, day);
    for (const [open, close] of hours) {
      const from = Math.max(dayStart(day) + open * MINUTE_MS, cursor);
      const to = dayStart(day) + close * MINUTE_MS;
      if (to <= from) continue;
      if (to - from >= remaining) return new Date(from + remaining);
      remaining -= to - from;
    }
    closedRun = hours.length ? 0 : closedRun + 1;
    if (closedRun > MAX_CLOSED_DAYS) {
      throw new RangeError(`calendar has no open time in the ${MAX_CLOSED_DAYS} days after ${dateKey(day - closedRun)}`);
    }
  }
}

/** Open minutes in [from, to); 0 when `to` is not after `from`. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const c = compile(cal);
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let openMs = 0;
  for (let day = localDay(start); day <= localDay(end); day++) {
    for (const [open, close] of hoursOn(c, day)) {
      const overlap = Math.min(dayStart(day) + close * MINUTE_MS, end) - Math.max(dayStart(day) + open * MINUTE_MS, start);
      if (overlap > 0) openMs += overlap;
    }
  }
  return openMs / MINUTE_MS;
}

/**
 * Checks untrusted calendar data (e.g. edited by ops): times are "HH:MM", close after open,
 * intervals of a day do not overlap, dates are real "YYYY-MM-DD" dates, no date is both a
 * holiday and a make-up day, and the calendar opens at all.
 */
export function validateCalendar(input: unknown): CalendarValidation {
  const errors: CalendarProblem[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: "", message: "calendar must be an object" }] };
  const daysInput = isRecord(input.days) ? input.days : null;
  if (!daysInput) errors.push({ path: "days", message: "days must be an object keyed by weekday 0–6" });
  const days = every<OpeningHours>([]);
  for (const weekday of WEEKDAYS) {
    if (daysInput) days[weekday] = checkHours(daysInput[weekday], `days.${weekday}`, errors);
  }
  const holidays = checkDates(input.holidays, "holidays", errors);
  const workdays = checkDates(input.workdays, "workdays", errors);
  const workdayHours = checkHours(input.workdayHours, "workdayHours", errors);
  for (const date of holidays.filter((d) => workdays.includes(d))) {
    errors.push({ path: "workdays", message: `${date} is both a holiday and a make-up working day` });
  }
  const opensWeekly = WEEKDAYS.some((d) => days[d].length > 0);
  if (errors.length === 0 && !opensWeekly && (workdays.length === 0 || workdayHours.length === 0)) {
    errors.push({ path: "days", message: "calendar has no open time at all" });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, calendar: { days, holidays, workdays, workdayHours } };
}

// ── internals ────────────────────────────────────────────────────────────────

/** Opening interval in minutes since local midnight. */
type Interval = readonly [open: number, close: number];

interface CompiledCalendar {
  days: Record<Weekday, Interval[]>;
  holidays: Set<string>;
  workdays: Set<string>;
  workdayHours: Interval[];
}

const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(cal: BusinessCalendar): CompiledCalendar {
  const cached = compiled.get(cal);
  if (cached) return cached;
  const checked = validateCalendar(cal);
  if (!checked.ok) {
    throw new RangeError(`invalid calendar: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  }
  const toIntervals = (hours: readonly OpeningHours[]): Interval[] =>
    hours.map((h): Interval => [parseTime(h.open) ?? 0, parseTime(h.close) ?? 0]).sort((a, b) => a[0] - b[0]);
  const days = every<Interval>([]);
  for (const weekday of WEEKDAYS) days[weekday] = toIntervals(cal.days[weekday]);
  const result: CompiledCalendar = {
    days,
    holidays: new Set(cal.holidays),
    workdays: new Set(cal.workdays),
    workdayHours: toIntervals(cal.workdayHours),
  };
  compiled.set(cal, result);
  return result;
}

function hoursOn(c: CompiledCalendar, day: number): Interval[] {
  const key = dateKey(day);
  if (c.holidays.has(key)) return [];
  if (c.workdays.has(key)) return c.workdayHours;
  return c.days[weekdayOf(day)];
}

/** Days since 1970-01-01 in China local time. */
function localDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}
/** The instant of local midnight starting `day`. */
function dayStart(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

function dateKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 1970-01-01 was a Thursday. */
function weekdayOf(day: number): Weekday {
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7] ?? 0;
}

function dateRange(first: string, count: number): string[] {
  const day = Date.parse(`${first}T00:00:00Z`) / DAY_MS;
  return Array.from({ length: count }, (_, i) => dateKey(day + i));
}

/** Minutes since midnight for "HH:MM"; "24:00" only when `allowMidnightEnd`. */
function parseTime(text: string, allowMidnightEnd = true): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60 || (minutes === 24 * 60 && !allowMidnightEnd)) return null;
  return minutes;
}

function checkHours(input: unknown, path: string, errors: CalendarProblem[]): OpeningHours[] {
  if (!Array.isArray(input)) {
    errors.push({ path, message: "must be a list of {open, close} intervals" });
    return [];
  }
  const valid: { hours: OpeningHours; interval: Interval; path: string }[] = [];
  input.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item) || typeof item.open !== "string" || typeof item.close !== "string") {
      errors.push({ path: at, message: 'must be {open: "HH:MM", close: "HH:MM"}' });
      return;
    }
    const open = parseTime(item.open, false);
    const close = parseTime(item.close);
    if (open === null) errors.push({ path: `${at}.open`, message: `"${item.open}" is not a time HH:MM` });
    if (close === null) errors.push({ path: `${at}.close`, message: `"${item.close}" is not a time HH:MM` });
    if (open === null || close === null) return;
    if (close <= open) {
      errors.push({ path: at, message: `close ${item.close} must be after open ${item.open}` });
      return;
    }
    valid.push({ hours: { open: item.open, close: item.close }, interval: [open, close], path: at });
  });
  const sorted = [...valid].sort((a, b) => a.interval[0] - b.interval[0]);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.interval[0] < previous.interval[1]) {
      errors.push({ path: current.path, message: `overlaps ${previous.hours.open}–${previous.hours.close}` });
    }
  }
  return valid.map((v) => v.hours);
}

function checkDates(input: unknown, path: string, errors: CalendarProblem[]): string[] {
  if (!Array.isArray(input)) {
    errors.push({ path, message: 'must be a list of "YYYY-MM-DD" dates' });
    return [];
  }
  const dates: string[] = [];
  input.forEach((item: unknown, i) => {
    if (typeof item === "string" && isRealDate(item)) dates.push(item);
    else errors.push({ path: `${path}[${i}]`, message: `${JSON.stringify(item)} is not a real YYYY-MM-DD date` });
  });
  return dates;
}

/** "2026-02-30" parses (as 2 March), so a date is real only if it survives the round trip. */
function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return false;
  return dateRange(text, 1)[0] === text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
