import { describe, expect, it } from "vitest";
import type { CaseState } from "./machine.js";
import { caseProgress, type ProgressFacts } from "./progress.js";

const T0 = new Date("2026-11-20T04:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const facts = (over: Partial<ProgressFacts> & { states?: CaseState[] }): ProgressFacts => {
  const states = over.states ?? ["submitted"];
  return {
    state: states[states.length - 1]!,
    resolution: "refund_only",
    returnRequired: false,
    createdAt: T0,
    returnDueAt: null,
    refundDueAt: null,
    timeline: states.map((to, i) => ({ at: at(i), to })),
    clocks: [],
    ...over,
  };
};
const summary = (f: ProgressFacts) => caseProgress(f).map((s) => `${s.stage}:${s.status}`);

describe("the customer's progress tracker", () => {
  it.each([
    ["a claim in review, refund only", facts({ states: ["submitted", "in_review"] }), ["review:current", "processing:upcoming", "completed:upcoming"]],
    ["an instant refund under way", facts({ states: ["submitted", "approved", "refunding"] }), ["review:done", "processing:current", "completed:upcoming"]],
    ["a refunded claim", facts({ states: ["submitted", "approved", "refunding", "refunded"] }), ["review:done", "processing:done", "completed:done"]],
    [
      "a return awaited",
      facts({ resolution: "return_refund", returnRequired: true, states: ["submitted", "approved", "awaiting_return"] }),
      ["review:done", "awaiting_return:current", "returning:upcoming", "processing:upcoming", "completed:upcoming"],
    ],
    [
      "goods on the way back",
      facts({ resolution: "return_refund", returnRequired: true, states: ["submitted", "approved", "awaiting_return", "return_in_transit"] }),
      ["review:done", "awaiting_return:done", "returning:current", "processing:upcoming", "completed:upcoming"],
    ],
    ["a rejected claim ends closed, not completed", facts({ states: ["submitted", "in_review", "rejected"] }), ["review:done", "closed:closed"]],
    [
      "a return never brought back ends cancelled after 待退货",
      facts({ resolution: "return_refund", returnRequired: true, states: ["submitted", "approved", "awaiting_return", "cancelled"] }),
      ["review:done", "awaiting_return:done", "closed:closed"],
    ],
    ["a closed refund is completed", facts({ states: ["submitted", "approved", "refunding", "refunded", "closed"] }), ["review:done", "processing:done", "completed:done"]],
    ["an approved case without its timeline", facts({ state: "approved", timeline: null }), ["review:done", "processing:current", "completed:upcoming"]],
  ])("%s", (_name, f, expected) => {
    expect(summary(f)).toEqual(expected);
  });

  it("says when each stage was reached, and the deadlines of what is still ahead", () => {
    const steps = caseProgress(
      facts({
        resolution: "return_refund",
        returnRequired: true,
        states: ["submitted", "approved", "awaiting_return"],
        returnDueAt: new Date("2026-11-27T04:00:00.000Z"),
        clocks: [{ kind: "resolution", deadlineAt: new Date("2026-11-21T04:00:00.000Z"), stoppedAt: null }],
      }),
    );
    expect(steps[0]).toMatchObject({ label: { zh: "审核中", en: "under review" }, reachedAt: T0.toISOString(), expectedBy: null });
    expect(steps[1]).toMatchObject({ label: { zh: "待退货" }, reachedAt: at(1).toISOString(), expectedBy: "2026-11-27T04:00:00.000Z" });
    expect(steps[3]).toMatchObject({ stage: "processing", reachedAt: null });
  });

  it("expects a review by the resolution clock's deadline, and none while the clock is paused or stopped", () => {
    const deadline = new Date("2026-11-21T04:00:00.000Z");
    expect(caseProgress(facts({ states: ["in_review"], clocks: [{ kind: "resolution", deadlineAt: deadline, stoppedAt: null }] }))[0]!.expectedBy).toBe(deadline.toISOString());
    expect(caseProgress(facts({ states: ["awaiting_customer"], clocks: [{ kind: "resolution", deadlineAt: null, stoppedAt: null }] }))[0]!.expectedBy).toBeNull();
    expect(caseProgress(facts({ states: ["in_review"], clocks: [{ kind: "resolution", deadlineAt: deadline, stoppedAt: at(5) }] }))[0]!.expectedBy).toBeNull();
  });

  it("expects the refund by its legal due date, else by finance's clock", () => {
    const due = new Date("2026-11-27T04:00:00.000Z");
    const finance = new Date("2026-11-20T11:30:00.000Z");
    const clocks = [{ kind: "finance_payment", deadlineAt: finance, stoppedAt: null }];
    expect(caseProgress(facts({ states: ["refunding"], refundDueAt: due, clocks })).find((s) => s.stage === "processing")!.expectedBy).toBe(due.toISOString());
    expect(caseProgress(facts({ states: ["refunding"], clocks })).find((s) => s.stage === "processing")!.expectedBy).toBe(finance.toISOString());
  });

  it("labels a closed end honestly", () => {
    const last = caseProgress(facts({ states: ["submitted", "cancelled"] })).at(-1)!;
    expect(last).toMatchObject({ stage: "closed", status: "closed", label: { zh: "已取消", en: "cancelled" }, reachedAt: at(1).toISOString() });
  });
});
