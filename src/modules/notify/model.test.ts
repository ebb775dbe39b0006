import { describe, expect, it } from "vitest";
import { afterFailure, isTopicPattern, retryDelayMs, routeEvent, scrubPersonalData, supervisorsToTell, topicMatches, type OutboxEvent, type RoutingContext } from "./model.js";

const event = (topic: string, payload: Record<string, unknown>, aggregateId = "AS20261120-0001"): OutboxEvent => ({ id: 7, topic, aggregateId, payload, occurredAt: "2026-11-20T04:00:00.000Z" });
const kase = { caseId: "AS20261120-0001", customerId: "C-1", ownerId: "S-agent", leaderId: "LD-1" };
const ctx = (over: Partial<RoutingContext> = {}): RoutingContext => ({ kase, supervisors: [], subscriptions: [], ...over });
const who = (e: OutboxEvent, c = ctx()) => routeEvent(e, c).map((d) => `${d.channel} ${d.recipient.kind}:${d.recipient.id}`);

describe("routing: who is told what, on which channel", () => {
  const cases: [string, OutboxEvent, RoutingContext, string[]][] = [
    ["a stage change: the customer, by SMS and WeChat", event("case.stage_changed", { caseId: kase.caseId, customerId: "C-1", stage: "退货中" }), ctx(), ["sms customer:C-1", "wechat customer:C-1"]],
    ["a stage change without a stage: nobody", event("case.stage_changed", { caseId: kase.caseId, customerId: "C-1" }), ctx(), []],
    ["a staff reply: the customer, by WeChat", event("message.posted", { caseId: kase.caseId, customerId: "C-1", messageId: "M1", authorRole: "agent" }), ctx(), ["wechat customer:C-1"]],
    ["a leader's reply: the customer, by WeChat", event("message.posted", { caseId: kase.caseId, customerId: "C-1", messageId: "M1", authorRole: "leader" }), ctx(), ["wechat customer:C-1"]],
    ["the customer wrote: the owner, by e-mail", event("message.posted", { caseId: kase.caseId, customerId: "C-1", messageId: "M1", authorRole: "customer" }), ctx(), ["email staff:S-agent"]],
    ["the customer wrote on an unowned case: nobody", event("message.posted", { caseId: kase.caseId, customerId: "C-1", authorRole: "customer" }), ctx({ kase: { ...kase, ownerId: null } }), []],
    ["a system message: nobody", event("message.posted", { caseId: kase.caseId, customerId: "C-1", authorRole: "system" }), ctx(), []],
    ["a new case: the leader of its pickup point, by WeChat", event("case.submitted", { caseId: kase.caseId, customerId: "C-1" }), ctx(), ["wechat leader:LD-1"]],
    ["a new case at a point without a leader: nobody", event("case.submitted", { caseId: kase.caseId }), ctx({ kase: { ...kase, leaderId: null } }), []],
    [
      "a breach: the supervisors on duty, by e-mail",
      event("sla.breached", { caseId: kase.caseId, kind: "first_response" }),
      ctx({ supervisors: [{ id: "S-1", onDuty: true }, { id: "S-2", onDuty: false }, { id: "S-3", onDuty: true }] }),
      ["email staff:S-1", "email staff:S-3"],
    ],
    ["a warning: the case's owner, by e-mail", event("sla.warning", { caseId: kase.caseId, kind: "first_response", clockId: "9" }), ctx({ supervisors: [{ id: "S-1", onDuty: true }] }), ["email staff:S-agent"]],
    [
      "a warning on an unowned case: the supervisors on duty, by e-mail",
      event("sla.warning", { caseId: kase.caseId, kind: "leader_response" }),
      ctx({ kase: { ...kase, ownerId: null }, supervisors: [{ id: "S-1", onDuty: true }, { id: "S-2", onDuty: false }] }),
      ["email staff:S-1"],
    ],
    ["a warning with nobody on duty: every supervisor", event("sla.warning", { caseId: kase.caseId, kind: "resolution" }), ctx({ kase: null, supervisors: [{ id: "S-1", onDuty: false }, { id: "S-2", onDuty: false }] }), ["email staff:S-1", "email staff:S-2"]],
    ["a breach that escalated the case: nobody (the escalation tells)", event("sla.breached", { caseId: kase.caseId, kind: "first_response", escalatedTo: "S-1" }), ctx({ supervisors: [{ id: "S-1", onDuty: true }] }), []],
    ["an escalation to a supervisor: that supervisor, by e-mail", event("case.escalated", { caseId: kase.caseId, level: 1, supervisorId: "S-2" }), ctx({ supervisors: [{ id: "S-1", onDuty: true }, { id: "S-2", onDuty: true }] }), ["email staff:S-2"]],
    ["an escalation with nobody on duty: every supervisor", event("case.escalated", { caseId: kase.caseId, level: 2, supervisorId: null }), ctx({ supervisors: [{ id: "S-1", onDuty: false }, { id: "S-2", onDuty: false }] }), ["email staff:S-1", "email staff:S-2"]],
    ["a refund requested: no person", event("refund.requested", { caseId: kase.caseId, refundId: "rf_1", amountFen: 100 }), ctx(), []],
    [
      "integrators: every subscription whose pattern matches",
      event("case.stage_changed", { caseId: kase.caseId, customerId: "C-1", stage: "已完成" }),
      ctx({ subscriptions: [{ id: "wh_a", topics: ["case.*"] }, { id: "wh_b", topics: ["refund.>"] }, { id: "wh_c", topics: ["refund.paid", "case.stage_changed"] }] }),
      ["sms customer:C-1", "wechat customer:C-1", "webhook webhook:wh_a", "webhook webhook:wh_c"],
    ],
  ];
  it.each(cases)("%s", (_name, e, c, expected) => {
    expect(who(e, c)).toEqual(expected);
  });

  it("tells the customer the stage in zh-CN, naming the case and nothing personal", () => {
    const [sms, wechat] = routeEvent(event("case.stage_changed", { caseId: "AS20261120-0001", customerId: "C-1", stage: "退货中", phone: "13912345678" }), ctx());
    expect(sms?.message).toEqual({ kind: "sms", text: "【安心售后】您的售后单 AS20261120-0001 已进入「退货中」，收到商品后我们会尽快为您处理。" });
    expect(wechat?.message).toMatchObject({ kind: "wechat", template: "after_sales_progress", fields: { caseId: "AS20261120-0001", stage: "退货中" } });
    expect(JSON.stringify([sms, wechat])).not.toMatch(/1[3-9]\d{9}/);
  });

  it("warns in zh-CN naming the case and the clock", () => {
    const [mail] = routeEvent(event("sla.warning", { caseId: "AS20261120-0001", kind: "first_response" }), ctx());
    expect(mail?.message).toEqual({ kind: "email", subject: "【即将超时】售后单 AS20261120-0001", text: "售后单 AS20261120-0001 的首次响应即将超时，请尽快处理。" });
  });

  it("sends integrators the event without personal data", () => {
    const [hook] = routeEvent(
      event("case.note", { caseId: kase.caseId, customerId: "C-1", phone: "13912345678", contact: { address: "长沙市岳麓区…", name: "李女士" }, note: "客户电话 13912345678 已核实", orderId: "13912345678" }),
      ctx({ subscriptions: [{ id: "wh_a", topics: [">"] }] }),
    );
    expect(hook?.message).toEqual({
      kind: "webhook",
      event: { id: "evt_7", topic: "case.note", occurredAt: "2026-11-20T04:00:00.000Z", data: { caseId: kase.caseId, customerId: "C-1", contact: { name: "李女士" }, note: "客户电话 139****5678 已核实", orderId: "13912345678" } },
    });
  });
});

describe("topic patterns", () => {
  it.each([
    ["case.*", "case.submitted", true],
    ["case.*", "case.stage_changed", true],
    ["case.*", "refund.paid", false],
    ["case.*", "case", false],
    ["case.*", "case.a.b", false],
    ["refund.>", "refund.paid", true],
    ["refund.>", "refund.x.y", true],
    ["refund.>", "refund", false],
    [">", "sla.breached", true],
    ["*.paid", "refund.paid", true],
    ["refund.paid", "refund.paid", true],
    ["refund.paid", "refund.paid.late", false],
  ])("%s matches %s: %s", (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });

  it.each([
    ["case.*", true],
    ["refund.>", true],
    ["message.posted", true],
    ["case.>.x", false],
    ["case.", false],
    ["Case.Submitted", false],
    ["case.sub*", false],
    ["", false],
  ])("%s is a pattern: %s", (pattern, expected) => {
    expect(isTopicPattern(pattern)).toBe(expected);
  });
});

describe("retries", () => {
  const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 };
  it.each([
    [1, 0, 500],
    [1, 0.999999, 1_000],
    [2, 0, 1_000],
    [3, 0.5, 3_000],
    [4, 0, 4_000],
    [5, 0.999999, 10_000],
    [9, 0, 5_000], // capped
  ])("after %i failed attempts with jitter %d waits %i ms", (attempts, random, ms) => {
    expect(retryDelayMs(attempts, random, policy)).toBe(ms);
  });

  it("gives up at the last attempt, and at once when retrying cannot help", () => {
    const now = new Date("2026-11-20T04:00:00.000Z");
    expect(afterFailure(4, true, now, 0, policy)).toEqual({ state: "pending", nextAttemptAt: new Date("2026-11-20T04:00:04.000Z") });
    expect(afterFailure(5, true, now, 0, policy)).toEqual({ state: "dead" });
    expect(afterFailure(1, false, now, 0, policy)).toEqual({ state: "dead" });
  });

  it("tells every supervisor when none is on duty", () => {
    expect(supervisorsToTell([])).toEqual([]);
    expect(supervisorsToTell([{ id: "a", onDuty: false }])).toEqual(["a"]);
  });
});

describe("personal data", () => {
  it("keeps identifiers that look like phone numbers, masks numbers in text, drops contact fields", () => {
    expect(scrubPersonalData({ customerId: "13912345678", ids: ["x"], text: "call 13912345678", mobile: "1", items: [{ address: "x", sku: "A" }] })).toEqual({
      customerId: "13912345678",
      ids: ["x"],
      text: "call 139****5678",
      items: [{ sku: "A" }],
    });
  });
});
