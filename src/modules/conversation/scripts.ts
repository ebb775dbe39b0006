import { randomBytes } from "node:crypto";
import type { Db, Queryable } from "../../db/database.js";
import { Problem, invalid, notFound } from "../../http/problem.js";
import { loadCaseView } from "../cases/index.js";
import { loadOrderView } from "../orders/index.js";
import { actorId, roleOf, type Principal } from "../people/index.js";
import { audiencesFor, caseValues, placeholders, previewScript, senderVariables, type RenderResult, type ScriptAudience, type ScriptFacts } from "./model.js";
import { currentScript, insertScript, listScripts, scriptVersions, supersedeScript, type ScriptRow } from "./store.js";

export interface ScriptDeps {
  db: Db;
  clock: () => Date;
}

/** A script as it is written: the fields an edit replaces. */
export interface ScriptInput {
  title: string;
  category: string;
  audience: ScriptAudience;
  body: string;
  active?: boolean;
}

/** A version of a script as the API shows it. */
export function scriptView(s: ScriptRow) {
  return {
    id: s.id,
    version: s.version,
    title: s.title,
    category: s.category,
    audience: s.audience,
    body: s.body,
    active: s.active,
    current: s.superseded_at === null,
    variables: placeholders(s.body),
    needsInput: senderVariables(s.body),
    createdBy: s.created_by,
    createdAt: s.created_at.toISOString(),
  };
}
export type ScriptView = ReturnType<typeof scriptView>;

/**
 * The current scripts, filtered. `audience` asks for the scripts one kind of sender may use
 * (theirs and those for anyone); a leader only ever sees the leaders' scripts. Retired scripts
 * are listed only for those who edit them.
 */
export async function findScripts(db: Queryable, viewer: Principal, f: { category?: string; audience?: ScriptAudience; q?: string; includeInactive?: boolean }) {
  const role = roleOf(viewer);
  let audiences: ScriptAudience[] | undefined = f.audience === undefined ? undefined : f.audience === "any" ? ["any"] : [f.audience, "any"];
  if (role === "leader") audiences = (audiences ?? audiencesFor("leader")).filter((a) => audiencesFor("leader").includes(a));
  const editor = role === "ops_admin" || role === "supervisor";
  const rows = await listScripts(db, {
    ...(f.category ? { categories: [f.category] } : {}),
    ...(audiences ? { audiences } : {}),
    ...(f.q ? { q: f.q } : {}),
    includeInactive: editor && (f.includeInactive ?? false),
  });
  return rows.map(scriptView);
}

/** Every version of a script, newest first; a leader sees only scripts written for leaders or anyone. */
export async function scriptHistory(db: Queryable, id: string, viewer: Principal) {
  const rows = await scriptVersions(db, id);
  const role = roleOf(viewer);
  if (rows.length === 0 || (role === "leader" && !audiencesFor("leader").includes(rows[0]!.audience as ScriptAudience))) throw notFound("reply script", id);
  return rows.map(scriptView);
}

/** A script's fields as kept: title and text trimmed, neither of them blank. */
function written(input: ScriptInput, active: boolean) {
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title || !body) throw invalid("a reply script needs a title and a text");
  return { title, category: input.category, audience: input.audience, body, active: input.active ?? active };
}

/** Writes a new script, version 1. */
export async function createScript(deps: ScriptDeps, input: ScriptInput, by: Principal): Promise<ScriptView> {
  const row = await insertScript(deps.db, {
    id: `rs-${randomBytes(5).toString("hex")}`,
    version: 1,
    ...written(input, true),
    created_by: actorId(by),
    created_at: deps.clock(),
  });
  return scriptView(row);
}

/**
 * Edits a script: the edit becomes the next version and the one it replaces stays for history
 * (messages name the version they were written from). The caller names the version they edited,
 * so two editors cannot silently overwrite each other; an edit that changes nothing is no version.
 */
export async function reviseScript(deps: ScriptDeps, id: string, input: ScriptInput & { version: number }, by: Principal): Promise<ScriptView> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const current = await currentScript(tx, id, true);
    // an edit saved meanwhile by someone else leaves no current row this statement can see
    const latest = current?.version ?? (await scriptVersions(tx, id))[0]?.version;
    if (latest === undefined) throw notFound("reply script", id);
    if (!current || current.version !== input.version)
      throw new Problem(409, "conflict", "Script changed meanwhile", `script ${id} is at version ${latest}, the edit was made to version ${input.version}`, { currentVersion: latest });
    const next = written(input, current.active);
    const unchanged = next.title === current.title && next.category === current.category && next.audience === current.audience && next.body === current.body && next.active === current.active;
    if (unchanged) return scriptView(current);
    await supersedeScript(tx, id, current.version, now);
    const row = await insertScript(tx, { id, version: current.version + 1, ...next, created_by: actorId(by), created_at: now });
    return scriptView(row);
  });
}

/**
 * What a case's variables are made of, read through the cases and orders modules; 404 if the
 * case is outside the viewer's scope. The sender's own name fills {staffName}.
 */
export async function loadScriptFacts(q: Queryable, caseId: string, viewer: Principal): Promise<{ problemType: string; facts: ScriptFacts }> {
  const view = await loadCaseView(q, caseId, { withTimeline: false, viewer });
  const order = await loadOrderView(q, view.orderId);
  return {
    problemType: view.problemType,
    facts: {
      caseId: view.id,
      orderId: view.orderId,
      customerName: view.customer?.name ?? "",
      itemNames: view.items.map((i) => i.name),
      approvedFen: view.approvedFen,
      claimedFen: view.claimedFen,
      stage: view.stage.zh,
      pickupPointName: order?.pickupPoint?.name ?? null,
      returnDueAt: view.returnDueAt ? new Date(view.returnDueAt) : null,
      staffName: viewer.kind === "staff" ? viewer.name : null,
    },
  };
}

/**
 * The scripts that fit a case — those of its problem type first, then the general ones — that the
 * viewer may send, each previewed with the case's values.
 */
export async function scriptsForCase(db: Db, caseId: string, viewer: Principal) {
  const { problemType, facts } = await loadScriptFacts(db, caseId, viewer);
  const values = caseValues(facts);
  const rows = await listScripts(db, { categories: [problemType, "general"], audiences: audiencesFor(roleOf(viewer)) });
  const ordered = [...rows.filter((r) => r.category === problemType), ...rows.filter((r) => r.category !== problemType)];
  return { caseId, problemType, scripts: ordered.map((r) => ({ ...scriptView(r), preview: previewScript(r.body, values) })) };
}

/** The 422 of a script that cannot be filled, naming every variable at fault. */
export function scriptVariablesProblem(r: Extract<RenderResult, { ok: false }>): Problem {
  const parts = [
    r.unknown.length ? `unknown variables (supply them in "variables"): ${r.unknown.join(", ")}` : "",
    r.unavailable.length ? `this case has no value for: ${r.unavailable.join(", ")}` : "",
    r.overridden.length ? `filled from the case, not by the sender: ${r.overridden.join(", ")}` : "",
  ].filter(Boolean);
  return new Problem(422, "script-variables", "Script variables not filled", parts.join("; "), { unknownVariables: r.unknown, unavailableVariables: r.unavailable, overriddenVariables: r.overridden });
}
