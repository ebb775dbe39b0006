/**
 * The words of notifications, in zh-CN. They name the case and its stage and never carry a phone
 * number, an address or the text of a message: the reader opens the case to see more.
 */
import type { NotificationMessage } from "./model.js";

/** 短信签名: operators require the sender's name in brackets at the start of every SMS. */
export const SMS_SIGNATURE = "【安心售后】";

/** The WeChat template message (模板消息) for after-sales progress, and its keyword fields. */
export const WECHAT_PROGRESS_TEMPLATE = "after_sales_progress";

/** What the customer can do next at each stage (seed 004: plain words, one step at a time). */
const STAGE_HINT: Record<string, string> = {
  审核中: "我们会尽快审核并告知结果。",
  待退货: "请按售后单中的指引退回商品。",
  退货中: "收到商品后我们会尽快为您处理。",
  处理中: "处理完成后我们会再通知您。",
  已完成: "感谢您的耐心等待。",
  已关闭: "如有疑问，可在售后单中留言。",
};

/** 您的售后单 AS… 已进入「退货中」，… — by SMS and as a WeChat template message. */
export function stageChangedToCustomer(caseId: string, stage: string): { sms: string; wechat: Extract<NotificationMessage, { kind: "wechat" }> } {
  const hint = STAGE_HINT[stage] ?? "详情请在小程序中查看。";
  const line = `您的售后单 ${caseId} 已进入「${stage}」，${hint}`;
  return {
    sms: `${SMS_SIGNATURE}${line}`,
    wechat: { kind: "wechat", template: WECHAT_PROGRESS_TEMPLATE, fields: { caseId, stage, remark: hint }, text: line },
  };
}

export function staffReplyToCustomer(caseId: string): NotificationMessage {
  const remark = "请打开小程序查看。";
  return { kind: "wechat", template: WECHAT_PROGRESS_TEMPLATE, fields: { caseId, stage: "客服已回复", remark }, text: `您的售后单 ${caseId} 有新的客服回复，${remark}` };
}

export function caseSubmittedToLeader(caseId: string): NotificationMessage {
  const remark = "请及时查看并协助处理。";
  return { kind: "wechat", template: WECHAT_PROGRESS_TEMPLATE, fields: { caseId, stage: "新售后单", remark }, text: `您的自提点有新的售后单 ${caseId}，${remark}` };
}

export function customerMessageToOwner(caseId: string): NotificationMessage {
  return { kind: "email", subject: `客户留言：售后单 ${caseId}`, text: `客户在售后单 ${caseId} 中发来新留言，请及时回复。` };
}

/** SLA clock kinds as supervisors call them. */
const CLOCK_NAME: Record<string, string> = {
  first_response: "首次响应",
  leader_response: "团长响应",
  warehouse_receipt: "仓库确认收货",
  finance_payment: "财务打款",
  resolution: "处理完结",
  task: "部门任务",
};

export function slaWarningToStaff(caseId: string, clockKind: string | null): NotificationMessage {
  const what = (clockKind && CLOCK_NAME[clockKind]) ?? "服务时限";
  return { kind: "email", subject: `【即将超时】售后单 ${caseId}`, text: `售后单 ${caseId} 的${what}即将超时，请尽快处理。` };
}

export function slaBreachedToSupervisor(caseId: string, clockKind: string | null): NotificationMessage {
  const what = (clockKind && CLOCK_NAME[clockKind]) ?? "服务时限";
  return { kind: "email", subject: `【已超时】售后单 ${caseId}`, text: `售后单 ${caseId} 的${what}已超时，请尽快跟进。` };
}

export function escalatedToSupervisor(caseId: string, level: unknown): NotificationMessage {
  const which = typeof level === "number" && Number.isInteger(level) && level > 0 ? `（第 ${level} 级）` : "";
  return { kind: "email", subject: `【已升级】售后单 ${caseId}`, text: `售后单 ${caseId} 已升级${which}，请尽快跟进。` };
}
