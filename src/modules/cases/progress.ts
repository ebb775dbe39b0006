import type { Resolution } from "../policy/index.js";
import { STAGE_EN, customerStage, type CaseState, type CustomerStage } from "./machine.js";

/*
 * The progress tracker a customer reads (issue 4): the plain stages 审核中 · 待退货 · 退货中 ·
 * 处理中 · 已完成, which of them are done, when each was reached and by when the next is expected.
 * Pure: the case, its timeline and the deadlines of its clocks in, the steps out.
 */

export type ProgressStage = "review" | "awaiting_return" | "returning" | "processing" | "completed" | "closed";
/** `closed`: the case ended here without being completed (turned down, cancelled, merged). */
export type ProgressStatus = "done" | "current" | "upcoming" | "closed";

export interface ProgressStep {
  stage: ProgressStage;
  label: { zh: string; en: string };
  status: ProgressStatus;
  /** when the case entered the stage, where the timeline says */
  reachedAt: string | null;
  /** when the stage is due to end, where the system holds a deadline (a current or upcoming stage only) */
  expectedBy: string | null;
}

/** Only the deadline of a clock: its budget, owner and department are the back office's business. */
export interface ClockDeadline {
  kind: string;
  deadlineAt: Date | null;
  stoppedAt: Date | null;
}

export interface ProgressFacts {
  state: CaseState;
  resolution: Resolution;
  returnRequired: boolean;
  createdAt: Date;
  returnDueAt: Date | null;
  refundDueAt: Date | null;
  /** the case's state changes, oldest first; null when not read */
  timeline: readonly { at: Date; to: string | null }[] | null;
  clocks: readonly ClockDeadline[];
}

const STAGE_OF: Record<Exclude<CustomerStage, "已关闭">, ProgressStage> = { 审核中: "review", 待退货: "awaiting_return", 退货中: "returning", 处理中: "processing", 已完成: "completed" };
const ZH_OF: Record<ProgressStage, CustomerStage> = { review: "审核中", awaiting_return: "待退货", returning: "退货中", processing: "处理中", completed: "已完成", closed: "已关闭" };
const RETURN_STATES: readonly string[] = ["awaiting_return", "return_in_transit", "return_received"];
const ENDED: Partial<Record<CaseState, { zh: string; en: string }>> = {
  rejected: { zh: "未通过", en: "not approved" },
  cancelled: { zh: "已取消", en: "cancelled" },
  merged: { zh: "已合并", en: "merged into another case" },
};

/** Whether the goods come back before the money or the replacement (machine.ts automaticStep). */
function needsReturn(f: ProgressFacts): boolean {
  if (f.returnRequired || f.resolution === "exchange" || f.resolution === "return_refund") return true;
  return RETURN_STATES.includes(f.state) || (f.timeline ?? []).some((e) => e.to !== null && RETURN_STATES.includes(e.to));
}

/** The stage a state belongs to; an approved case that waits for the goods is about to be 待退货. */
function stageOfState(state: string, withReturn: boolean): ProgressStage | null {
  if (state === "approved" && withReturn) return "awaiting_return";
  const zh = customerStage(state as CaseState);
  return zh === "已关闭" ? null : STAGE_OF[zh];
}

const label = (stage: ProgressStage) => ({ zh: ZH_OF[stage], en: STAGE_EN[ZH_OF[stage]] });
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The deadline of the first running clock of these kinds. */
function running(clocks: readonly ClockDeadline[], kinds: readonly string[]): Date | null {
  for (const kind of kinds) {
    const clock = clocks.find((c) => c.kind === kind && c.stoppedAt === null && c.deadlineAt !== null);
    if (clock) return clock.deadlineAt;
  }
  return null;
}

function expectedBy(stage: ProgressStage, f: ProgressFacts): Date | null {
  switch (stage) {
    case "review":
      // seed 002: "handled within 24 h" (paused while the customer is to answer: no time then)
      return running(f.clocks, ["resolution"]);
    case "awaiting_return":
      return f.returnDueAt;
    case "processing":
      // 办法第十三条: the refund's legal due date; otherwise finance's or the handling promise
      return f.refundDueAt ?? running(f.clocks, ["finance_payment", "resolution"]);
    case "returning":
    case "completed":
    case "closed":
      return null;
  }
}

/** The customer's progress steps for a case, oldest stage first. */
export function caseProgress(f: ProgressFacts): ProgressStep[] {
  const withReturn = needsReturn(f);
  const order: ProgressStage[] = ["review", ...(withReturn ? (["awaiting_return", "returning"] as const) : []), "processing", "completed"];
  const changes = (f.timeline ?? []).filter((e): e is { at: Date; to: string } => e.to !== null);

  // when each stage was first entered, in order (a later stage is entered after an earlier one)
  const reached = new Map<ProgressStage, Date>([["review", f.createdAt]]);
  let since = f.createdAt;
  for (const stage of order.slice(1)) {
    const entry = changes.find((e) => e.at >= since && stageOfState(e.to, withReturn) === stage);
    if (!entry) continue;
    reached.set(stage, entry.at);
    since = entry.at;
  }

  const ended = ENDED[f.state];
  const currentStage = ended ? lastStageBefore(changes, withReturn) : (stageOfState(f.state, withReturn) ?? "review");
  const currentIndex = order.indexOf(currentStage);
  const steps: ProgressStep[] = order.map((stage, i) => {
    const status: ProgressStatus = i < currentIndex || (stage === "completed" && i === currentIndex) || (ended && i === currentIndex) ? "done" : i === currentIndex ? "current" : "upcoming";
    return { stage, label: label(stage), status, reachedAt: iso(reached.get(stage)), expectedBy: status === "done" ? null : iso(expectedBy(stage, f)) };
  });
  if (!ended) return steps;
  // a case that ended early says so instead of showing stages it will never reach
  const endedAt = [...changes].reverse().find((e) => e.to === f.state)?.at ?? null;
  return [...steps.slice(0, currentIndex + 1), { stage: "closed", label: ended, status: "closed", reachedAt: iso(endedAt), expectedBy: null }];
}

/** The stage a case was in when it was turned down, cancelled or merged. */
function lastStageBefore(changes: readonly { at: Date; to: string }[], withReturn: boolean): ProgressStage {
  for (let i = changes.length - 1; i >= 0; i--) {
    const stage = stageOfState(changes[i]!.to, withReturn);
    if (stage) return stage;
  }
  return "review";
}
