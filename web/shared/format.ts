import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import "dayjs/locale/zh-cn";
import { i18n } from "./i18n";

dayjs.extend(relativeTime);

/** Integer fen as yuan for people: 1234 → ¥12.34. Money stays fen everywhere else. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** Yuan typed by a person (“12.3”) as integer fen, or null if it is not an amount. */
export function fenOf(yuanText: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(yuanText);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "—";
}

export function shortDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format("MM-DD HH:mm") : "—";
}

export function fromNow(iso: string | null | undefined): string {
  return iso ? dayjs(iso).locale(i18n.language === "en" ? "en" : "zh-cn").fromNow() : "—";
}

/** A countdown to a deadline: "1h 05m", "-12m" once past it. */
export function countdown(deadline: string, now: number): { text: string; msLeft: number } {
  const msLeft = new Date(deadline).getTime() - now;
  const minutes = Math.floor(Math.abs(msLeft) / 60_000);
  const h = Math.floor(minutes / 60);
  const text = h >= 24 ? `${Math.floor(h / 24)}d ${h % 24}h` : h > 0 ? `${h}h ${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
  return { text: msLeft < 0 ? `-${text}` : text, msLeft };
}
