import { useSyncExternalStore } from "react";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { countdown, dateTime } from "../../shared/format";

// One ticker for every countdown on screen: each cell re-renders once a second, the table and
// its data do not (no refetch per tick).
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer)
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** "2h 05m 09s" under a day (the seconds show it is live), the shared day format beyond; "-" once past. */
export function countdownText(deadline: string, at: number): string {
  const msLeft = new Date(deadline).getTime() - at;
  const seconds = Math.floor(Math.abs(msLeft) / 1000);
  if (seconds >= 86_400) return countdown(deadline, at).text;
  const h = Math.floor(seconds / 3600);
  const pad = (n: number) => String(n).padStart(2, "0");
  const text = h > 0 ? `${h}h ${pad(Math.floor(seconds / 60) % 60)}m ${pad(seconds % 60)}s` : `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return msLeft < 0 ? `-${text}` : text;
}

export type SlaTone = "breached" | "warning" | "onTrack";

/** Where a deadline stands now: past it red, past the clock's warning time orange, else green. */
export function slaTone(deadline: string, warnAt: string | null, at: number): SlaTone {
  if (new Date(deadline).getTime() <= at) return "breached";
  if (warnAt && new Date(warnAt).getTime() <= at) return "warning";
  return "onTrack";
}

const COLOR: Record<SlaTone, string> = { breached: "error", warning: "warning", onTrack: "success" };

/**
 * A live countdown to an SLA deadline, coloured by what the API said about the clock: its warning
 * time (`warnAt`) or its status. `status` wins when the server already marked it warned or breached.
 */
export function Countdown({ deadline, warnAt = null, status, label }: { deadline: string | null; warnAt?: string | null; status?: SlaTone; label?: string }) {
  const { t } = useTranslation("agent");
  const at = useNow();
  if (!deadline) return <Tag data-testid="countdown">{t("queue.noDeadline")}</Tag>;
  const text = countdownText(deadline, at);
  const live = slaTone(deadline, warnAt, at);
  const tone: SlaTone = live === "breached" || status === "breached" ? "breached" : live === "warning" || status === "warning" ? "warning" : "onTrack";
  return (
    <Tooltip title={`${label ? `${label} · ` : ""}${dateTime(deadline)} · ${t(`queue.${tone}`)}`}>
      <Tag color={COLOR[tone]} data-testid="countdown" data-tone={tone} style={{ fontVariantNumeric: "tabular-nums", minWidth: 72, textAlign: "center" }}>
        {text}
      </Tag>
    </Tooltip>
  );
}
