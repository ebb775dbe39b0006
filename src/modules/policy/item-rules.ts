import type { PolicyDocument } from "./document.js";
import type { ClaimFacts, ClaimItemFacts } from "./model.js";
import { booleanAnswer } from "./questions.js";
import type { Finding } from "./verdict.js";
import { addHours, addMinutes, dayCountWindowEnd, formatChinaDayEnd, formatChinaTime, receivedAt } from "./windows.js";

/** How one claimed item fares under the rules of its problem type. */
export type ItemVerdict = { kind: "ok" | "review" | "reject"; finding: Finding };

export type ItemJudge = (item: ClaimItemFacts) => ItemVerdict;

const ok = (rule: string, zh: string, en: string): ItemVerdict => ({ kind: "ok", finding: { rule, zh, en } });
const review = (rule: string, zh: string, en: string): ItemVerdict => ({ kind: "review", finding: { rule, zh, en } });
const reject = (rule: string, zh: string, en: string): ItemVerdict => ({ kind: "reject", finding: { rule, zh, en } });

/**
 * 七日无理由退货 (changed_mind). Exclusions first, then the window. A claim before receipt
 * goes to a person as a cancellation: the law's period has not even started, so the
 * customer may change their mind, but the goods must be stopped at the pickup point.
 */
export function judgeNoReasonItem(policy: PolicyDocument, facts: ClaimFacts): ItemJudge {
  const opened = booleanAnswer(facts.answers, "opened");
  const sealIntact = booleanAnswer(facts.answers, "sealIntact");
  return (item) => {
    const n = item.name;
    // 办法第六条: excluded whatever the customer answers
    if (item.madeToOrder)
      return reject("LAW-6-MADE-TO-ORDER", `「${n}」为定作商品，不适用七日无理由退货（办法第六条）。`, `"${n}" was made to order: no 7-day no-reason return (Measures art. 6).`);
    if (item.periodical)
      return reject("LAW-6-PERIODICAL", `「${n}」为报纸、期刊，不适用七日无理由退货（办法第六条）。`, `"${n}" is a newspaper or periodical: no 7-day no-reason return (Measures art. 6).`);
    if (item.digital && opened === true)
      return reject("LAW-6-DIGITAL-OPENED", `「${n}」为已拆封的数字化商品，不适用七日无理由退货（办法第六条）。`, `"${n}" is opened digital goods: no 7-day no-reason return (Measures art. 6).`);
    // 办法第七条: excluded only when the buyer confirmed it at purchase; otherwise it must be accepted
    if (item.nearExpiryConfirmed)
      return reject("LAW-7-NEAR-EXPIRY", `「${n}」购买时已确认为临期商品，不适用七日无理由退货（办法第七条）。`, `"${n}" was bought as near-expiry, confirmed at purchase: no no-reason return (Measures art. 7).`);
    if (item.defectiveConfirmed)
      return reject("LAW-7-DEFECTIVE", `「${n}」购买时已确认为瑕疵商品，不适用七日无理由退货（办法第七条）。`, `"${n}" was bought with a stated defect, confirmed at purchase: no no-reason return (Measures art. 7).`);
    // 办法第八条、第九条: opening to inspect is fine, a broken one-off seal is not
    if (sealIntact === false)
      return reject("LAW-8-NOT-INTACT", `「${n}」的一次性密封包装已损坏，商品不再完好（办法第八条、第九条）。`, `The one-off seal of "${n}" is broken, so it is no longer intact (Measures arts. 8, 9).`);

    const receipt = receivedAt(item);
    if (item.fresh) {
      const hours = policy.windows.fresh.noReasonHours;
      if (hours === null)
        return reject("LAW-6-FRESH", `「${n}」为鲜活易腐商品，不适用七日无理由退货（办法第六条）。`, `"${n}" is fresh, perishable produce: no 7-day no-reason return (Measures art. 6).`);
      if (receipt === null) return notReceived(n);
      const end = addHours(receipt, hours);
      if (facts.now <= end)
        return ok("P-FRESH-NR-WINDOW", `生鲜商品提货后${hours}小时内可无理由退货（平台承诺，截至 ${formatChinaTime(end)}）。`, `Fresh produce may be returned without reason within ${hours} h of pickup (platform promise, until ${formatChinaTime(end)} China time).`);
      return reject(
        "LAW-6-FRESH",
        `已超过提货后${hours}小时的平台承诺（截至 ${formatChinaTime(end)}）；「${n}」为鲜活易腐商品，不适用七日无理由退货（办法第六条）。`,
        `The platform's ${hours} h promise ended at ${formatChinaTime(end)} China time; "${n}" is fresh, perishable produce, excluded from 7-day no-reason return (Measures art. 6).`,
      );
    }
    if (receipt === null) return notReceived(n);
    const days = policy.windows.standard.noReasonDays;
    const end = dayCountWindowEnd(receipt, days);
    const day = formatChinaDayEnd(end);
    if (facts.now < end)
      return ok("LAW-10-WINDOW", `在${days}天无理由退货期内（自签收次日起算，至 ${day}，办法第十条）。`, `Within the ${days}-day no-reason period (from the day after receipt, until ${day} China time; Measures art. 10).`);
    return reject("LAW-10-WINDOW", `${days}天无理由退货期已于 ${day} 结束（自签收次日起算，办法第十条）。`, `The ${days}-day no-reason period ended at ${day} China time (counted from the day after receipt; Measures art. 10).`);
  };
}

function notReceived(name: string): ItemVerdict {
  return review("P-NR-NOT-RECEIVED", `「${name}」尚未签收：按取消处理，由客服拦截商品后退款。`, `"${name}" has not been received yet: handled as a cancellation, refunded once the goods are stopped.`);
}

/**
 * Quality problems (消法第二十四条), fresh produce included: 鲜活易腐 only excludes the
 * no-reason return (rules R1, R8). After the 7 days a return needs the legal grounds to
 * rescind, else exchange or repair: a person decides, the claim is not refused outright.
 */
export function judgeQualityItem(policy: PolicyDocument, facts: ClaimFacts): ItemJudge {
  return (item) => {
    const n = item.name;
    const receipt = receivedAt(item);
    if (receipt === null)
      return review("P-NOT-RECEIVED", `系统未记录「${n}」的送达或提货，转人工核实。`, `No delivery or pickup is recorded for "${n}": a person checks.`);
    if (item.fresh) {
      const hours = policy.windows.fresh.qualityHours;
      const end = addHours(receipt, hours);
      if (facts.now <= end)
        return ok("P-FRESH-QUALITY-WINDOW", `生鲜商品质量问题在提货后${hours}小时内受理（至 ${formatChinaTime(end)}）。`, `Quality problems with fresh produce are accepted within ${hours} h of pickup (until ${formatChinaTime(end)} China time).`);
      return reject("P-FRESH-QUALITY-WINDOW", `生鲜商品质量问题需在提货后${hours}小时内申请，已于 ${formatChinaTime(end)} 截止。`, `Quality problems with fresh produce must be reported within ${hours} h of pickup; that ended at ${formatChinaTime(end)} China time.`);
    }
    const days = policy.windows.standard.qualityDays;
    const end = dayCountWindowEnd(receipt, days);
    const day = formatChinaDayEnd(end);
    if (facts.now < end)
      return ok("LAW-CPL24-WINDOW", `质量问题在收货后${days}日内可退货（至 ${day}，消法第二十四条）。`, `Quality problems may be returned within ${days} days of receipt (until ${day} China time; Consumer Protection Law art. 24).`);
    return review(
      "LAW-CPL24-AFTER-WINDOW",
      `已超过收货后${days}日（${day}）：符合法定解除合同条件的仍可退货，否则可要求更换、修理（消法第二十四条），转人工处理。`,
      `More than ${days} days since receipt (${day}): a return needs legal grounds to rescind, otherwise exchange or repair (Consumer Protection Law art. 24); a person decides.`,
    );
  };
}

/** When a never-delivered item counts as overdue. */
export function notDeliveredDueAt(policy: PolicyDocument, facts: ClaimFacts): Date {
  const { minutesAfterPromised, hoursAfterPlacedWithoutPromise } = policy.autoApproval.notDelivered;
  const { promisedAt, placedAt } = facts.order;
  return promisedAt ? addMinutes(promisedAt, minutesAfterPromised) : addHours(placedAt, hoursAfterPlacedWithoutPromise);
}

/** 未收到 / 缺货: overdue and never delivered is refunded; a recorded delivery needs a person. */
export function judgeNotDeliveredItem(policy: PolicyDocument, facts: ClaimFacts): ItemJudge {
  const due = notDeliveredDueAt(policy, facts);
  const dueText = formatChinaTime(due);
  return (item) => {
    const n = item.name;
    const receipt = receivedAt(item);
    if (receipt !== null)
      return review("P-ND-DELIVERY-RECORDED", `系统记录「${n}」已于 ${formatChinaTime(receipt)} 送达或提货，转人工核实。`, `"${n}" is recorded as delivered or picked up at ${formatChinaTime(receipt)} China time: a person checks.`);
    if (facts.now < due)
      return reject("P-ND-NOT-DUE", `「${n}」尚未到期送达，请等到 ${dueText} 之后仍未收到再申请。`, `"${n}" is not due yet: wait until ${dueText} China time and claim again if it has not arrived.`);
    return ok("P-ND-OVERDUE", `「${n}」超过送达期限（${dueText}）仍未送达。`, `"${n}" was due by ${dueText} China time and never delivered.`);
  };
}
