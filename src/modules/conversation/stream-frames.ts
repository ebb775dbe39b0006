/**
 * The pure half of the staff event stream: which outbox rows may be handed on in order, what of a
 * row's payload leaves the server, and the Server-Sent Events wire format.
 */

/** An outbox row as the stream reads it. */
export interface OutboxEvent {
  id: number;
  topic: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** How far the tailer has read, and since when it has waited on a hole in the ids after that. */
export interface TailPosition {
  lastSeen: number;
  /** ms timestamp at which the hole right after lastSeen was first seen; null when there is none */
  gapSince: number | null;
}

/**
 * The rows that may be handed on now, in id order. Ids come from a sequence when the row is
 * written, but become visible when its transaction commits, so on a server with concurrent writers
 * id 101 can appear after 102. A hole is waited on for `graceMs`: it fills when the slow
 * transaction commits, or stays empty for good when it rolled back. Delivering strictly in order
 * is what makes `Last-Event-ID` resume exact.
 */
export function takeInOrder<T extends { id: number }>(rows: T[], pos: TailPosition, nowMs: number, graceMs: number): { take: T[]; pos: TailPosition } {
  const take: T[] = [];
  let lastSeen = pos.lastSeen;
  let gapSince = pos.gapSince;
  for (const row of rows) {
    if (row.id <= lastSeen) continue;
    if (row.id !== lastSeen + 1) {
      const since = gapSince ?? nowMs;
      if (nowMs - since < graceMs) return { take, pos: { lastSeen, gapSince: since } };
    }
    take.push(row);
    lastSeen = row.id;
    gapSince = null;
  }
  return { take, pos: { lastSeen, gapSince } };
}

/** The case an outbox row is about, or null: only case events reach staff screens. */
export function caseIdOf(e: OutboxEvent): string | null {
  const id = e.payload.caseId;
  return typeof id === "string" && id ? id : null;
}

// What of a payload may travel: ids, states and times, enough for a screen to know what to reload.
// An allowlist, not a blocklist: a new field (a free-text reason, a liability split) stays on the
// server until someone decides screens need it. Screens fetch details through the API, which
// masks them per role.
const STREAMED = new Set([
  "caseId", "orderId", "customerId", "pickupPointId", "problemType", "from", "to", "stage", "at", "kind", "state", "level",
  "messageId", "authorRole", "side", "refundId", "taskId", "department", "attempts", "gaveUp", "deadlineAt", "amountFen",
]);

/** The fields of a payload that may reach staff screens: allowlisted keys with plain values. */
export function streamPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (STREAMED.has(k) && (v === null || ["string", "number", "boolean"].includes(typeof v))) out[k] = v;
  return out;
}

/** One event in the text/event-stream format; its id is the outbox id, for Last-Event-ID. */
export function eventFrame(e: OutboxEvent, caseId: string): string {
  const data = { id: e.id, topic: e.topic, caseId, at: e.created_at.toISOString(), payload: streamPayload(e.payload) };
  return `id: ${e.id}\nevent: ${e.topic.replace(/[\r\n]/g, "")}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Tells a client it missed more than the stream will replay: reload what is on screen. */
export const resetFrame = (upTo: number) => `id: ${upTo}\nevent: reset\ndata: ${JSON.stringify({ reason: "too far behind to replay; reload", upTo })}\n\n`;

/**
 * Sent once the client is caught up: every event after `upTo` will reach it live. No id line, so a
 * client's Last-Event-ID stays the last real event's.
 */
export const readyFrame = (upTo: number) => `event: ready\ndata: ${JSON.stringify({ upTo })}\n\n`;

/** A comment line: keeps proxies from closing an idle stream, and lets the server notice a dead client. */
export const HEARTBEAT = ": ping\n\n";

/** The id a client asks to resume after, from its Last-Event-ID header; null if absent or not an id. */
export function parseLastEventId(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}
