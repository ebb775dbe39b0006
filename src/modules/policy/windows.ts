import type { ClaimItemFacts } from "./model.js";

/*
 * Window arithmetic in China time (Asia/Shanghai: UTC+8 all year, no daylight saving),
 * done with a fixed offset so the result never depends on the machine's time zone.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** When the customer received the item: picked up at the point, else delivered to them. */
export function receivedAt(item: ClaimItemFacts): Date | null {
  return item.pickedUpAt ?? item.deliveredAt;
}

/** 00:00 China time of the day `at` falls on. */
export function startOfChinaDay(at: Date): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - CHINA_OFFSET_MS);
}

/**
 * The end (24:00 China time) of the `days`-th day after the receipt day.
 * 办法第十条: the no-reason period starts the day after receipt; 民法典第二百零一条 counts any
 * period in days the same way (the first day is not counted), so 消法第二十四条's
 * "自收到商品之日起七日内" ends at the same moment.
 */
export function dayCountWindowEnd(receipt: Date, days: number): Date {
  return new Date(startOfChinaDay(receipt).getTime() + (days + 1) * DAY_MS);
}

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * HOUR_MS);
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

/** "2026-03-05 14:07", China time. */
export function formatChinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** A day-count window's end as people say it: "2026-03-12 24:00", not "2026-03-13 00:00". */
export function formatChinaDayEnd(end: Date): string {
  return `${formatChinaTime(new Date(end.getTime() - DAY_MS)).slice(0, 10)} 24:00`;
}
