import { useEffect, useRef, useState } from "react";
import { createParser } from "eventsource-parser";
import { session, useSession } from "./session";

/**
 * One event of the staff stream (GET /api/v1/stream). Case events carry the case id and a payload
 * of ids and states only: a screen reloads what it shows, it never reads details from here.
 * `reset` (topic "reset", caseId null) means events were missed: reload everything on screen.
 */
export interface CaseStreamEvent {
  id: number | null;
  topic: string;
  caseId: string | null;
  at: string | null;
  payload: Record<string, unknown>;
}

export type StreamStatus = "connecting" | "live" | "offline";

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Reads a case event's JSON; a frame that is not one is dropped rather than breaking the screen. */
function parseCaseEvent(topic: string, data: string): CaseStreamEvent | null {
  try {
    const raw = JSON.parse(data) as Record<string, unknown>;
    return {
      id: typeof raw.id === "number" ? raw.id : null,
      topic,
      caseId: typeof raw.caseId === "string" ? raw.caseId : null,
      at: typeof raw.at === "string" ? raw.at : null,
      payload: raw.payload && typeof raw.payload === "object" ? (raw.payload as Record<string, unknown>) : {},
    };
  } catch {
    return null;
  }
}

/**
 * Follows the staff event stream while the component is mounted and someone is logged in.
 * EventSource cannot send the Authorization header, so this reads the stream with fetch and
 * parses it with eventsource-parser. It reconnects with growing waits (1 s … 30 s), resuming
 * with Last-Event-ID so nothing is missed; it stops on unmount and on logout.
 * `onEvent` may change on every render: the latest one is called, without reconnecting.
 */
export function useCaseStream(onEvent: (event: CaseStreamEvent) => void): StreamStatus {
  const token = useSession()?.token ?? null;
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    if (!token) {
      setStatus("offline");
      return;
    }
    const stop = new AbortController();
    let lastEventId: string | null = null;
    let retryMs = FIRST_RETRY_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const parser = createParser({
      onEvent(message) {
        if (message.id) lastEventId = message.id;
        const topic = message.event ?? "message";
        if (topic === "ready") {
          setStatus("live");
          retryMs = FIRST_RETRY_MS; // caught up: the connection is healthy again
          return;
        }
        if (topic === "reset") {
          handler.current({ id: null, topic: "reset", caseId: null, at: null, payload: {} });
          return;
        }
        const event = parseCaseEvent(topic, message.data);
        if (event) handler.current(event);
      },
      onRetry(ms) {
        retryMs = Math.max(ms, FIRST_RETRY_MS);
      },
    });

    const connect = async () => {
      setStatus("connecting");
      parser.reset();
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "text/event-stream" };
        if (lastEventId) headers["last-event-id"] = lastEventId;
        const response = await fetch("/api/v1/stream", { headers, signal: stop.signal, cache: "no-store" });
        if (response.status === 401) {
          // the session ended elsewhere: back to the login screen, no more retries
          if (session.token() === token) session.expired();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        // network failure or abort; an abort is handled below
      }
      if (stop.signal.aborted) return;
      setStatus("offline");
      timer = setTimeout(() => void connect(), retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    };
    void connect();

    return () => {
      stop.abort();
      if (timer) clearTimeout(timer);
    };
  }, [token]);

  return status;
}
