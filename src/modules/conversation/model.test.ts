import { describe, expect, it } from "vitest";
import { audiencesFor, authorLabel, caseValues, chinaDate, messageText, messageView, placeholders, previewScript, renderScript, type CaseValues, type MessageRecord, type ScriptFacts } from "./model.js";

const facts: ScriptFacts = {
  caseId: "AS20261120-ABCD",
  orderId: "ORD-1",
  customerName: "李女士",
  itemNames: ["丹东99草莓 500g"],
  approvedFen: 0,
  claimedFen: 2990,
  stage: "审核中",
  pickupPointName: "金茂悦小区自提点",
  returnDueAt: new Date("2026-11-27T04:00:00.000Z"),
  staffName: "小王",
};
const values: CaseValues = caseValues(facts);

describe("caseValues", () => {
  it.each([
    ["amount before approval is the claim", { approvedFen: 0, claimedFen: 2990 }, "amount", "¥29.90"],
    ["amount after approval is what was granted", { approvedFen: 1500, claimedFen: 2990 }, "amount", "¥15.00"],
    ["claimedAmount stays the claim", { approvedFen: 1500, claimedFen: 2990 }, "claimedAmount", "¥29.90"],
    ["one item by name", { itemNames: ["草莓"] }, "itemName", "草莓"],
    ["several items by the first and a count", { itemNames: ["草莓", "抽纸", "牛奶"] }, "itemName", "草莓等3件商品"],
    ["no items, no name", { itemNames: [] }, "itemName", null],
    ["no pickup point", { pickupPointName: null }, "pickupPoint", null],
    ["return due date in China time", { returnDueAt: new Date("2026-11-27T17:00:00.000Z") }, "returnDueDate", "11月28日"],
    ["no return due", { returnDueAt: null }, "returnDueDate", null],
    ["a nameless customer is addressed without a name", { customerName: "" }, "customerName", ""],
  ] as [string, Partial<ScriptFacts>, keyof CaseValues, string | null][])("%s", (_, over, name, expected) => {
    expect(caseValues({ ...facts, ...over })[name]).toBe(expected);
  });
});

describe("renderScript", () => {
  it.each([
    ["fills case variables", "您好{customerName}，已退款{amount}。", {}, "您好李女士，已退款¥29.90。"],
    ["fills a variable twice", "{caseId}/{caseId}", {}, "AS20261120-ABCD/AS20261120-ABCD"],
    ["fills what the sender supplies", "请于{pickupTime}到{pickupPoint}取货", { pickupTime: "明天上午10点" }, "请于明天上午10点到金茂悦小区自提点取货"],
    ["leaves braces that are not variables", "价格{ 以实际为准 }，{1}", {}, "价格{ 以实际为准 }，{1}"],
    ["ignores supplied values the script does not use", "您好", { extra: "x" }, "您好"],
    ["a stage and a date", "进度：{stage}，请于{returnDueDate}前退回", {}, "进度：审核中，请于11月27日前退回"],
  ] as const)("%s", (_, template, supplied, expected) => {
    expect(renderScript(template, values, { ...supplied })).toEqual({ ok: true, text: expected });
  });

  it("lists every unknown variable at once", () => {
    expect(renderScript("{couponCode} {amount} {pickupTime}", values)).toEqual({ ok: false, unknown: ["couponCode", "pickupTime"], unavailable: [], overridden: [] });
  });

  it("refuses a case variable the case has no value for", () => {
    expect(renderScript("到{pickupPoint}退货", caseValues({ ...facts, pickupPointName: null }))).toEqual({ ok: false, unknown: [], unavailable: ["pickupPoint"], overridden: [] });
  });

  it("refuses a sender who sets an amount the case decides", () => {
    expect(renderScript("已退款{amount}", values, { amount: "¥1000.00" })).toEqual({ ok: false, unknown: [], unavailable: [], overridden: ["amount"] });
  });
});

describe("previewScript", () => {
  it("fills what it can and names what the sender must add", () => {
    expect(previewScript("{customerName}：请于{pickupTime}到{pickupPoint}", caseValues({ ...facts, pickupPointName: null }))).toEqual({
      text: "李女士：请于{pickupTime}到{pickupPoint}",
      needsInput: ["pickupTime"],
      unavailable: ["pickupPoint"],
    });
  });
});

describe("placeholders", () => {
  it("names each variable once, in order of use", () => {
    expect(placeholders("{b}{a}{b}{ c }{9x}")).toEqual(["b", "a"]);
  });
});

describe("messageText", () => {
  it.each([
    ["", { ok: false, error: "empty" }],
    ["  \n\t ", { ok: false, error: "empty" }],
    [" 你好 ", { ok: true, text: "你好" }],
    ["字".repeat(2000), { ok: true, text: "字".repeat(2000) }],
    ["字".repeat(2001), { ok: false, error: "too_long" }],
  ] as const)("%j", (body, expected) => {
    expect(messageText(body)).toEqual(expected);
  });
});

describe("authors", () => {
  it.each([
    ["agent", "小王", "客服 小王"],
    ["supervisor", "老张", "客服主管 老张"],
    ["leader", "王团长", "团长 王团长"],
    ["customer", "李女士", "顾客"],
  ] as const)("a %s is shown as role and name", (role, name, label) => {
    expect(authorLabel(role, name)).toBe(label);
  });

  it("only staff who talk to customers send scripts, each their own kind", () => {
    expect(audiencesFor("leader")).toEqual(["leader", "any"]);
    expect(audiencesFor("agent")).toEqual(["agent", "any"]);
    expect(audiencesFor("customer")).toEqual([]);
    expect(audiencesFor("supplier_quality")).toEqual([]);
  });

  const message: MessageRecord = {
    id: 7,
    case_id: "AS1",
    author: "staff:S-9",
    author_role: "agent",
    author_name: "小王",
    side: "staff",
    body: "您好",
    evidence_ids: [],
    script_id: "rs-greeting",
    script_version: 2,
    client_message_id: "client-0001",
    created_at: new Date("2026-11-20T04:00:00.000Z"),
  };

  it("shows the customer a staff author by role and name, with no staff id or script", () => {
    const v = messageView(message, { actor: "customer:C1", side: "customer" });
    expect(v.author).toEqual({ role: "agent", label: "客服 小王" });
    expect(v).not.toHaveProperty("script");
    expect(v).not.toHaveProperty("clientMessageId");
    expect(v.mine).toBe(false);
  });

  it("shows staff who wrote and from which script version", () => {
    const v = messageView(message, { actor: "staff:S-9", side: "staff" });
    expect(v).toMatchObject({ author: { actor: "staff:S-9" }, script: { id: "rs-greeting", version: 2 }, mine: true, clientMessageId: "client-0001" });
  });
});

describe("chinaDate", () => {
  it("turns the day at midnight Beijing time", () => {
    expect(chinaDate(new Date("2026-12-31T15:59:59.000Z"))).toBe("12月31日");
    expect(chinaDate(new Date("2026-12-31T16:00:00.000Z"))).toBe("1月1日");
  });
});
