import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { fen, formatYuan } from "../../shared/money.js";

// A 1×1 PNG: real image bytes for the type sniffer.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let t: TestApp;
const CUSTOMER = "C-7001";
const OTHER = "C-7002";
const tokens: Record<string, string> = {};
let caseId: string;
let kase: Record<string, any>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (id: string, token: string, payload: object, headers: Record<string, string> = {}) =>
  t.server.inject({ method: "POST", url: `/api/v1/cases/${id}/messages`, headers: { ...bearer(token), ...headers }, payload });
const get = (url: string, token: string) => t.server.inject({ method: "GET", url, headers: bearer(token) });
let n = 0;

async function fileCase(customerId: string, token: string, order = makeOrder({ customerId })) {
  await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: order });
  const r = await t.server.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { ...bearer(token), "idempotency-key": `conv-${n++}-${Date.now()}` },
    payload: { orderId: order.id, items: [{ lineNo: 1, quantity: 1 }], problemType: "poor_quality", wantedResolution: "refund_only", description: "草莓不甜，口感很差" },
  });
  expect(r.statusCode).toBe(201);
  return json(r);
}

async function upload(token: string) {
  const boundary = "----anxin-conv-boundary";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.server.inject({ method: "POST", url: "/api/v1/evidence", headers: { ...bearer(token), "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
  expect(r.statusCode).toBe(201);
  return json(r).id as string;
}

const staff: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  t = await startTestApp();
  tokens[CUSTOMER] = await t.tokenFor(CUSTOMER);
  tokens[OTHER] = await t.tokenFor(OTHER);
  kase = await fileCase(CUSTOMER, tokens[CUSTOMER]!);
  caseId = kase.id;
  // another pickup point with its own leader, for scope
  const elsewhere = makeOrder({ customerId: OTHER });
  await fileCase(OTHER, tokens[OTHER]!, { ...elsewhere, pickupPoint: { id: "PP-900", name: "梅溪湖自提点", city: "长沙", leader: { id: "LD-900", name: "赵团长", phone: "13700009999" } } });
  staff.agent = await t.staff("agent");
  staff.agent2 = await t.staff("agent");
  staff.supervisor = await t.staff("supervisor");
  staff.ops = await t.staff("ops_admin");
  staff.leader = await t.staff("leader", { leaderId: "LD-001" });
  staff.otherLeader = await t.staff("leader", { leaderId: "LD-900" });
  staff.quality = await t.staff("supplier_quality", { supplierId: "SUP-01" });
  staff.warehouse = await t.staff("warehouse", { warehouseId: "WH-01" });
});
afterAll(async () => t.close());

/** The SLA clocks still running on a case. */
const running = async (id: string) =>
  (await t.database.db.selectFrom("sla_clocks").select("kind").where("case_id", "=", id).where("stopped_at", "is", null).execute()).map((c) => c.kind);
const outboxOf = (topic: string) => t.database.db.selectFrom("outbox").select(["aggregate_id", "payload"]).where("topic", "=", topic).orderBy("id").execute();

describe("the conversation on a case", () => {
  it("carries a customer's question and an agent's answer, with unread counts on both sides", async () => {
    const asked = await post(caseId, tokens[CUSTOMER]!, { body: "  草莓都是酸的，能退吗？ " });
    expect(asked.statusCode).toBe(201);
    const question = json(asked);
    expect(question).toMatchObject({ caseId, side: "customer", author: { role: "customer", label: "顾客" }, mine: true, body: "草莓都是酸的，能退吗？" });

    const staffView = json(await get(`/api/v1/cases/${caseId}/messages`, staff.agent!.token));
    expect(staffView.unreadForMe).toBe(1);
    expect(staffView.messages[0]).toMatchObject({ id: question.id, author: { actor: `customer:${CUSTOMER}` }, mine: false });

    // the customer writing is no response; the agent's answer is the first one (SLA)
    expect(await running(caseId)).toContain("first_response");
    const answered = await post(caseId, staff.agent!.token, { body: "您好，马上为您核实。" });
    expect(await running(caseId)).not.toContain("first_response");
    expect(answered.statusCode).toBe(201);
    const answer = json(answered);
    // writing is reading: the agent's side has read the question
    expect(json(await get(`/api/v1/cases/${caseId}/messages`, staff.supervisor!.token))).toMatchObject({ unreadForMe: 0, readUpTo: answer.id });

    const customerView = json(await get(`/api/v1/cases/${caseId}/messages`, tokens[CUSTOMER]!));
    expect(customerView.unreadForMe).toBe(1);
    const shown = customerView.messages.find((m: { id: number }) => m.id === answer.id);
    // staff appear to the customer as role and name, nothing else about them
    expect(shown.author).toEqual({ role: "agent", label: "客服 agent 1" });
    expect(JSON.stringify(shown)).not.toContain(staff.agent!.id);

    const read = await t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/messages/read`, headers: bearer(tokens[CUSTOMER]!), payload: { upToId: answer.id } });
    expect(json(read)).toEqual({ unreadForMe: 0, readUpTo: answer.id, otherSideReadUpTo: answer.id });

    // one timeline entry per message, without the text; one outbox event per message
    const timeline = await t.database.db.selectFrom("case_events").select(["type", "actor", "data"]).where("case_id", "=", caseId).where("type", "=", "message").orderBy("id").execute();
    expect(timeline.map((e) => e.actor)).toEqual([`customer:${CUSTOMER}`, `staff:${staff.agent!.id}`]);
    expect(JSON.stringify(timeline)).not.toContain("草莓都是酸的");
    const posted = (await outboxOf("message.posted")).filter((r) => r.aggregate_id === caseId);
    expect(posted.map((r) => r.payload)).toEqual([
      expect.objectContaining({ caseId, customerId: CUSTOMER, messageId: question.id, authorRole: "customer" }),
      expect.objectContaining({ caseId, customerId: CUSTOMER, messageId: answer.id, authorRole: "agent" }),
    ]);
    // 首问负责: the agent who answered first owns the case
    const owner = await t.database.db.selectFrom("cases").select("owner_id").where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(owner.owner_id).toBe(staff.agent!.id);
  });

  it("lets the leader of the case's pickup point take part, and keeps everyone else out", async () => {
    expect(await running(caseId)).toContain("leader_response");
    expect((await post(caseId, staff.leader!.token, { body: "您好，我是团长，东西可以先放自提点。" })).statusCode).toBe(201);
    expect(await running(caseId)).not.toContain("leader_response");
    expect((await get(`/api/v1/cases/${caseId}/messages`, staff.leader!.token)).statusCode).toBe(200);
    // out of scope answers as if the case did not exist
    for (const token of [tokens[OTHER]!, staff.otherLeader!.token]) {
      expect((await get(`/api/v1/cases/${caseId}/messages`, token)).statusCode).toBe(404);
      expect((await post(caseId, token, { body: "hello" })).statusCode).toBe(404);
    }
    // roles that do not talk to customers are refused outright
    for (const token of [staff.quality!.token, staff.warehouse!.token, staff.ops!.token]) {
      expect((await get(`/api/v1/cases/${caseId}/messages`, token)).statusCode).toBe(403);
      expect((await post(caseId, token, { body: "hello" })).statusCode).toBe(403);
    }
    expect((await t.server.inject({ method: "GET", url: `/api/v1/cases/${caseId}/messages`, headers: { "x-api-key": t.apiKey } })).statusCode).toBe(403);
  });

  it("refuses a message without text, and mixes of text and script", async () => {
    for (const body of [{ body: "" }, { body: "   \n " }, {}, { body: "hi", scriptId: "rs-greeting" }]) {
      const r = await post(caseId, staff.agent!.token, body);
      expect(r.statusCode).toBe(422);
      expect(r.headers["content-type"]).toContain("application/problem+json");
    }
    expect((await post(caseId, staff.agent!.token, { body: "字".repeat(2001) })).statusCode).toBe(400);
  });

  it("pages oldest first, forward with after and back with before", async () => {
    for (let i = 0; i < 3; i++) await post(caseId, tokens[CUSTOMER]!, { body: `第${i}条` });
    const all = json(await get(`/api/v1/cases/${caseId}/messages?limit=200`, staff.agent!.token)).messages.map((m: { id: number }) => m.id);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    const first = json(await get(`/api/v1/cases/${caseId}/messages?limit=2`, staff.agent!.token));
    expect(first.messages.map((m: { id: number }) => m.id)).toEqual(all.slice(0, 2));
    expect(first.hasMore).toBe(true);
    const next = json(await get(`/api/v1/cases/${caseId}/messages?limit=200&after=${all[1]}`, staff.agent!.token));
    expect(next.messages.map((m: { id: number }) => m.id)).toEqual(all.slice(2));
    expect(next.hasMore).toBe(false);
    const latest = json(await get(`/api/v1/cases/${caseId}/messages?limit=2&before=${all.at(-1) + 1}`, staff.agent!.token));
    expect(latest.messages.map((m: { id: number }) => m.id)).toEqual(all.slice(-2));
    expect(latest.hasMore).toBe(true);
    // nothing new since the last: polling answers an empty page
    expect(json(await get(`/api/v1/cases/${caseId}/messages?after=${all.at(-1)}`, staff.agent!.token)).messages).toEqual([]);
  });

  it("makes a retried post a no-op, by Idempotency-Key or by clientMessageId", async () => {
    const count = async () => (await t.database.db.selectFrom("case_messages").select("id").where("case_id", "=", caseId).execute()).length;
    const before = await count();
    const a = await post(caseId, tokens[CUSTOMER]!, { body: "请尽快处理" }, { "idempotency-key": "retry-key-0001" });
    const b = await post(caseId, tokens[CUSTOMER]!, { body: "请尽快处理" }, { "idempotency-key": "retry-key-0001" });
    expect(a.statusCode).toBe(201);
    expect(json(b).id).toBe(json(a).id);
    expect(b.headers["idempotent-replayed"]).toBe("true");
    const c = await post(caseId, staff.agent!.token, { body: "好的", clientMessageId: "web-msg-000042" });
    const d = await post(caseId, staff.agent!.token, { body: "好的", clientMessageId: "web-msg-000042" });
    expect(json(d)).toEqual(json(c));
    expect(json(c).clientMessageId).toBe("web-msg-000042");
    expect(await count()).toBe(before + 2);
    const posted = (await outboxOf("message.posted")).filter((r) => r.payload.messageId === json(a).id || r.payload.messageId === json(c).id);
    expect(posted).toHaveLength(2);
    // the same key for something else is a mistake, not a replay
    const reused = await post(caseId, tokens[CUSTOMER]!, { body: "别的内容" }, { "idempotency-key": "retry-key-0001" });
    expect(reused.statusCode).toBe(422);
    expect(json(reused).type).toContain("idempotency-key-reused");
  });

  it("attaches the customer's own photos only", async () => {
    const mine = await upload(tokens[CUSTOMER]!);
    const theirs = await upload(tokens[OTHER]!);
    const ok = await post(caseId, tokens[CUSTOMER]!, { body: "补充照片", evidenceIds: [mine] });
    expect(json(ok).evidenceIds).toEqual([mine]);
    expect(json(await post(caseId, tokens[CUSTOMER]!, { body: "补充照片", evidenceIds: [theirs] })).type).toContain("evidence-invalid");
    expect((await post(caseId, staff.agent!.token, { body: "照片", evidenceIds: [mine] })).statusCode).toBe(422);
  });
});

describe("reply scripts", () => {
  it("offers the scripts that fit the case, previewed with its values", async () => {
    const r = json(await get(`/api/v1/cases/${caseId}/reply-scripts`, staff.agent!.token));
    expect(r.problemType).toBe("poor_quality");
    const greeting = r.scripts.find((s: { id: string }) => s.id === "rs-greeting");
    expect(greeting.preview.text).toBe(`您好李女士，我是agent 1，您的售后单${caseId}由我负责跟进到底。有任何问题可以直接在这里留言，我会尽快回复您。`);
    // only general scripts and the case's problem type; a leader does not get the agents' scripts
    expect(r.scripts.every((s: { category: string }) => s.category === "general" || s.category === "poor_quality")).toBe(true);
    const leaders = json(await get(`/api/v1/cases/${caseId}/reply-scripts`, staff.leader!.token)).scripts.map((s: { id: string }) => s.id);
    expect(leaders).toContain("rs-leader-received");
    expect(leaders).not.toContain("rs-closing");
    expect((await get(`/api/v1/cases/${caseId}/reply-scripts`, staff.otherLeader!.token)).statusCode).toBe(404);
    expect((await get(`/api/v1/cases/${caseId}/reply-scripts`, tokens[CUSTOMER]!)).statusCode).toBe(403);
  });

  it("renders a script server-side and records which version was sent", async () => {
    const r = await post(caseId, staff.agent!.token, { scriptId: "rs-progress" });
    expect(r.statusCode).toBe(201);
    const m = json(r);
    expect(m.body).toBe(`您好李女士，您的售后单${caseId}当前进度：${kase.stage.zh}。我们会持续跟进，有新进展会第一时间通知您。`);
    expect(m.script).toEqual({ id: "rs-progress", version: 1 });
    const row = await t.database.db.selectFrom("case_messages").select(["script_id", "script_version"]).where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ script_id: "rs-progress", script_version: 1 });
    // the customer reads the text, not which script it came from
    const seen = json(await get(`/api/v1/cases/${caseId}/messages?after=${m.id - 1}`, tokens[CUSTOMER]!)).messages[0];
    expect(seen).not.toHaveProperty("script");
  });

  it("asks the sender for variables the case cannot fill, and refuses unknown or overridden ones", async () => {
    const created = await t.server.inject({
      method: "POST",
      url: "/api/v1/reply-scripts",
      headers: bearer(staff.ops!.token),
      payload: { title: "约定取货时间", category: "general", audience: "any", body: "您好{customerName}，补发的商品请于{pickupTime}到{pickupPoint}领取，金额{amount}。" },
    });
    expect(created.statusCode).toBe(201);
    const script = json(created);
    expect(script).toMatchObject({ version: 1, current: true, needsInput: ["pickupTime"], variables: ["customerName", "pickupTime", "pickupPoint", "amount"] });

    const missing = await post(caseId, staff.agent!.token, { scriptId: script.id });
    expect(missing.statusCode).toBe(422);
    expect(json(missing)).toMatchObject({ type: expect.stringContaining("script-variables"), unknownVariables: ["pickupTime"] });
    const overridden = await post(caseId, staff.agent!.token, { scriptId: script.id, variables: { pickupTime: "明天上午", amount: "¥999.00" } });
    expect(json(overridden)).toMatchObject({ status: 422, overriddenVariables: ["amount"] });

    const sent = json(await post(caseId, staff.agent!.token, { scriptId: script.id, variables: { pickupTime: "明天上午10点" } }));
    const amount = formatYuan(fen(kase.approvedFen > 0 ? kase.approvedFen : kase.claimedFen));
    expect(sent.body).toBe(`您好李女士，补发的商品请于明天上午10点到金茂悦小区自提点领取，金额${amount}。`);
    // customers write their own words; a leader cannot send the agents' scripts
    expect((await post(caseId, tokens[CUSTOMER]!, { scriptId: "rs-greeting" })).statusCode).toBe(403);
    expect((await post(caseId, staff.leader!.token, { scriptId: "rs-closing" })).statusCode).toBe(403);
    expect((await post(caseId, staff.agent!.token, { scriptId: "rs-nope" })).statusCode).toBe(404);
  });

  it("keeps old versions when a script is edited, and refuses edits of a stale version", async () => {
    const edit = (token: string, body: object) => t.server.inject({ method: "PUT", url: "/api/v1/reply-scripts/rs-progress", headers: bearer(token), payload: body });
    const base = { title: "进度说明", category: "general", audience: "any", body: "{customerName}您好，售后单{caseId}目前{stage}。" };
    expect((await edit(staff.agent!.token, { ...base, version: 1 })).statusCode).toBe(403);
    const v2 = await edit(staff.supervisor!.token, { ...base, version: 1 });
    expect(v2.statusCode).toBe(200);
    expect(json(v2)).toMatchObject({ id: "rs-progress", version: 2, current: true, createdBy: `staff:${staff.supervisor!.id}` });
    // someone editing from version 1 learns they are behind
    const stale = await edit(staff.ops!.token, { ...base, body: "别的", version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).currentVersion).toBe(2);
    // saving the same text again is no new version
    expect(json(await edit(staff.ops!.token, { ...base, version: 2 })).version).toBe(2);

    const versions = json(await get("/api/v1/reply-scripts/rs-progress/versions", staff.agent!.token)).versions;
    expect(versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const sent = json(await post(caseId, staff.agent!.token, { scriptId: "rs-progress" }));
    expect(sent.script).toEqual({ id: "rs-progress", version: 2 });
    expect(sent.body).toBe(`李女士您好，售后单${caseId}目前${kase.stage.zh}。`);
    // the message sent from version 1 still names version 1
    const history = await t.database.db.selectFrom("case_messages").select("script_version").where("script_id", "=", "rs-progress").orderBy("id").execute();
    expect(history.map((h) => h.script_version)).toEqual([1, 2]);

    // two editors of the same version at once: one edit wins, the other learns it is behind
    const both = await Promise.all([edit(staff.ops!.token, { ...base, body: "甲{caseId}", version: 2 }), edit(staff.supervisor!.token, { ...base, body: "乙{caseId}", version: 2 })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = json(both.find((r) => r.statusCode === 200)!);
    expect(winner.version).toBe(3);
    expect(json(both.find((r) => r.statusCode === 409)!).currentVersion).toBe(3);
    expect((await edit(staff.ops!.token, { ...base, title: "   ", version: 3 })).statusCode).toBe(422);

    // retiring a script takes it off the list and out of use
    expect(json(await edit(staff.ops!.token, { ...base, active: false, version: 3 })).version).toBe(4);
    expect((await post(caseId, staff.agent!.token, { scriptId: "rs-progress" })).statusCode).toBe(404);
    const listed = json(await get("/api/v1/reply-scripts", staff.agent!.token)).scripts.map((s: { id: string }) => s.id);
    expect(listed).not.toContain("rs-progress");
    const withRetired = json(await get("/api/v1/reply-scripts?includeInactive=true", staff.ops!.token)).scripts.map((s: { id: string }) => s.id);
    expect(withRetired).toContain("rs-progress");
  });

  it("lists scripts by category, audience and words", async () => {
    const spoiled = json(await get("/api/v1/reply-scripts?category=spoiled", staff.agent!.token)).scripts;
    expect(spoiled.map((s: { id: string }) => s.id)).toEqual(["rs-spoiled-refund"]);
    const refundWords = json(await get(`/api/v1/reply-scripts?q=${encodeURIComponent("到账")}`, staff.agent!.token)).scripts.map((s: { id: string }) => s.id);
    expect(refundWords).toContain("rs-refund-timing");
    expect(json(await get(`/api/v1/reply-scripts?q=${encodeURIComponent("100%")}`, staff.agent!.token)).scripts).toEqual([]);
    const forLeaders = json(await get("/api/v1/reply-scripts", staff.leader!.token)).scripts;
    expect(forLeaders.every((s: { audience: string }) => s.audience === "leader" || s.audience === "any")).toBe(true);
    const seeded = json(await get("/api/v1/reply-scripts", staff.supervisor!.token)).scripts;
    expect(seeded.length).toBeGreaterThanOrEqual(10);
    expect((await get("/api/v1/reply-scripts", tokens[CUSTOMER]!)).statusCode).toBe(403);
  });
});
