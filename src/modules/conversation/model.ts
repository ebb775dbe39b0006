/**
 * The conversation on a case and the reply scripts (话术): who may write, how authors are shown,
 * and the script renderer. Pure: no database, no clock.
 */
import { formatYuan, fen } from "../../shared/money.js";
import type { Role } from "../people/index.js";

/** Which side of the conversation a message comes from. */
export type Side = "customer" | "staff";

/** Who takes part in a case's conversation (supplier quality, warehouse and finance do not). */
export const MESSAGE_AUTHORS = ["customer", "leader", "agent", "supervisor"] as const satisfies readonly Role[];
export type MessageAuthorRole = (typeof MESSAGE_AUTHORS)[number];

export const sideOf = (role: MessageAuthorRole): Side => (role === "customer" ? "customer" : "staff");
export const otherSide = (side: Side): Side => (side === "customer" ? "staff" : "customer");

export const MAX_MESSAGE_CHARS = 2000;

/** How an author is shown in the conversation: role and name ("客服 小王"), never a phone number. */
const ROLE_LABEL: Record<MessageAuthorRole, string> = { customer: "顾客", leader: "团长", agent: "客服", supervisor: "客服主管" };

export function authorLabel(role: MessageAuthorRole, name: string): string {
  const label = ROLE_LABEL[role];
  return role === "customer" || !name ? label : `${label} ${name}`;
}

/** The text of a message as kept: trimmed, 1–2000 characters; whitespace alone is no message. */
export function messageText(body: string): { ok: true; text: string } | { ok: false; error: "empty" | "too_long" } {
  const text = body.trim();
  if (!text) return { ok: false, error: "empty" };
  if ([...text].length > MAX_MESSAGE_CHARS) return { ok: false, error: "too_long" };
  return { ok: true, text };
}

/** Who a script is written for: the agents' desk, the leaders at pickup points, or both. */
export const SCRIPT_AUDIENCES = ["agent", "leader", "any"] as const;
export type ScriptAudience = (typeof SCRIPT_AUDIENCES)[number];

/** The audiences of the scripts a role may send; customers send none. */
export function audiencesFor(role: Role): ScriptAudience[] {
  switch (role) {
    case "leader":
      return ["leader", "any"];
    case "agent":
    case "supervisor":
    case "ops_admin":
      return ["agent", "any"];
    default:
      return [];
  }
}

/**
 * The variables a script may use that are filled from the case (and, for staffName, the sender).
 * Anything else in braces must be supplied by the sender when the message is written.
 */
export const CASE_VARIABLES = {
  customerName: "顾客称呼（无则为空）",
  caseId: "售后单号",
  orderId: "订单号",
  itemName: "商品名称（多件时为“某某等N件商品”）",
  amount: "金额（元）：已批准的金额，未批准时为申请金额",
  claimedAmount: "申请金额（元）",
  stage: "进度：审核中/待退货/退货中/处理中/已完成/已关闭",
  pickupPoint: "自提点名称",
  returnDueDate: "退货截止日期（如 11月27日）",
  staffName: "发送人姓名",
} as const;
export type CaseVariable = keyof typeof CASE_VARIABLES;
const isCaseVariable = (name: string): name is CaseVariable => Object.hasOwn(CASE_VARIABLES, name);

/** Values of the case variables for one case; null where the case has none (no pickup point). */
export type CaseValues = Record<CaseVariable, string | null>;

/** What the case variables are computed from. */
export interface ScriptFacts {
  caseId: string;
  orderId: string;
  customerName: string;
  itemNames: string[];
  approvedFen: number;
  claimedFen: number;
  stage: string;
  pickupPointName: string | null;
  returnDueAt: Date | null;
  staffName: string | null;
}

export function caseValues(f: ScriptFacts): CaseValues {
  const [first] = f.itemNames;
  return {
    customerName: f.customerName,
    caseId: f.caseId,
    orderId: f.orderId,
    itemName: first === undefined ? null : f.itemNames.length === 1 ? first : `${first}等${f.itemNames.length}件商品`,
    amount: formatYuan(fen(f.approvedFen > 0 ? f.approvedFen : f.claimedFen)),
    claimedAmount: formatYuan(fen(f.claimedFen)),
    stage: f.stage,
    pickupPoint: f.pickupPointName || null,
    returnDueDate: f.returnDueAt ? chinaDate(f.returnDueAt) : null,
    staffName: f.staffName || null,
  };
}

/** 11月27日: a date as people in China read it (UTC+8, no daylight saving). */
export function chinaDate(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

// {name}: a letter, then letters and digits. Other braces are plain text, so no escaping is needed.
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]{0,39})\}/g;

/** The variables a script uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

/** The variables of a script the sender must supply: those the case cannot fill. */
export const senderVariables = (template: string): string[] => placeholders(template).filter((n) => !isCaseVariable(n));

export type RenderResult =
  | { ok: true; text: string }
  | {
      ok: false;
      /** used by the script, filled neither by the case nor by the sender */
      unknown: string[];
      /** case variables this case has no value for (no pickup point, no return due) */
      unavailable: string[];
      /** case variables the sender tried to set: amounts and ids come from the case only */
      overridden: string[];
    };

/**
 * Fills a script's variables: case variables from the case, the rest from what the sender
 * supplied. A variable filled by neither, or a case value the sender tries to set, is an error
 * listing every such name, so the sender can fix them all at once.
 */
export function renderScript(template: string, values: CaseValues, supplied: Record<string, string> = {}): RenderResult {
  const overridden = Object.keys(supplied).filter(isCaseVariable);
  const unknown: string[] = [];
  const unavailable: string[] = [];
  for (const name of placeholders(template)) {
    if (isCaseVariable(name)) {
      if (values[name] === null) unavailable.push(name);
    } else if (!Object.hasOwn(supplied, name)) unknown.push(name);
  }
  if (unknown.length || unavailable.length || overridden.length) return { ok: false, unknown, unavailable, overridden };
  const text = template.replace(PLACEHOLDER, (_, name: string) => (isCaseVariable(name) ? values[name]! : supplied[name]!));
  return { ok: true, text };
}

/** A script as a preview for one case: what can be filled is, the rest stays as {name}. */
export function previewScript(template: string, values: CaseValues): { text: string; needsInput: string[]; unavailable: string[] } {
  const text = template.replace(PLACEHOLDER, (whole, name: string) => (isCaseVariable(name) ? (values[name] ?? whole) : whole));
  return { text, needsInput: senderVariables(template), unavailable: placeholders(template).filter((n) => isCaseVariable(n) && values[n] === null) };
}

/** A stored message, as the views need it. */
export interface MessageRecord {
  id: number;
  case_id: string;
  author: string;
  author_role: string;
  author_name: string;
  side: Side;
  body: string;
  evidence_ids: string[];
  script_id: string | null;
  script_version: number | null;
  client_message_id: string | null;
  created_at: Date;
}

/** A message as one viewer sees it. */
export interface MessageView {
  id: number;
  caseId: string;
  side: Side;
  author: { role: string; label: string; actor?: string };
  mine: boolean;
  body: string;
  evidenceIds: string[];
  script?: { id: string; version: number } | null;
  clientMessageId?: string | null;
  createdAt: string;
}

/**
 * A customer sees staff as role and name and nothing that identifies them further (no staff id);
 * staff also see who exactly wrote and from which script.
 */
export function messageView(m: MessageRecord, viewer: { actor: string; side: Side }): MessageView {
  const mine = m.author === viewer.actor;
  const role = (MESSAGE_AUTHORS as readonly string[]).includes(m.author_role) ? (m.author_role as MessageAuthorRole) : "agent";
  const view: MessageView = {
    id: m.id,
    caseId: m.case_id,
    side: m.side,
    author: { role: m.author_role, label: authorLabel(role, m.author_name) },
    mine,
    body: m.body,
    evidenceIds: m.evidence_ids,
    createdAt: m.created_at.toISOString(),
  };
  if (viewer.side === "staff") {
    view.author.actor = m.author;
    view.script = m.script_id !== null && m.script_version !== null ? { id: m.script_id, version: m.script_version } : null;
  }
  if (mine) view.clientMessageId = m.client_message_id;
  return view;
}
