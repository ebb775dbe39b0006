import { useEffect, useState } from "react";
import { api, call } from "../../shared/api";
import { session } from "../../shared/session";

export interface Viewer {
  staffId: string;
  name: string;
  role: string;
  seenAt: string;
}

/** The API counts a viewer for 30 s after their last heartbeat; every 10 s keeps us counted through two misses. */
const HEARTBEAT_MS = 10_000;

/**
 * Says "I have this case open" while the workspace is on screen and answers who else has it open.
 * Leaving (unmount, closing the tab) tells the server at once so colleagues do not see a ghost.
 */
export function usePresence(caseId: string): Viewer[] {
  const [others, setOthers] = useState<Viewer[]>([]);
  useEffect(() => {
    let active = true;
    const beat = () =>
      call(api.POST("/api/v1/cases/{caseId}/presence", { params: { path: { caseId } } }))
        .then((answer) => active && setOthers(answer.others))
        .catch(() => undefined); // presence is a courtesy: a missed beat never disturbs the work
    void beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    const leave = () => {
      const token = session.token();
      // keepalive lets the request outlive a closing tab
      void fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/presence`, { method: "DELETE", keepalive: true, headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(() => undefined);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      active = false;
      window.clearInterval(timer);
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [caseId]);
  return others;
}
