import type { Db } from "../../db/database.js";
import type { StaffPrincipal } from "../people/index.js";
import { HEARTBEAT, caseIdOf, eventFrame, readyFrame, resetFrame, takeInOrder, type OutboxEvent, type TailPosition } from "./stream-frames.js";
import { lastOutboxId, outboxAfter, visibleCaseIds } from "./store.js";

/** One connected staff screen, as the hub sees it. */
export interface StreamClient {
  principal: StaffPrincipal;
  /** writes a chunk; false when the client is too far behind to keep */
  send(chunk: string): boolean;
  /** ends the client's stream (server closing, credentials gone, too slow) */
  end(): void;
  /** checks the client's credentials again at each heartbeat; false ends the stream */
  stillValid?(): Promise<boolean>;
}

/** The case events of the outbox, fanned out to connected staff within their scope. */
export interface CaseStream {
  /** Adds a client; with lastEventId, first replays what it missed. Returns the unsubscribe. */
  subscribe(client: StreamClient, lastEventId: number | null): () => void;
  /** Ends every stream and stops reading the outbox (the server's preClose). */
  close(): Promise<void>;
  readonly connected: number;
}

export interface CaseStreamOptions {
  db: Db;
  pollMs?: number;
  heartbeatMs?: number;
  /** how long a hole in the outbox ids is waited on (see takeInOrder) */
  graceMs?: number;
  batch?: number;
  /** the most rows a resuming client is replayed before it is told to reload instead */
  maxReplay?: number;
  onError?: (e: unknown) => void;
}

interface Subscriber {
  client: StreamClient;
  /** the scope the client sees, as a cache key: people with the same key see the same cases */
  scope: string;
  lastSent: number;
  /** events that arrived while the client was still being replayed what it missed */
  pending: { id: number; frame: string }[] | null;
  gone: boolean;
}

/** One run of the tailer, from the first client connecting to the last leaving. */
interface Loop {
  stopped: boolean;
  /** null until the starting position is read */
  position: TailPosition | null;
  /** resolves once the starting position is known (or the loop stopped) */
  ready: Promise<void>;
  done: Promise<void>;
  stop(): void;
}

const VISIBILITY_TTL_MS = 60_000;
const VISIBILITY_CACHE_MAX = 50_000;

/**
 * One shared tailer per process: while anyone is connected it reads the outbox by id every
 * ~300 ms and hands each case event to the clients whose scope includes the case. It needs
 * nothing but SELECTs, so it works on PGlite and across any number of server processes on one
 * PostgreSQL (each process tails for its own clients); LISTEN/NOTIFY is not needed.
 */
export function makeCaseStream(o: CaseStreamOptions): CaseStream {
  const pollMs = o.pollMs ?? 300;
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const graceMs = o.graceMs ?? 2_000;
  const batch = o.batch ?? 500;
  const maxReplay = o.maxReplay ?? 5_000;
  const onError = o.onError ?? (() => {});
  const subscribers = new Set<Subscriber>();
  // "scope|caseId" → visible, until when; the same answer serves every client of that scope
  const visibility = new Map<string, { visible: boolean; until: number }>();
  let loop: Loop | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  /** Which of these case ids each scope may see: cached, one query per scope for the rest. */
  async function visibleByScope(caseIds: string[], only?: Subscriber): Promise<Map<string, Set<string>>> {
    const now = Date.now();
    const byScope = new Map<string, Set<string>>();
    const principals = new Map<string, StaffPrincipal>();
    for (const s of only ? [only] : subscribers) if (!s.gone) principals.set(s.scope, s.client.principal);
    if (visibility.size > VISIBILITY_CACHE_MAX) visibility.clear();
    for (const [scope, principal] of principals) {
      const unknown = caseIds.filter((id) => (visibility.get(`${scope}|${id}`)?.until ?? 0) <= now);
      if (unknown.length) {
        const seen = await visibleCaseIds(o.db, unknown, principal);
        for (const id of unknown) visibility.set(`${scope}|${id}`, { visible: seen.has(id), until: now + VISIBILITY_TTL_MS });
      }
      byScope.set(scope, new Set(caseIds.filter((id) => visibility.get(`${scope}|${id}`)?.visible)));
    }
    return byScope;
  }

  /** Frames of these events for each scope (or one subscriber's), in id order. */
  async function framesByScope(events: OutboxEvent[], only?: Subscriber): Promise<Map<string, { id: number; frame: string }[]>> {
    const withCase = events.flatMap((e) => {
      const caseId = caseIdOf(e);
      return caseId ? [{ e, caseId }] : [];
    });
    const visible = await visibleByScope([...new Set(withCase.map((x) => x.caseId))], only);
    const frames = new Map<string, { id: number; frame: string }[]>();
    for (const [scope, ids] of visible) frames.set(scope, withCase.filter((x) => ids.has(x.caseId)).map((x) => ({ id: x.e.id, frame: eventFrame(x.e, x.caseId) })));
    return frames;
  }

  function send(s: Subscriber, id: number, frame: string) {
    if (s.gone || id <= s.lastSent) return;
    s.lastSent = id;
    if (!s.client.send(frame)) drop(s);
  }

  function drop(s: Subscriber) {
    if (s.gone) return;
    s.gone = true;
    subscribers.delete(s);
    s.client.end();
    if (subscribers.size === 0) stop();
  }

  async function pollOnce(l: Loop): Promise<boolean> {
    if (!l.position) return false;
    const rows = await outboxAfter(o.db, l.position.lastSeen, batch);
    if (l.stopped) return false;
    const { take, pos } = takeInOrder(rows, l.position, Date.now(), graceMs);
    l.position = pos;
    if (take.length === 0) return false;
    const frames = await framesByScope(take);
    if (l.stopped) return false;
    for (const s of subscribers) {
      for (const f of frames.get(s.scope) ?? []) {
        if (s.pending) s.pending.push(f);
        else send(s, f.id, f.frame);
      }
    }
    return rows.length === batch && take.length === rows.length;
  }

  function start(): Loop {
    let wake: () => void = () => {};
    let timer: NodeJS.Timeout | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
        timer.unref();
      });
    let markReady: () => void = () => {};
    const l: Loop = {
      stopped: false,
      position: null,
      ready: new Promise<void>((resolve) => (markReady = resolve)),
      done: Promise.resolve(),
      stop() {
        l.stopped = true;
        clearTimeout(timer);
        wake();
        markReady();
      },
    };
    l.done = (async () => {
      while (!l.stopped && !l.position) {
        try {
          // a stream that starts now begins after the newest event; a resuming client is replayed the rest
          l.position = { lastSeen: await lastOutboxId(o.db), gapSince: null };
          markReady();
        } catch (e) {
          onError(e);
          await sleep(pollMs * 10);
        }
      }
      while (!l.stopped) {
        let more = false;
        try {
          more = await pollOnce(l);
        } catch (e) {
          onError(e);
        }
        if (!more && !l.stopped) await sleep(pollMs);
      }
    })();
    heartbeat = setInterval(beat, heartbeatMs);
    heartbeat.unref();
    return l;
  }

  function stop() {
    loop?.stop();
    // a later start reads the position afresh: in between, nobody was listening
    loop = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  }

  function beat() {
    for (const s of subscribers) {
      if (!s.client.send(HEARTBEAT)) {
        drop(s);
        continue;
      }
      s.client.stillValid?.().then(
        (ok) => ok || drop(s),
        (e) => onError(e),
      );
    }
  }

  /** Replays (from, where the tailer stands once it is ready] before live events flow to the client. */
  async function replay(s: Subscriber, from: number | null, l: Loop) {
    let live = 0;
    try {
      await l.ready;
      // read after the wait: everything past this point reaches the client live, through pending
      const upTo = l.position?.lastSeen ?? 0;
      live = upTo;
      let cursor = from ?? upTo;
      let replayed = 0;
      while (cursor < upTo && !s.gone) {
        if (replayed >= maxReplay) {
          send(s, upTo, resetFrame(upTo));
          break;
        }
        const rows = await outboxAfter(o.db, cursor, batch, upTo);
        if (rows.length === 0) break;
        const frames = await framesByScope(rows, s);
        for (const f of frames.get(s.scope) ?? []) send(s, f.id, f.frame);
        cursor = rows[rows.length - 1]!.id;
        replayed += rows.length;
      }
    } catch (e) {
      onError(e);
      // what it missed could not be read: better a reload than a screen silently out of date
      if (!s.gone && !s.client.send(resetFrame(live))) drop(s);
    }
    const pending = s.pending ?? [];
    s.pending = null;
    if (!s.gone && !s.client.send(readyFrame(live))) drop(s);
    for (const f of pending) send(s, f.id, f.frame);
  }

  return {
    subscribe(client, lastEventId) {
      const p = client.principal;
      const s: Subscriber = { client, scope: `${p.role}:${p.leaderId ?? ""}:${p.supplierId ?? ""}:${p.warehouseId ?? ""}`, lastSent: lastEventId ?? 0, pending: [], gone: false };
      subscribers.add(s);
      loop ??= start();
      void replay(s, lastEventId, loop);
      return () => {
        if (s.gone) return;
        s.gone = true;
        subscribers.delete(s);
        if (subscribers.size === 0) stop();
      };
    },
    async close() {
      const running = loop?.done;
      for (const s of [...subscribers]) drop(s);
      stop();
      await running;
    },
    get connected() {
      return subscribers.size;
    },
  };
}
