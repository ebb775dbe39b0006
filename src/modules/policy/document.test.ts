import { describe, it, expect } from "vitest";
import { DEFAULT_POLICY, validatePolicyDocument, type PolicyDocument } from "./document.js";

/** A copy of the default policy with one change, as plain JSON (what an operator would publish). */
function edited(change: (p: PolicyDocument) => void): unknown {
  const p = structuredClone(DEFAULT_POLICY);
  change(p);
  return JSON.parse(JSON.stringify(p));
}

function errorPaths(input: unknown): string[] {
  const result = validatePolicyDocument(input);
  return result.ok ? [] : result.errors.map((e) => e.path);
}

describe("validatePolicyDocument", () => {
  it("accepts the default policy, version 1", () => {
    const result = validatePolicyDocument(DEFAULT_POLICY);
    expect(result).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(DEFAULT_POLICY.version).toBe(1);
  });

  it("accepts the default policy after a JSON round trip, unchanged", () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    expect(json).toEqual(DEFAULT_POLICY);
    expect(validatePolicyDocument(json).ok).toBe(true);
  });

  it("accepts a policy without platform timeouts: versions published before they existed", () => {
    expect(validatePolicyDocument(edited((p) => delete p.handling)).ok).toBe(true);
    expect(validatePolicyDocument(edited((p) => (p.handling = { autoApproveUnhandledAfterMinutes: null, autoApproveMaxFen: 0 }))).ok).toBe(true);
  });

  it("accepts a more generous policy than the law's floor", () => {
    expect(validatePolicyDocument(edited((p) => (p.windows.standard.noReasonDays = 15))).ok).toBe(true);
  });

  it("refuses something that is not a document", () => {
    expect(errorPaths(null)).toEqual(["/"]);
    expect(errorPaths("policy")).toEqual(["/"]);
  });

  const invalid: { name: string; input: unknown; path: string; message?: RegExp }[] = [
    { name: "version 0", input: edited((p) => (p.version = 0)), path: "/version" },
    { name: "a zero fresh quality window", input: edited((p) => (p.windows.fresh.qualityHours = 0)), path: "/windows/fresh/qualityHours" },
    { name: "a negative no-reason promise", input: edited((p) => (p.windows.fresh.noReasonHours = -2)), path: "/windows/fresh/noReasonHours" },
    { name: "a no-reason window shorter than the law's 7 days", input: edited((p) => (p.windows.standard.noReasonDays = 5)), path: "/windows/standard/noReasonDays", message: /办法第十条/ },
    { name: "a quality window shorter than 7 days", input: edited((p) => (p.windows.standard.qualityDays = 3)), path: "/windows/standard/qualityDays", message: /消法第二十四条/ },
    { name: "a fresh no-reason promise longer than the fresh quality window", input: edited((p) => (p.windows.fresh.noReasonHours = 72)), path: "/windows/fresh/noReasonHours" },
    { name: "a refund due later than the law's 7 days", input: edited((p) => (p.refundDueDays = 10)), path: "/refundDueDays" },
    { name: "a per-case leader limit above the per-day limit", input: edited((p) => (p.leaderLimits = { perCaseFen: 10_000, perDayFen: 5_000 })), path: "/leaderLimits/perCaseFen" },
    { name: "an amount in yuan with decimals", input: edited((p) => (p.autoApproval.smallQuality.maxFen = 29.9)), path: "/autoApproval/smallQuality/maxFen" },
    { name: "an instant refund without a photo", input: edited((p) => (p.autoApproval.smallQuality.minPhotos = 0)), path: "/autoApproval/smallQuality/minPhotos" },
    { name: "an unknown resolution", input: edited((p) => Object.assign(p.problems.damaged, { resolutions: ["refund_only", "teleport"] })), path: "/problems/damaged/resolutions/1" },
    { name: "a problem type left out", input: edited((p) => Reflect.deleteProperty(p.problems, "spoiled")), path: "/problems" },
    { name: "a property nobody reads", input: edited((p) => Object.assign(p, { surprise: true })), path: "/" },
    { name: "a refund for a late delivery", input: edited((p) => (p.problems.late_delivery.resolutions = ["refund_only"])), path: "/problems/late_delivery/resolutions/0" },
    { name: "goods to return without a resolution that returns them", input: edited((p) => (p.problems.damaged.resolutions = ["refund_only"])), path: "/problems/damaged/returnGoods" },
    { name: "a no-reason questionnaire that does not ask about the seal", input: edited((p) => (p.problems.changed_mind.questions = p.problems.changed_mind.questions.filter((q) => q.key !== "sealIntact"))), path: "/problems/changed_mind/questions" },
    { name: "a choice question with one option", input: edited((p) => (p.problems.poor_quality.questions[0]!.options = [{ value: "taste", label: { zh: "口感", en: "taste" } }])), path: "/problems/poor_quality/questions/0/options" },
    { name: "two questions with the same key", input: edited((p) => p.problems.damaged.questions.push({ ...p.problems.damaged.questions[1]! })), path: "/problems/damaged/questions/2/key" },
    { name: "an abuse limit of 0", input: edited((p) => (p.abuse.refundOnlyClaimsLimit = 0)), path: "/abuse/refundOnlyClaimsLimit" },
    { name: "an automatic approval before a person had a chance", input: edited((p) => (p.handling = { autoApproveUnhandledAfterMinutes: 5, autoApproveMaxFen: 5_000 })), path: "/handling/autoApproveUnhandledAfterMinutes" },
    { name: "an automatic approval of up to 0 fen", input: edited((p) => (p.handling = { autoApproveUnhandledAfterMinutes: 60, autoApproveMaxFen: 0 })), path: "/handling/autoApproveMaxFen" },
  ];

  it.each(invalid)("refuses $name, naming the path", ({ input, path, message }) => {
    const result = validatePolicyDocument(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const hit = result.errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(result.errors)).toBeDefined();
    if (message) expect(hit?.message).toMatch(message);
  });
});
