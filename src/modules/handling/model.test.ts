import { describe, expect, it } from "vitest";
import { CASE_STATES, customerStage } from "../cases/index.js";
import { OPEN_CASE_STATES, chooseAgent, chooseSupervisor, handoverRefusal, isEligible, needsAssignment, rankAgents, type Candidate, type CaseNeed } from "./model.js";

const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  skills: [],
  regions: [],
  capacity: 5,
  onDuty: true,
  disabled: false,
  openCases: 0,
  lastAssignedAt: null,
  ...over,
});
const at = (iso: string) => new Date(iso);
const damagedInChangsha: CaseNeed = { problemType: "damaged", city: "长沙" };

describe("isEligible", () => {
  it.each<[string, Partial<Candidate>, CaseNeed, boolean]>([
    ["anyone on duty with room", {}, damagedInChangsha, true],
    ["off duty", { onDuty: false }, damagedInChangsha, false],
    ["disabled", { disabled: true }, damagedInChangsha, false],
    ["skilled in the problem type", { skills: ["damaged", "spoiled"] }, damagedInChangsha, true],
    ["not skilled in it", { skills: ["spoiled"] }, damagedInChangsha, false],
    ["covers the city", { regions: ["长沙", "株洲"] }, damagedInChangsha, true],
    ["covers other cities only", { regions: ["株洲"] }, damagedInChangsha, false],
    ["regions set, the case has no known city", { regions: ["长沙"] }, { problemType: "damaged", city: null }, false],
    ["any region, the case has no known city", {}, { problemType: "damaged", city: null }, true],
    ["one place left", { capacity: 3, openCases: 2 }, damagedInChangsha, true],
    ["at capacity", { capacity: 3, openCases: 3 }, damagedInChangsha, false],
    ["capacity zero", { capacity: 0 }, damagedInChangsha, false],
  ])("%s → %s", (_name, over, need, expected) => {
    expect(isEligible(agent("S-1", over), need)).toBe(expected);
  });
});

describe("chooseAgent", () => {
  it.each<[string, Candidate[], string | null]>([
    ["nobody on duty", [agent("S-1", { onDuty: false })], null],
    ["no candidates at all", [], null],
    ["the lowest load", [agent("S-1", { openCases: 3 }), agent("S-2", { openCases: 1 }), agent("S-3", { openCases: 2 })], "S-2"],
    ["the lowest load among the eligible only", [agent("S-1", { openCases: 0, skills: ["spoiled"] }), agent("S-2", { openCases: 4 })], "S-2"],
    ["a full agent is passed over however light the others' turn", [agent("S-1", { capacity: 1, openCases: 1 }), agent("S-2", { openCases: 4, lastAssignedAt: at("2026-11-20T05:00:00Z") })], "S-2"],
    ["equal load: the one given a case longest ago", [agent("S-1", { lastAssignedAt: at("2026-11-20T05:00:00Z") }), agent("S-2", { lastAssignedAt: at("2026-11-20T04:00:00Z") })], "S-2"],
    ["equal load: one never given a case goes first", [agent("S-1", { lastAssignedAt: at("2026-11-20T04:00:00Z") }), agent("S-2")], "S-2"],
    ["equal load and turn: by id, the same answer every run", [agent("S-2"), agent("S-1")], "S-1"],
  ])("%s", (_name, candidates, expected) => {
    expect(chooseAgent(candidates, damagedInChangsha)?.id ?? null).toBe(expected);
  });

  it("takes turns among equals as the cases come in", () => {
    const pool = [agent("S-1"), agent("S-2"), agent("S-3")];
    const given: string[] = [];
    for (let i = 0; i < 6; i++) {
      const chosen = chooseAgent(pool, damagedInChangsha)!;
      given.push(chosen.id);
      // each case is closed at once: loads stay equal, only the turns move
      chosen.lastAssignedAt = new Date(Date.UTC(2026, 10, 20, 4, i));
    }
    expect(given).toEqual(["S-1", "S-2", "S-3", "S-1", "S-2", "S-3"]);
  });
});

describe("rankAgents", () => {
  it("lists the eligible only, in the order the assigner tries to claim them: load, then turn, then id", () => {
    const pool = [
      agent("S-full", { capacity: 2, openCases: 2 }),
      agent("S-busy", { openCases: 3 }),
      agent("S-late", { openCases: 1, lastAssignedAt: at("2026-11-20T05:00:00Z") }),
      agent("S-off", { onDuty: false }),
      agent("S-early", { openCases: 1, lastAssignedAt: at("2026-11-20T04:00:00Z") }),
      agent("S-idle-b"),
      agent("S-idle-a"),
    ];
    expect(rankAgents(pool, damagedInChangsha).map((c) => c.id)).toEqual(["S-idle-a", "S-idle-b", "S-early", "S-late", "S-busy"]);
  });
});

describe("chooseSupervisor", () => {
  it.each<[string, Candidate[], string | null]>([
    ["none on duty", [agent("S-1", { onDuty: false })], null],
    ["the least loaded", [agent("S-1", { openCases: 9 }), agent("S-2", { openCases: 2 })], "S-2"],
    ["capacity does not hold an escalation back", [agent("S-1", { capacity: 1, openCases: 4 })], "S-1"],
  ])("%s", (_name, candidates, expected) => {
    expect(chooseSupervisor(candidates)?.id ?? null).toBe(expected);
  });
});

describe("needsAssignment", () => {
  it.each<[string, { state: string; owner_id: string | null } | null, { state: string; owner_id: string | null }, boolean]>([
    ["filed straight into review", null, { state: "in_review", owner_id: null }, true],
    ["filed and decided at once", null, { state: "refunding", owner_id: null }, false],
    ["the customer answered a question, nobody owns it", { state: "awaiting_customer", owner_id: null }, { state: "in_review", owner_id: null }, true],
    ["back in review with its owner", { state: "awaiting_customer", owner_id: "S-1" }, { state: "in_review", owner_id: "S-1" }, false],
    ["a note on a case already in review", { state: "in_review", owner_id: null }, { state: "in_review", owner_id: null }, false],
    ["leaving review", { state: "in_review", owner_id: null }, { state: "approved", owner_id: null }, false],
  ])("%s → %s", (_name, before, after, expected) => {
    expect(needsAssignment(before, after)).toBe(expected);
  });
});

describe("handoverRefusal (首问负责)", () => {
  it.each<[string, { staffId: string; role: string }, string | null, boolean]>([
    ["the owner hands over", { staffId: "S-1", role: "agent" }, "S-1", true],
    ["another agent may not", { staffId: "S-2", role: "agent" }, "S-1", false],
    ["an agent may not hand over an unowned case", { staffId: "S-2", role: "agent" }, null, false],
    ["a supervisor may hand over anyone's", { staffId: "S-9", role: "supervisor" }, "S-1", true],
    ["a supervisor may hand over an unowned case", { staffId: "S-9", role: "supervisor" }, null, true],
  ])("%s", (_name, by, owner, allowed) => {
    expect(handoverRefusal(by, owner) === null).toBe(allowed);
  });
});

describe("OPEN_CASE_STATES", () => {
  it("are exactly the states whose customer stage is not finished", () => {
    const open = CASE_STATES.filter((s) => !["已完成", "已关闭"].includes(customerStage(s)));
    expect([...OPEN_CASE_STATES].sort()).toEqual([...open].sort());
  });
});
