import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type PolicyDocument } from "../policy/index.js";
import { autoApprovalDue, platformApprovalFen, responseOf, type ResponseFacts } from "./deadlines.js";

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

describe("what counts as a response to the customer", () => {
  const entry = (type: string, actor: string, role: string | null, to_state: string | null = null): ResponseFacts => ({ type, actor, role, to_state });
  it.each<[string, ResponseFacts, "agent" | "leader" | null]>([
    ["an agent's message to the customer", entry("message", "staff:S-1", "agent"), "agent"],
    ["a supervisor's message", entry("message", "staff:S-2", "supervisor"), "agent"],
    ["a leader's message: the leader's response only", entry("message", "staff:S-3", "leader"), "leader"],
    ["the customer's own message", entry("message", "customer:C-1", null), null],
    ["an agent's decision", entry("approve", "staff:S-1", "agent", "approved"), "agent"],
    ["an agent asking for evidence", entry("request_info", "staff:S-1", "agent", "awaiting_customer"), "agent"],
    ["a rejection by a supervisor", entry("reject", "staff:S-2", "supervisor", "rejected"), "agent"],
    ["a leader's approval: the leader's (the case leaves review for everyone anyway)", entry("approve", "staff:S-3", "leader", "approved"), "leader"],
    ["a decision by policy", entry("approve", "system:policy", null, "approved"), null],
    ["the platform's approval of an unhandled claim", entry("approve", "system:timeout", null, "approved"), null],
    ["a case filed by a leader's batch report", entry("submitted", "staff:S-3", "leader", "submitted"), null],
    ["a case filed by an agent's batch report", entry("submitted", "staff:S-1", "agent", "submitted"), null],
    ["a case filed by the customer", entry("submitted", "customer:C-1", null, "submitted"), null],
    ["a warehouse's internal note", entry("note_added", "staff:S-4", "warehouse"), null],
    ["an agent's internal note", entry("note_added", "staff:S-1", "agent"), null],
    ["taking the case", entry("owner_changed", "staff:S-1", "agent"), null],
    ["handing it over", entry("owner_changed", "staff:S-2", "supervisor"), null],
    ["linking a duplicate", entry("linked", "staff:S-1", "agent"), null],
    ["an escalation", entry("escalated", "staff:S-1", "agent"), null],
    ["a leader's batch report on an open case", entry("batch_reported", "staff:S-3", "leader"), null],
    ["a task handed to the warehouse", entry("task_opened", "staff:S-1", "agent"), null],
    ["an SLA breach", entry("sla_breached", "system:sla", null), null],
  ])("%s", (_, e, expected) => {
    expect(responseOf(e)).toBe(expected);
  });
});
