import type { Db, Queryable } from "../../db/database.js";
import { once, requestHash, type StoredResponse } from "../../db/idempotency.js";
import { appendOutbox } from "../../db/outbox.js";
import { Problem, forbidden, invalid, notFound } from "../../http/problem.js";
import { linkCaseEvidence, lockVisibleCase, recordCaseActivity, takeOwnership, type CaseRow } from "../cases/index.js";
import { CASE_WORKERS, actorId, roleOf, type Principal } from "../people/index.js";
import { MESSAGE_AUTHORS, audiencesFor, caseValues, messageText, messageView, renderScript, sideOf, type MessageAuthorRole, type MessageView, type Side } from "./model.js";
import { loadScriptFacts, scriptVariablesProblem } from "./scripts.js";
import { caseIsVisible, currentScript, insertMessage, listMessages, markRead, ownedEvidence, readState } from "./store.js";

export interface ConversationDeps {
  db: Db;
  clock: () => Date;
}

/** A message as sent: its own text, or a reply script with the values the case cannot supply. */
export interface MessageInput {
  body?: string;
  scriptId?: string;
  variables?: Record<string, string>;
  evidenceIds?: string[];
  clientMessageId?: string;
}

function authorOf(p: Principal): { role: MessageAuthorRole; side: Side; actor: string } {
  const role = roleOf(p);
  if (!(MESSAGE_AUTHORS as readonly string[]).includes(role)) throw forbidden(`a ${role} does not take part in case conversations`);
  const author = role as MessageAuthorRole;
  return { role: author, side: sideOf(author), actor: actorId(p) };
}

/**
 * Writes a message on a case in one transaction: the message, a timeline entry (without the
 * text) that also lets SLA clocks see a staff reply, and `message.posted` for the dispatcher. A
 * retry with the same Idempotency-Key or clientMessageId answers the first message and writes
 * nothing. The first agent or supervisor to answer an unowned case owns it (首问负责制).
 */
export async function postMessage(deps: ConversationDeps, caseId: string, by: Principal, input: MessageInput, idempotencyKey?: string): Promise<StoredResponse<MessageView>> {
  const author = authorOf(by);
  if ((input.body === undefined) === (input.scriptId === undefined)) throw invalid("send either body (your own words) or scriptId (a reply script), not both");
  if (input.variables && input.scriptId === undefined) throw invalid("variables fill a reply script: send scriptId with them");
  if (input.scriptId !== undefined && author.side === "customer") throw forbidden("reply scripts are sent by staff");
  if (input.evidenceIds?.length && author.side !== "customer") throw invalid("photos are attached by the customer; staff refer to them by id in the text");
  const key = idempotencyKey ?? input.clientMessageId;
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const kase = await lockVisibleCase(tx, caseId, by);
    if (!kase) throw notFound("case", caseId);
    const write = () => writeMessage(tx, kase, by, author, input, now);
    if (key === undefined) return { ...(await write()), replayed: false };
    return once(tx, `message:${kase.id}:${author.actor}`, key, requestHash(input), write);
  });
}

async function writeMessage(tx: Queryable, kase: CaseRow, by: Principal, author: ReturnType<typeof authorOf>, input: MessageInput, now: Date) {
  if (kase.state === "merged")
    throw new Problem(409, "conflict", "Case merged", `case ${kase.id} was merged into ${kase.merged_into ?? "another case"}; write there`, { mergedInto: kase.merged_into });
  let body = input.body ?? "";
  let script: { id: string; version: number } | null = null;
  if (input.scriptId !== undefined) {
    const s = await currentScript(tx, input.scriptId);
    if (!s || !s.active) throw notFound("reply script", input.scriptId);
    if (!audiencesFor(author.role).includes(s.audience)) throw forbidden(`reply script ${s.id} is written for ${s.audience === "leader" ? "leaders" : "agents"}`);
    const { facts } = await loadScriptFacts(tx, kase.id, by);
    const rendered = renderScript(s.body, caseValues(facts), input.variables);
    if (!rendered.ok) throw scriptVariablesProblem(rendered);
    body = rendered.text;
    script = { id: s.id, version: s.version };
  }
  const text = messageText(body);
  if (!text.ok) throw invalid(text.error === "empty" ? "a message needs some text" : "a message has at most 2000 characters");
  const evidenceIds = [...new Set(input.evidenceIds ?? [])].sort();
  if ((await ownedEvidence(tx, kase.customer_id, evidenceIds)) !== evidenceIds.length)
    throw new Problem(422, "evidence-invalid", "Unknown evidence", "every evidence id must be a photo you uploaded");

  const row = await insertMessage(tx, {
    case_id: kase.id,
    author: author.actor,
    author_role: author.role,
    author_name: by.kind === "staff" ? by.name : "",
    side: author.side,
    body: text.text,
    evidence_ids: evidenceIds,
    script_id: script?.id ?? null,
    script_version: script?.version ?? null,
    client_message_id: input.clientMessageId ?? null,
    created_at: now,
  });
  // photos sent in the conversation are the case's evidence too: whoever sees the case sees them
  await linkCaseEvidence(tx, kase.id, evidenceIds);
  // whoever writes has read what came before
  await markRead(tx, kase.id, author.side, row.id, now);
  const actor = { id: author.actor };
  const followed = await recordCaseActivity(
    tx,
    kase,
    {
      type: "message",
      actor,
      data: { messageId: row.id, side: author.side, authorRole: author.role, ...(script ? { scriptId: script.id, scriptVersion: script.version } : {}), ...(evidenceIds.length ? { evidenceIds } : {}) },
    },
    now,
  );
  if (by.kind === "staff" && (CASE_WORKERS as readonly string[]).includes(by.role) && !kase.owner_id) await takeOwnership(tx, kase, by.staffId, actor, now, { via: "message" });
  await appendOutbox(tx, [
    { topic: "message.posted", aggregate_id: kase.id, payload: { caseId: kase.id, customerId: kase.customer_id, messageId: row.id, authorRole: author.role, at: now.toISOString() } },
    ...followed,
  ]);
  return { status: 201, body: messageView(row, author) };
}

/** A page of a case's conversation, oldest first, with what this viewer's side has not read. */
export async function readConversation(deps: ConversationDeps, caseId: string, by: Principal, page: { after?: number; before?: number; limit: number }) {
  const author = authorOf(by);
  if (page.after !== undefined && page.before !== undefined) throw invalid("page with after or before, not both");
  if (!(await caseIsVisible(deps.db, caseId, by))) throw notFound("case", caseId);
  const rows = await listMessages(deps.db, caseId, { ...page, limit: page.limit + 1 });
  // one more than asked tells whether there is more; paging back drops the oldest, forward the newest
  const hasMore = rows.length > page.limit;
  const shown = hasMore ? (page.before !== undefined ? rows.slice(1) : rows.slice(0, page.limit)) : rows;
  const state = await readState(deps.db, caseId, author.side);
  return {
    messages: shown.map((m) => messageView(m, author)),
    hasMore,
    unreadForMe: state.unread,
    readUpTo: state.readUpTo,
    otherSideReadUpTo: state.otherSideReadUpTo,
  };
}

/** Marks the conversation read up to a message for the viewer's side (staff share one marker). */
export async function markConversationRead(deps: ConversationDeps, caseId: string, by: Principal, upToId: number) {
  const author = authorOf(by);
  if (!(await caseIsVisible(deps.db, caseId, by))) throw notFound("case", caseId);
  await markRead(deps.db, caseId, author.side, upToId, deps.clock());
  const state = await readState(deps.db, caseId, author.side);
  return { unreadForMe: state.unread, readUpTo: state.readUpTo, otherSideReadUpTo: state.otherSideReadUpTo };
}
