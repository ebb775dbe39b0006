import type { Db, Queryable } from "../../db/database.js";
import { invalid, notFound } from "../../http/problem.js";
import { type BreachAction, type CalendarName, type Department, type SlaKind } from "./model.js";
import { listPolicies, savePolicy, type PolicyRow } from "./store.js";

/** An SLA policy as the API shows and takes it. */
export interface SlaPolicyView {
  kind: SlaKind;
  department: Department;
  calendar: CalendarName;
  budgetMinutes: number;
  warnFraction: number;
  onBreach: BreachAction;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

export type SlaPolicyChange = Omit<SlaPolicyView, "kind" | "updatedAt" | "updatedBy">;

/** Departments whose breach a supervisor taking the case over can remedy: the case workers'. */
const REASSIGNABLE: readonly Department[] = ["agent", "leader"];

export async function listSlaPolicies(db: Queryable): Promise<SlaPolicyView[]> {
  return (await listPolicies(db)).map(policyView);
}

/**
 * Replaces the terms of one stage. Clocks already running keep the terms they started with; the
 * next clock of the stage uses these. The schema has checked types and ranges; this checks what
 * it cannot say.
 */
export async function updateSlaPolicy(db: Db, kind: SlaKind, change: SlaPolicyChange, by: string, now: Date): Promise<SlaPolicyView> {
  if (change.onBreach === "reassign_supervisor" && !REASSIGNABLE.includes(change.department))
    throw invalid(`a supervisor taking the case over does not remedy a ${change.department} breach; use notify`);
  if (change.budgetMinutes * (1 - change.warnFraction) < 1) throw invalid("the warning must come at least a minute before the deadline");
  const saved = await savePolicy(db, {
    kind,
    department: change.department,
    calendar: change.calendar,
    budget_minutes: change.budgetMinutes,
    warn_fraction: change.warnFraction,
    on_breach: change.onBreach,
    enabled: change.enabled,
    updated_at: now,
    updated_by: by,
  });
  if (!saved) throw notFound("SLA policy", kind);
  return policyView(saved);
}

function policyView(p: PolicyRow): SlaPolicyView {
  return {
    kind: p.kind as SlaKind,
    department: p.department as Department,
    calendar: p.calendar as CalendarName,
    budgetMinutes: p.budget_minutes,
    warnFraction: p.warn_fraction,
    onBreach: p.on_breach as BreachAction,
    enabled: p.enabled,
    updatedAt: p.updated_at.toISOString(),
    updatedBy: p.updated_by,
  };
}
