import type { Queryable } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, invalid } from "../../http/problem.js";
import { applyEvents, recordCaseActivity, visibleTo, type CaseRow } from "../cases/index.js";
import { actorId, type Principal } from "../people/index.js";
import { assertOpen, assertVisible, lockCaseFor, type HandlingDeps } from "./service.js";
import { linkCases, linksOf } from "./store.js";
import type { CaseLinkKind } from "./tables.js";

/** A link of one case to another, as the API shows it. */
export interface LinkView {
  caseId: string;
  otherCaseId: string;
  kind: CaseLinkKind;
  otherState: string;
  otherProblemType: string;
  sameCustomer: boolean;
  createdBy: string;
  createdAt: string;
}

/** Locks two cases the caller sees, in id order so two requests on the same pair never deadlock. */
async function lockPair(tx: Queryable, a: string, b: string, p: Principal): Promise<[CaseRow, CaseRow]> {
  if (a === b) throw invalid("a case cannot be linked to or merged into itself");
  const [first, second] = a < b ? [a, b] : [b, a];
  const locked = new Map<string, CaseRow>();
  for (const id of [first, second]) locked.set(id, await lockCaseFor(tx, id, p));
  return [locked.get(a)!, locked.get(b)!];
}

/** Links two cases as duplicates or related (e.g. one problem reported twice), on both timelines. */
export async function addLink(deps: HandlingDeps, caseId: string, input: { otherCaseId: string; kind: "duplicate" | "related" }, p: Principal): Promise<LinkView[]> {
  const now = deps.clock();
  const actor = { id: actorId(p) };
  await deps.db.transaction().execute(async (tx) => {
    const [kase, other] = await lockPair(tx, caseId, input.otherCaseId, p);
    await linkCases(tx, kase.id, other.id, { ab: input.kind, ba: input.kind }, actor.id, now);
    const raised = [
      ...(await recordCaseActivity(tx, kase, { type: "linked", actor, data: { otherCaseId: other.id, kind: input.kind } }, now)),
      ...(await recordCaseActivity(tx, other, { type: "linked", actor, data: { otherCaseId: kase.id, kind: input.kind } }, now)),
    ];
    await appendOutbox(tx, [{ topic: "case.linked", aggregate_id: kase.id, payload: { caseId: kase.id, otherCaseId: other.id, kind: input.kind, at: now.toISOString() } }, ...raised]);
  });
  return listLinks(deps, caseId, p);
}

/** The links of a case, to the cases the caller sees. */
export async function listLinks(deps: HandlingDeps, caseId: string, p: Principal): Promise<LinkView[]> {
  await assertVisible(deps.db, caseId, p);
  const owner = await deps.db.selectFrom("cases").select("customer_id").where("id", "=", caseId).executeTakeFirstOrThrow();
  const rows = await linksOf(deps.db, caseId, visibleTo(p));
  return rows.map((r) => ({
    caseId,
    otherCaseId: r.other_case_id,
    kind: r.kind,
    otherState: r.state,
    otherProblemType: r.problem_type,
    sameCustomer: r.customer_id === owner.customer_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Folds a duplicate into the case that survives: both the same customer's and open. The
 * duplicate becomes `merged` through the state machine (its claimed units go back to the order
 * lines), links to the survivor, and both timelines say so.
 */
export async function mergeCase(deps: HandlingDeps, caseId: string, intoCaseId: string, p: Principal): Promise<{ caseId: string; state: string; mergedInto: string }> {
  const now = deps.clock();
  const actor = { id: actorId(p) };
  return deps.db.transaction().execute(async (tx) => {
    const [kase, survivor] = await lockPair(tx, caseId, intoCaseId, p);
    if (kase.customer_id !== survivor.customer_id)
      throw new Problem(422, "merge-refused", "Different customers", "only cases of the same customer can be merged; link them as related instead");
    assertOpen(survivor, "merged into");
    const plan = await applyEvents(tx, kase, [{ type: "merge", into: survivor.id }], actor, now);
    await linkCases(tx, kase.id, survivor.id, { ab: "merged_into", ba: "merged_from" }, actor.id, now);
    await appendOutbox(tx, await recordCaseActivity(tx, survivor, { type: "merged_from", actor, data: { fromCaseId: kase.id } }, now));
    return { caseId: kase.id, state: plan.kase.state, mergedInto: survivor.id };
  });
}
