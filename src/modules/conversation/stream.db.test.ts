import { get, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { openTestDatabase } from "../../../test/db.js";
import { makeOrder } from "../../../test/factories.js";
import type { StaffPrincipal } from "../people/index.js";
import { makeCaseStream } from "./stream.js";

// The stream over a real socket: inject() cannot stream, so the server listens on a free port and
// the test reads the response body as it arrives, as a browser's fetch() would.

interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, any>;
}

let t: TestApp;
let base: string;
let serverClosed = false;
const tokens: Record<string, string> = {};
const staff: Record<string, { id: string; token: string }> = {};
let caseHere: string; // at PP-001, leader LD-001
let caseThere: string; // at PP-900, leader LD-900
let n = 0;

/** Opens the stream and reads its events as they come; `until` waits for one matching event. */
async function connect(token: string | null, headers: Record<string, string> = {}, path = "/api/v1/stream") {
  // a socket of its own per stream (no pooling), as a browser tab holds one
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(`${base}${path}`, { agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }, resolve);
    req.on("error", reject);
  });
  const chunks = res[Symbol.asyncIterator]();
  const seen: SseEvent[] = [];
  let buffer = "";
  let cursor = 0;
  let ended = false;
  async function readMore() {
    const { value, done } = await chunks.next();
    if (done) {
      ended = true;
      return;
    }
    buffer += String(value);
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = new Map(block.split("\n").filter((l) => !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trimStart()] as const));
      if (fields.has("data")) seen.push({ ...(fields.has("id") ? { id: fields.get("id")! } : {}), event: fields.get("event") ?? "message", data: JSON.parse(fields.get("data")!) });
    }
  }
  res.setEncoding("utf8");
  return {
    status: res.statusCode,
    contentType: res.headers["content-type"],
    seen,
    /** the next event (after those already taken) that matches; the ones skipped stay in `seen` */
    async until(match: (e: SseEvent) => boolean): Promise<SseEvent> {
      for (;;) {
        while (cursor < seen.length) {
          const e = seen[cursor++]!;
          if (match(e)) return e;
        }
        if (ended) throw new Error("the stream ended");
        await readMore();
      }
    },
    /** resolves when the server ends the stream */
    async ended() {
      while (!ended) await readMore();
    },
    close: () => res.destroy(),
  };
}
type Stream = Awaited<ReturnType<typeof connect>>;
/** The stream's `ready`: replay and live events may come on either side of it, so look at all seen. */
const ready = async (s: Stream) => s.seen.find((e) => e.event === "ready") ?? s.until((e) => e.event === "ready");
const messageOn = (caseId: string) => (e: SseEvent) => e.event === "message.posted" && e.data.caseId === caseId;

async function fileCase(customerId: string, pickupPoint?: object) {
  const order = { ...makeOrder({ customerId }), ...(pickupPoint ? { pickupPoint } : {}) };
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
  const r = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { authorization: `Bearer ${tokens[customerId]}`, "idempotency-key": `stream-${n++}-${Date.now()}` },
    payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "poor_quality", wantedResolution: "refund_only", description: "不新鲜" },
  });
  return json(r).id as string;
}
const say = async (caseId: string, customerId: string, body: string) => {
  const r = await t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/messages`, headers: { authorization: `Bearer ${tokens[customerId]}` }, payload: { body } });
  expect(r.statusCode).toBe(201);
  return json(r);
};

beforeAll(async () => {
  t = await startTestApp();
  tokens["C-8001"] = await t.tokenFor("C-8001");
  tokens["C-8002"] = await t.tokenFor("C-8002");
  caseHere = await fileCase("C-8001");
  caseThere = await fileCase("C-8002", { id: "PP-900", name: "梅溪湖自提点", city: "长沙", leader: { id: "LD-900", name: "赵团长", phone: "13700009999" } });
  staff.agent = await t.staff("agent");
  staff.leader = await t.staff("leader", { leaderId: "LD-001" });
  staff.otherLeader = await t.staff("leader", { leaderId: "LD-900" });
  await t.server.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(t.server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (serverClosed) await t.database.close();
  else await t.close();
});

describe("the staff event stream", () => {
  it("streams a case's events to the staff whose scope holds the case, and to no one else", async () => {
    const agent = await connect(staff.agent!.token);
    expect(agent.status).toBe(200);
    expect(agent.contentType).toContain("text/event-stream");
    const leader = await connect(staff.leader!.token);
    const otherLeader = await connect(staff.otherLeader!.token);
    await Promise.all([ready(agent), ready(leader), ready(otherLeader)]);

    const here = await say(caseHere, "C-8001", "请问什么时候处理？");
    const atAgent = await agent.until(messageOn(caseHere));
    expect(atAgent.id).toBe(String(atAgent.data.id));
    expect(atAgent.data.payload).toMatchObject({ caseId: caseHere, messageId: here.id, authorRole: "customer" });
    await leader.until(messageOn(caseHere));

    // an agent acting on the case: its timeline events stream too
    const acted = await t.server.inject({ method: "POST", url: `/api/v1/cases/${caseHere}/actions`, headers: { authorization: `Bearer ${staff.agent!.token}` }, payload: { action: "request_info", question: "请拍一张照片" } });
    expect(acted.statusCode).toBe(200);
    const change = await agent.until((e) => e.event === "case.request_info" && e.data.caseId === caseHere);
    expect(change.data.payload).toMatchObject({ to: "awaiting_customer" });
    expect(JSON.stringify(change.data)).not.toContain("13912345678");

    // the other point's leader gets their own case's event, and nothing of the first case before it
    await say(caseThere, "C-8002", "我的也坏了");
    await otherLeader.until(messageOn(caseThere));
    expect(otherLeader.seen.filter((e) => e.data.caseId === caseHere)).toEqual([]);
    // and the first point's leader sees nothing of the other point, though the agent sees both
    await agent.until(messageOn(caseThere));
    await say(caseHere, "C-8001", "好的");
    await leader.until(messageOn(caseHere));
    expect(leader.seen.filter((e) => e.data.caseId === caseThere)).toEqual([]);
    for (const s of [agent, leader, otherLeader]) s.close();
  });

  it("replays what a client missed when it resumes with Last-Event-ID", async () => {
    const first = await connect(staff.agent!.token);
    await ready(first);
    await say(caseHere, "C-8001", "第一条");
    const last = await first.until(messageOn(caseHere));
    first.close();

    const missed = await say(caseHere, "C-8001", "断线期间发的");
    const resumed = await connect(staff.agent!.token, { "last-event-id": last.id! });
    const replayed = await resumed.until(messageOn(caseHere));
    expect(replayed.data.payload.messageId).toBe(missed.id);
    // nothing at or before the resumed id comes again
    expect(resumed.seen.filter((e) => e.id !== undefined && Number(e.id) <= Number(last.id))).toEqual([]);
    await ready(resumed);
    const live = await say(caseHere, "C-8001", "重连之后发的");
    expect((await resumed.until(messageOn(caseHere))).data.payload.messageId).toBe(live.id);
    resumed.close();
  });

  it("admits staff with a bearer header only", async () => {
    for (const [token, status] of [[null, 401], [tokens["C-8001"]!, 403]] as const) {
      const refused = await connect(token);
      expect(refused.status).toBe(status);
      refused.close();
    }
    // a token in the URL is not a credential
    const inUrl = await connect(null, {}, `/api/v1/stream?access_token=${staff.agent!.token}`);
    expect(inUrl.status).toBe(401);
    inUrl.close();
    // HEAD answers the headers and ends: no stream is held open for it
    const head = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${base}/api/v1/stream`, { method: "HEAD", agent: false, headers: { authorization: `Bearer ${staff.agent!.token}` } }, resolve).on("error", reject).end(),
    );
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-type"]).toContain("text/event-stream");
    head.resume();
    await new Promise((resolve) => head.on("end", resolve));
  });

  it("ends open streams when the server closes, so closing does not hang", async () => {
    const open = await connect(staff.agent!.token);
    await ready(open);
    serverClosed = true;
    await t.server.close();
    await open.ended();
  });
});

describe("the shared tailer", () => {
  const agent: StaffPrincipal = { kind: "staff", staffId: "S-1", role: "agent", name: "小王", leaderId: null, supplierId: null, warehouseId: null, sessionId: "sess" };
  const farLeader: StaffPrincipal = { ...agent, staffId: "S-2", role: "leader", leaderId: "LD-900" };

  /** A client of the hub that keeps what it is sent; `until` waits for a chunk that matches. */
  function client(principal: StaffPrincipal, stillValid?: () => Promise<boolean>) {
    const chunks: string[] = [];
    let waiting: (() => void) | null = null;
    let ended = false;
    const c = {
      chunks,
      principal,
      send: (chunk: string) => (chunks.push(chunk), waiting?.(), true),
      end: () => ((ended = true), waiting?.()),
      ...(stillValid ? { stillValid } : {}),
      async until(match: (all: string[]) => boolean) {
        while (!match(chunks) && !ended) await new Promise<void>((resolve) => (waiting = resolve));
      },
      get ended() {
        return ended;
      },
    };
    return c;
  }

  it("replays from Last-Event-ID what was written before the client came, within its scope, then says ready", async () => {
    const app = await startTestApp();
    tokens["C-8003"] = await app.tokenFor("C-8003");
    const order = makeOrder({ customerId: "C-8003" });
    await app.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": app.apiKey }, payload: order });
    const filed = json(
      await app.server.inject({
        method: "POST",
        url: "/api/v1/cases",
        headers: { authorization: `Bearer ${tokens["C-8003"]}`, "idempotency-key": `stream-hub-${Date.now()}` },
        payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "poor_quality", wantedResolution: "refund_only" },
      }),
    );
    const before = await app.database.db.selectFrom("outbox").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
    const message = json(await app.server.inject({ method: "POST", url: `/api/v1/cases/${filed.id}/messages`, headers: { authorization: `Bearer ${tokens["C-8003"]}` }, payload: { body: "在吗" } }));

    const hub = makeCaseStream({ db: app.database.db });
    const mine = client(agent);
    const far = client(farLeader);
    hub.subscribe(mine, Number(before.id));
    hub.subscribe(far, Number(before.id));
    await mine.until((all) => all.some((c) => c.startsWith("event: ready")));
    await far.until((all) => all.some((c) => c.startsWith("event: ready")));
    const replayed = mine.chunks.find((c) => c.includes("event: message.posted"));
    expect(replayed).toContain(`"messageId":${message.id}`);
    expect(far.chunks.filter((c) => c.startsWith("id:"))).toEqual([]);

    await hub.close();
    expect(mine.ended && far.ended).toBe(true);

    // from the start of time it is more than a hub that replays one event will: the client is told to reload
    const small = makeCaseStream({ db: app.database.db, maxReplay: 1, batch: 1 });
    const behind = client(agent);
    small.subscribe(behind, 0);
    await behind.until((all) => all.some((c) => c.startsWith("event: ready")));
    expect(behind.chunks.some((c) => c.includes("event: reset"))).toBe(true);
    await small.close();
    await app.close();
  });

  it("beats every client and ends the stream of one whose session is gone", async () => {
    const database = await openTestDatabase();
    const hub = makeCaseStream({ db: database.db, heartbeatMs: 20, pollMs: 10 });
    let valid = true;
    const c = client(agent, async () => valid);
    hub.subscribe(c, null);
    await c.until((all) => all.includes(": ping\n\n"));
    expect(hub.connected).toBe(1);
    valid = false;
    await c.until(() => false);
    expect(c.ended).toBe(true);
    expect(hub.connected).toBe(0);
    await hub.close();
    await database.close();
  });
});
