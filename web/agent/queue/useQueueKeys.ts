import { useEffect, useRef } from "react";

export interface QueueKeyActions {
  move(by: 1 | -1): void;
  open(): void;
  take(): void;
  focusSearch(): void;
  toggleHelp(): void;
}

/** Whether a key press belongs to a field being typed in, not to the list. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The queue's keyboard shortcuts: j/k move, Enter opens, t takes, / focuses the case search,
 * ? shows the list of shortcuts. Keys typed into a field stay in the field.
 */
export function useQueueKeys(actions: QueueKeyActions) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const a = latest.current;
      const handled: Record<string, () => void> = {
        j: () => a.move(1),
        k: () => a.move(-1),
        ArrowDown: () => a.move(1),
        ArrowUp: () => a.move(-1),
        Enter: () => a.open(),
        t: () => a.take(),
        "/": () => a.focusSearch(),
        "?": () => a.toggleHelp(),
      };
      const action = handled[e.key];
      if (!action) return;
      // Enter on a focused button or link does what that button says, not what the list says
      if (e.key === "Enter" && e.target instanceof HTMLElement && ["BUTTON", "A"].includes(e.target.tagName)) return;
      e.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
