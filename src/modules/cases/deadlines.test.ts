import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type PolicyDocument } from "../policy/index.js";
import { autoApprovalDue, platformApprovalFen } from "./deadlines.js";

const now = new Date("2026-03-02T02:00:00.000Z");
const policy = (handling: PolicyDocument["handling"]): PolicyDocument => ({ ...DEFAULT_POLICY, handling });
const kase = (claimed_fen: number, decision: Record<string, unknown> = {}) => ({ claimed_fen, decision: { approvedFen: 0, rules: ["P-EVIDENCE-MISSING"], ...decision } });
const on = { autoApproveUnhandledAfterMinutes: 2_880, autoApproveMaxFen: 5_000 };

describe("when the platform approves a claim nobody handled", () => {
  it.each([
    ["after the policy's minutes, within its amount", policy(on), kase(1_990), new Date(now.getTime() + 2_880 * 60_000)],
    ["at the limit itself", policy(on), kase(5_000), new Date(now.getTime() + 2_880 * 60_000)],
    ["never above the limit", policy(on), kase(5_001), null],
    ["by policy's proposal when it made one (a partial refund within the limit)", policy(on), kase(9_000, { approvedFen: 1_500 }), new Date(now.getTime() + 2_880 * 60_000)],
    ["never for a customer flagged for abuse", policy(on), kase(1_990, { rules: ["P-ABUSE-REFUND-ONLY"] }), null],
    ["never when the policy says null", policy({ ...on, autoApproveUnhandledAfterMinutes: null }), kase(1_990), null],
    ["never under a policy published before the section existed", policy(undefined), kase(1_990), null],
  ] as const)("%s", (_, p, k, due) => {
    expect(autoApprovalDue(p, k, now)).toEqual(due);
  });

  it.each([
    ["what was claimed when policy proposed nothing", kase(1_990), 1_990],
    ["policy's proposal", kase(9_000, { approvedFen: 1_500 }), 1_500],
    ["never more than was claimed", kase(1_000, { approvedFen: 1_500 }), 1_000],
  ] as const)("grants %s", (_, k, fen) => {
    expect(platformApprovalFen(k)).toBe(fen);
  });
});
