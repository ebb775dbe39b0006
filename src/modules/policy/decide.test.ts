import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { fen } from "../../shared/money.js";
import { decide, questionsFor } from "./decide.js";
import { DEFAULT_POLICY, type PolicyDocument } from "./document.js";
import { PROBLEM_TYPES, RESOLUTIONS, type Answers, type ClaimFacts, type ClaimItemFacts, type Decision, type Outcome, type ProblemType } from "./model.js";

const at = (iso: string) => new Date(`${iso}+08:00`); // China time
const PICKED_UP = "2026-03-02T10:00:00";

function item(over: Partial<ClaimItemFacts> = {}): ClaimItemFacts {
  return {
    orderItemId: "oi-1", sku: "TISSUE-3", name: "抽纸", quantity: 1, amountFen: fen(1500),
    fresh: false, madeToOrder: false, digital: false, periodical: false, nearExpiryConfirmed: false, defectiveConfirmed: false,
    deliveredAt: at("2026-03-02T08:00:00"), pickedUpAt: at(PICKED_UP),
    ...over,
  };
}
const strawberries = (over: Partial<ClaimItemFacts> = {}) => item({ orderItemId: "oi-2", sku: "STRAWBERRY-500G", name: "草莓", fresh: true, amountFen: fen(2500), ...over });
const notReceived = { deliveredAt: null, pickedUpAt: null };

/** Answers a customer gives to each problem type's guided questions. */
const ANSWERS: Partial<Record<ProblemType, Answers>> = {
  damaged: { foundWhen: "at_pickup", packagingDamaged: true },
  spoiled: { spoiledShare: "some", storedAsInstructed: true },
  short_weight: { labelledGrams: 500, weighedGrams: 400 },
  expired: { expiryState: "past_expiry" },
  foreign_object: { objectKind: "hair", eaten: false },
  poor_quality: { aspect: "taste" },
  changed_mind: { opened: false, sealIntact: true },
};

function claim(problemType: ProblemType, over: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    problemType,
    wantedResolution: problemType === "changed_mind" ? "return_refund" : problemType === "late_delivery" ? "compensation" : "refund_only",
    items: [item()],
    photoCount: 1,
    description: "收到时外包装已经破了，里面也坏了",
    answers: ANSWERS[problemType] ?? {},
    order: { placedAt: at("2026-03-01T20:00:00"), promisedAt: at("2026-03-02T08:00:00") },
    customer: { refundOnlyClaimsInWindow: 0, rejectedClaimsInWindow: 0 },
    now: at("2026-03-02T12:00:00"),
    ...over,
  };
}

function policyWith(change: (p: PolicyDocument) => void): PolicyDocument {
  const p = structuredClone(DEFAULT_POLICY);
  change(p);
  return p;
}

interface Case {
  name: string;
  facts: ClaimFacts;
  policy?: PolicyDocument;
  /** the outcome, the deciding rule, other rules that must apply, a phrase of the zh reason, and exact fields */
  then: { outcome: Outcome; rule: string; alsoRules?: string[]; reasonZh?: string } & Partial<Omit<Decision, "outcome" | "rules" | "reason">>;
}

const noReturn = { returnRequired: false, returnShippingPayer: null, refundDueDays: null } as const;
const customerReturns = { returnRequired: true, returnShippingPayer: "customer", refundDueDays: 7 } as const;

const noReasonCases: Case[] = [
  { name: "approves a no-reason return of unopened goods within 7 days; the customer pays the return shipping (办法第十八条)",
    facts: claim("changed_mind", { now: at("2026-03-05T09:00:00") }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", alsoRules: ["P-AUTO-NO-REASON", "LAW-18-RETURN-SHIPPING", "LAW-13-REFUND-DUE"], resolution: "return_refund", approvedFen: fen(1500), ...customerReturns } },
  { name: "counts the 7 days from the day after receipt: the 7th day still counts until 24:00",
    facts: claim("changed_mind", { now: at("2026-03-09T23:59:59") }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", reasonZh: "2026-03-09 24:00" } },
  { name: "rejects a no-reason return at 00:00 of the 8th day after receipt (办法第十条)",
    facts: claim("changed_mind", { now: at("2026-03-10T00:00:00") }),
    then: { outcome: "reject", rule: "LAW-10-WINDOW", reasonZh: "办法第十条", approvedFen: fen(0), ...noReturn } },
  { name: "counts days in China time: goods received at 01:00 on 3 March (still 2 March in UTC) may be returned on the evening of 10 March",
    facts: claim("changed_mind", { items: [item({ pickedUpAt: at("2026-03-03T01:00:00") })], now: at("2026-03-10T20:00:00") }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", reasonZh: "2026-03-10 24:00" } },
  { name: "rejects a no-reason return of made-to-order goods, citing 办法第六条",
    facts: claim("changed_mind", { items: [item({ madeToOrder: true })] }),
    then: { outcome: "reject", rule: "LAW-6-MADE-TO-ORDER", reasonZh: "办法第六条", approvedFen: fen(0) } },
  { name: "rejects a no-reason return of opened digital goods",
    facts: claim("changed_mind", { items: [item({ digital: true })], answers: { opened: true, sealIntact: true } }),
    then: { outcome: "reject", rule: "LAW-6-DIGITAL-OPENED" } },
  { name: "approves a no-reason return of unopened digital goods",
    facts: claim("changed_mind", { items: [item({ digital: true })] }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW" } },
  { name: "rejects a no-reason return of a periodical",
    facts: claim("changed_mind", { items: [item({ periodical: true, name: "读者" })] }),
    then: { outcome: "reject", rule: "LAW-6-PERIODICAL" } },
  { name: "rejects a no-reason return of near-expiry goods confirmed at purchase (办法第七条)",
    facts: claim("changed_mind", { items: [item({ nearExpiryConfirmed: true })] }),
    then: { outcome: "reject", rule: "LAW-7-NEAR-EXPIRY", reasonZh: "办法第七条" } },
  { name: "accepts a no-reason return of near-expiry goods not confirmed at purchase",
    facts: claim("changed_mind", { items: [item({ name: "临期饼干", nearExpiryConfirmed: false })] }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", approvedFen: fen(1500) } },
  { name: "rejects a no-reason return of defective goods confirmed at purchase",
    facts: claim("changed_mind", { items: [item({ defectiveConfirmed: true })] }),
    then: { outcome: "reject", rule: "LAW-7-DEFECTIVE" } },
  { name: "rejects food whose one-off seal is broken: no longer intact (办法第九条)",
    facts: claim("changed_mind", { answers: { opened: true, sealIntact: false } }),
    then: { outcome: "reject", rule: "LAW-8-NOT-INTACT", reasonZh: "办法第八条、第九条" } },
  { name: "sends opened goods with an intact seal to a person instead of refusing them (办法第八条)",
    facts: claim("changed_mind", { answers: { opened: true, sealIntact: true } }),
    then: { outcome: "review", rule: "P-NR-OPENED", alsoRules: ["LAW-10-WINDOW"], approvedFen: fen(1500), ...customerReturns } },
  { name: "approves a no-reason return of fresh produce within the 2 h promise after pickup",
    facts: claim("changed_mind", { items: [strawberries()], now: at("2026-03-02T11:30:00") }),
    then: { outcome: "approve", rule: "P-FRESH-NR-WINDOW", approvedFen: fen(2500), ...customerReturns } },
  { name: "rejects a no-reason return of fresh produce after the 2 h promise, citing 办法第六条",
    facts: claim("changed_mind", { items: [strawberries()], now: at("2026-03-02T12:00:01") }),
    then: { outcome: "reject", rule: "LAW-6-FRESH", reasonZh: "办法第六条", approvedFen: fen(0) } },
  { name: "rejects any no-reason return of fresh produce when the platform makes no promise",
    policy: policyWith((p) => (p.windows.fresh.noReasonHours = null)),
    facts: claim("changed_mind", { items: [strawberries()], now: at("2026-03-02T10:10:00") }),
    then: { outcome: "reject", rule: "LAW-6-FRESH" } },
  { name: "handles a no-reason claim before receipt as a cancellation for a person, nothing to send back",
    facts: claim("changed_mind", { items: [item(notReceived)] }),
    then: { outcome: "review", rule: "P-NR-NOT-RECEIVED", resolution: "refund_only", approvedFen: fen(1500), ...noReturn } },
  { name: "turns a wanted refund-only no-reason claim into return and refund, and says so",
    facts: claim("changed_mind", { wantedResolution: "refund_only" }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", alsoRules: ["P-RESOLUTION-SUBSTITUTED"], resolution: "return_refund", reasonZh: "改为「退货退款」" } },
  { name: "extends the window when the policy promises 14 days",
    policy: policyWith((p) => (p.windows.standard.noReasonDays = 14)),
    facts: claim("changed_mind", { now: at("2026-03-12T12:00:00") }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", reasonZh: "2026-03-16 24:00" } },
  { name: "refunds only the returnable items and names the excluded one",
    facts: claim("changed_mind", { items: [item(), item({ orderItemId: "oi-9", name: "定制蛋糕", madeToOrder: true, amountFen: fen(9900) })] }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW", alsoRules: ["LAW-6-MADE-TO-ORDER"], approvedFen: fen(1500), reasonZh: "定制蛋糕" } },
  { name: "does not count a return-and-refund against the refund-only abuse limit",
    facts: claim("changed_mind", { customer: { refundOnlyClaimsInWindow: 5, rejectedClaimsInWindow: 0 } }),
    then: { outcome: "approve", rule: "LAW-10-WINDOW" } },
];

const qualityCases: Case[] = [
  { name: "instantly refunds a small damaged item with a photo from a customer in good standing (极速退款), no return needed",
    facts: claim("damaged"),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY", alsoRules: ["LAW-CPL24-WINDOW", "P-NO-RETURN"], resolution: "refund_only", approvedFen: fen(1500), ...noReturn } },
  { name: "routes a quality claim without the required photo to review, listing what is missing",
    facts: claim("damaged", { photoCount: 0 }),
    then: { outcome: "review", rule: "P-EVIDENCE-MISSING", missingEvidence: ["photos"], approvedFen: fen(1500) } },
  { name: "lists unanswered guided questions as missing evidence",
    facts: claim("damaged", { answers: { foundWhen: "yesterday" } }),
    then: { outcome: "review", rule: "P-EVIDENCE-MISSING", missingEvidence: ["answer:foundWhen", "answer:packagingDamaged"] } },
  { name: "sends a larger damaged item to review as a return, with shipping paid by the merchant (消法第二十四条)",
    facts: claim("damaged", { items: [item({ name: "电水壶", amountFen: fen(8900) })] }),
    then: { outcome: "review", rule: "P-QUALITY-REVIEW", alsoRules: ["P-RETURN-REQUIRED", "LAW-CPL24-SHIPPING", "LAW-13-REFUND-DUE"], resolution: "return_refund", approvedFen: fen(8900), returnRequired: true, returnShippingPayer: "merchant", refundDueDays: 7 } },
  { name: "accepts a spoiled-fruit claim within 48 h: 鲜活易腐 excludes only the no-reason return",
    facts: claim("spoiled", { items: [strawberries()], now: at("2026-03-03T20:00:00") }),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY", alsoRules: ["P-FRESH-QUALITY-WINDOW"], approvedFen: fen(2500), ...noReturn } },
  { name: "rejects a spoiled-fruit claim after the 48 h fresh quality window",
    facts: claim("spoiled", { items: [strawberries()], now: at("2026-03-04T10:00:01") }),
    then: { outcome: "reject", rule: "P-FRESH-QUALITY-WINDOW", approvedFen: fen(0) } },
  { name: "refunds damaged fresh goods above the no-return threshold without sending them back",
    facts: claim("damaged", { items: [strawberries({ amountFen: fen(8000) })], wantedResolution: "return_refund" }),
    then: { outcome: "review", rule: "P-QUALITY-REVIEW", alsoRules: ["P-NO-RETURN"], resolution: "refund_only", approvedFen: fen(8000), ...noReturn } },
  { name: "accepts a quality claim on the 7th day after receipt (消法第二十四条)",
    facts: claim("expired", { now: at("2026-03-09T22:00:00") }),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY", alsoRules: ["LAW-CPL24-WINDOW"] } },
  { name: "sends a quality claim after 7 days to a person instead of refusing it (消法第二十四条: exchange or repair)",
    facts: claim("damaged", { now: at("2026-03-12T09:00:00") }),
    then: { outcome: "review", rule: "LAW-CPL24-AFTER-WINDOW", reasonZh: "消法第二十四条" } },
  { name: "never auto-approves a foreign object: food safety is seen by a person",
    facts: claim("foreign_object"),
    then: { outcome: "review", rule: "P-QUALITY-REVIEW", approvedFen: fen(1500) } },
  { name: "asks for a description of a foreign object",
    facts: claim("foreign_object", { description: "有头发" }),
    then: { outcome: "review", rule: "P-EVIDENCE-MISSING", missingEvidence: ["description"] } },
  { name: "refunds the weighed shortfall of a short-weight claim",
    facts: claim("short_weight", { wantedResolution: "partial_refund", items: [item({ name: "五花肉", amountFen: fen(2000) })] }),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY", resolution: "partial_refund", approvedFen: fen(400), ...noReturn } },
  { name: "keeps a customer with too many rejected claims out of the instant refund",
    facts: claim("damaged", { customer: { refundOnlyClaimsInWindow: 0, rejectedClaimsInWindow: 2 } }),
    then: { outcome: "review", rule: "P-QUALITY-REVIEW" } },
  { name: "routes the 4th refund-only claim in 30 days to review, never auto-paid",
    facts: claim("damaged", { customer: { refundOnlyClaimsInWindow: 3, rejectedClaimsInWindow: 0 } }),
    then: { outcome: "review", rule: "P-ABUSE-REFUND-ONLY", approvedFen: fen(1500) } },
  { name: "auto-approves the 3rd refund-only claim in 30 days",
    facts: claim("damaged", { customer: { refundOnlyClaimsInWindow: 2, rejectedClaimsInWindow: 0 } }),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY" } },
  { name: "sends a quality claim on an item without recorded receipt to a person",
    facts: claim("missing_items", { items: [item(notReceived)] }),
    then: { outcome: "review", rule: "P-NOT-RECEIVED" } },
  { name: "picks the allowed resolution closest to the wanted one and says so (spoiled: exchange → reship)",
    facts: claim("spoiled", { wantedResolution: "exchange" }),
    then: { outcome: "approve", rule: "P-AUTO-SMALL-QUALITY", alsoRules: ["P-RESOLUTION-SUBSTITUTED"], resolution: "reship", approvedFen: fen(0), reasonZh: "改为「补发」" } },
  { name: "keeps everything for a person when instant refunds are switched off",
    policy: policyWith((p) => (p.autoApproval.smallQuality.enabled = false)),
    facts: claim("damaged"),
    then: { outcome: "review", rule: "P-QUALITY-REVIEW" } },
];

const deliveryCases: Case[] = [
  { name: "approves a never-delivered item past its promised time",
    facts: claim("not_delivered", { items: [item(notReceived)], photoCount: 0, now: at("2026-03-02T09:00:00") }),
    then: { outcome: "approve", rule: "P-ND-OVERDUE", resolution: "refund_only", approvedFen: fen(1500), ...noReturn } },
  { name: "rejects a non-delivery claim before it is due, saying until when to wait",
    facts: claim("not_delivered", { items: [item(notReceived)], now: at("2026-03-02T08:10:00") }),
    then: { outcome: "reject", rule: "P-ND-NOT-DUE", reasonZh: "2026-03-02 08:30", approvedFen: fen(0) } },
  { name: "without a promised time, waits 48 h after the order was placed",
    facts: claim("not_delivered", { items: [item(notReceived)], order: { placedAt: at("2026-03-01T20:00:00"), promisedAt: null }, now: at("2026-03-03T19:00:00") }),
    then: { outcome: "reject", rule: "P-ND-NOT-DUE", reasonZh: "2026-03-03 20:00" } },
  { name: "without a promised time, refunds once 48 h have passed since the order",
    facts: claim("not_delivered", { items: [item(notReceived)], order: { placedAt: at("2026-03-01T20:00:00"), promisedAt: null }, now: at("2026-03-03T21:00:00") }),
    then: { outcome: "approve", rule: "P-ND-OVERDUE" } },
  { name: "sends a non-delivery claim to a person when a delivery is recorded",
    facts: claim("not_delivered"),
    then: { outcome: "review", rule: "P-ND-DELIVERY-RECORDED", approvedFen: fen(1500) } },
  { name: "routes a never-delivered claim from a serial refund-only claimant to review",
    facts: claim("not_delivered", { items: [item(notReceived)], customer: { refundOnlyClaimsInWindow: 4, rejectedClaimsInWindow: 0 } }),
    then: { outcome: "review", rule: "P-ABUSE-REFUND-ONLY" } },
  { name: "reships a never-delivered item when the customer asks for it",
    facts: claim("not_delivered", { items: [item(notReceived)], wantedResolution: "reship" }),
    then: { outcome: "approve", rule: "P-ND-OVERDUE", resolution: "reship", approvedFen: fen(0) } },
  { name: "compensates a delivery later than promised",
    facts: claim("late_delivery", { items: [item({ deliveredAt: at("2026-03-02T09:15:00") })] }),
    then: { outcome: "approve", rule: "P-LATE-COMPENSATION", resolution: "compensation", approvedFen: fen(500), ...noReturn } },
  { name: "compensates a late delivery with no more than the claimed item cost",
    facts: claim("late_delivery", { items: [item({ amountFen: fen(300), deliveredAt: at("2026-03-02T09:15:00") })] }),
    then: { outcome: "approve", rule: "P-LATE-COMPENSATION", resolution: "compensation", approvedFen: fen(300) } },
  { name: "rejects a late-delivery claim for a delivery within the grace period",
    facts: claim("late_delivery", { items: [item({ deliveredAt: at("2026-03-02T08:25:00") })] }),
    then: { outcome: "reject", rule: "P-LATE-ON-TIME", approvedFen: fen(0) } },
  { name: "treats a late-delivery claim for goods not delivered as a non-delivery review",
    facts: claim("late_delivery", { items: [item(notReceived)] }),
    then: { outcome: "review", rule: "P-LATE-NOT-DELIVERED", resolution: "refund_only", approvedFen: fen(1500) } },
  { name: "pays a capped percentage of the items for a late delivery when the policy says so",
    policy: policyWith((p) => (p.lateDelivery.compensation = { kind: "percent", percent: 10, capFen: 300 })),
    facts: claim("late_delivery", { items: [item({ amountFen: fen(5000), deliveredAt: at("2026-03-02T10:00:00") })] }),
    then: { outcome: "approve", rule: "P-LATE-COMPENSATION", approvedFen: fen(300) } },
  { name: "offers compensation when a refund is wanted for a late delivery, and says so",
    facts: claim("late_delivery", { wantedResolution: "refund_only", items: [item({ deliveredAt: at("2026-03-02T09:15:00") })] }),
    then: { outcome: "approve", rule: "P-LATE-COMPENSATION", alsoRules: ["P-RESOLUTION-SUBSTITUTED"], resolution: "compensation" } },
  { name: "rejects a late-delivery claim on an order without a promised time",
    facts: claim("late_delivery", { order: { placedAt: at("2026-03-01T20:00:00"), promisedAt: null } }),
    then: { outcome: "reject", rule: "P-LATE-NO-PROMISE" } },
  { name: "rejects a claim that names no items",
    facts: claim("damaged", { items: [] }),
    then: { outcome: "reject", rule: "P-NO-ITEMS", approvedFen: fen(0) } },
];

function check({ facts, policy, then }: Case) {
  const d = decide(policy ?? DEFAULT_POLICY, facts);
  const { rule, alsoRules, reasonZh, ...fields } = then;
  expect(d.rules[0]).toBe(rule);
  expect(d).toMatchObject(fields);
  for (const r of alsoRules ?? []) expect(d.rules).toContain(r);
  if (reasonZh) expect(d.reason.zh).toContain(reasonZh);
  expect(d.reason.en.length).toBeGreaterThan(0);
  expect(d.policyVersion).toBe((policy ?? DEFAULT_POLICY).version);
}

describe("decide: 7-day no-reason return (办法)", () => {
  it.each(noReasonCases)("$name", check);
});
describe("decide: quality problems (消法第二十四条) and instant refunds", () => {
  it.each(qualityCases)("$name", check);
});
describe("decide: delivery problems", () => {
  it.each(deliveryCases)("$name", check);
});

describe("decide: same input, same answer", () => {
  it("returns deep-equal decisions for the same facts", () => {
    for (const facts of [...noReasonCases, ...qualityCases, ...deliveryCases].map((c) => c.facts))
      expect(decide(DEFAULT_POLICY, structuredClone(facts))).toEqual(decide(DEFAULT_POLICY, facts));
  });
});

describe("questionsFor", () => {
  it("asks a no-reason return about opening and the seal, and a damage claim nothing about seals", () => {
    expect(questionsFor(DEFAULT_POLICY, "changed_mind").questions.map((q) => q.key)).toEqual(["opened", "sealIntact"]);
    const damaged = questionsFor(DEFAULT_POLICY, "damaged");
    expect(damaged.questions.map((q) => q.key)).not.toContain("sealIntact");
    expect(damaged.evidence.minPhotos).toBe(1);
  });
});

const instant = fc.option(fc.date({ min: at("2026-02-20T00:00:00"), max: at("2026-03-20T00:00:00"), noInvalidDate: true }), { nil: null });
const arbItem = fc.record({
  orderItemId: fc.string({ minLength: 1, maxLength: 5 }), sku: fc.constant("SKU"), name: fc.constant("商品"),
  quantity: fc.integer({ min: 1, max: 5 }), amountFen: fc.integer({ min: 0, max: 200_000 }).map(fen),
  fresh: fc.boolean(), madeToOrder: fc.boolean(), digital: fc.boolean(), periodical: fc.boolean(),
  nearExpiryConfirmed: fc.boolean(), defectiveConfirmed: fc.boolean(), deliveredAt: instant, pickedUpAt: instant,
});
const arbFacts: fc.Arbitrary<ClaimFacts> = fc.record({
  problemType: fc.constantFrom(...PROBLEM_TYPES),
  wantedResolution: fc.constantFrom(...RESOLUTIONS),
  items: fc.array(arbItem, { maxLength: 4 }),
  photoCount: fc.integer({ min: 0, max: 5 }),
  description: fc.string({ maxLength: 20 }),
  answers: fc.record(
    { opened: fc.boolean(), sealIntact: fc.boolean(), labelledGrams: fc.integer({ min: -10, max: 1000 }), weighedGrams: fc.integer({ min: 0, max: 1200 }), foundWhen: fc.constantFrom("at_pickup", "x") },
    { requiredKeys: [] },
  ),
  order: fc.record({ placedAt: fc.date({ min: at("2026-02-15T00:00:00"), max: at("2026-03-05T00:00:00"), noInvalidDate: true }), promisedAt: instant }),
  customer: fc.record({ refundOnlyClaimsInWindow: fc.nat(6), rejectedClaimsInWindow: fc.nat(4) }),
  now: fc.date({ min: at("2026-02-20T00:00:00"), max: at("2026-03-25T00:00:00"), noInvalidDate: true }),
});

describe("decide: properties", () => {
  it("never refunds more than the claimed items, and a rejection pays nothing", () => {
    fc.assert(
      fc.property(arbFacts, (facts) => {
        const d = decide(DEFAULT_POLICY, facts);
        const claimed = facts.items.reduce((s, i) => s + i.amountFen, 0);
        if (d.resolution === "refund_only" || d.resolution === "return_refund" || d.resolution === "partial_refund") expect(d.approvedFen).toBeLessThanOrEqual(claimed);
        if (d.outcome === "reject") expect(d.approvedFen).toBe(0);
        expect(Number.isSafeInteger(d.approvedFen) && d.approvedFen >= 0).toBe(true);
        expect(d.rules.length).toBeGreaterThan(0);
        expect(decide(DEFAULT_POLICY, facts)).toEqual(d);
      }),
      { numRuns: 2_000 },
    );
  });
});
