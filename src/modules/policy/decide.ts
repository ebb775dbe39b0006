import { fen, formatYuan, type Fen } from "../../shared/money.js";
import type { PolicyDocument } from "./document.js";
import { judgeNoReasonItem, judgeNotDeliveredItem, judgeQualityItem, type ItemJudge } from "./item-rules.js";
import { decideLateDelivery } from "./late-delivery.js";
import type { ClaimFacts, Decision, Outcome, ProblemType, Resolution } from "./model.js";
import { booleanAnswer, missingEvidence } from "./questions.js";
import { amountFor, isRefund, paysWithoutGoodsBack, pickResolution, RESOLUTION_LABEL, settleQualityReturn, sumFen } from "./resolution.js";
import { decision, rejection, type Finding } from "./verdict.js";
import { receivedAt } from "./windows.js";

export { questionsFor, type Questionnaire } from "./questions.js";
export type { Finding } from "./verdict.js";

type ProblemClass = "no_reason" | "quality" | "not_delivered" | "late_delivery";

function classOf(problemType: ProblemType): ProblemClass {
  switch (problemType) {
    case "changed_mind":
      return "no_reason";
    case "not_delivered":
      return "not_delivered";
    case "late_delivery":
      return "late_delivery";
    case "missing_items":
    case "wrong_item":
    case "damaged":
    case "spoiled":
    case "short_weight":
    case "expired":
    case "foreign_object":
    case "poor_quality":
      return "quality";
  }
}

/**
 * Decides a claim from the policy and the facts alone: no clock (facts.now), no I/O, no
 * randomness, so the same claim always gets the same answer and the rule that gave it.
 */
export function decide(policy: PolicyDocument, facts: ClaimFacts): Decision {
  if (facts.items.length === 0)
    return rejection(policy, facts.wantedResolution, [{ rule: "P-NO-ITEMS", zh: "申请未包含任何商品。", en: "The claim names no items." }]);
  const problemClass = classOf(facts.problemType);
  if (problemClass === "late_delivery") return decideLateDelivery(policy, facts);
  return decideItems(policy, facts, problemClass);
}

function judgeFor(problemClass: Exclude<ProblemClass, "late_delivery">, policy: PolicyDocument, facts: ClaimFacts): ItemJudge {
  switch (problemClass) {
    case "no_reason":
      return judgeNoReasonItem(policy, facts);
    case "quality":
      return judgeQualityItem(policy, facts);
    case "not_delivered":
      return judgeNotDeliveredItem(policy, facts);
  }
}

function decideItems(policy: PolicyDocument, facts: ClaimFacts, problemClass: Exclude<ProblemClass, "late_delivery">): Decision {
  const rule = policy.problems[facts.problemType];
  const judge = judgeFor(problemClass, policy, facts);
  const judged = facts.items.map((item) => ({ item, verdict: judge(item) }));
  const rejected = judged.filter((j) => j.verdict.kind === "reject").map((j) => j.verdict.finding);
  const kept = judged.filter((j) => j.verdict.kind !== "reject");
  if (kept.length === 0) return rejection(policy, facts.wantedResolution, rejected);

  const keptItems = kept.map((j) => j.item);
  const itemsTotal = sumFen(keptItems);
  const notes: Finding[] = [];
  const note = (f: Finding | null) => {
    if (f) notes.push(f);
  };

  // changed_mind before receipt: a cancellation, nothing to send back
  const cancellation = problemClass === "no_reason" && keptItems.every((i) => receivedAt(i) === null);
  let resolution: Resolution = "refund_only";
  let returnRequired = false;
  if (!cancellation) {
    const picked = pickResolution(rule.resolutions, facts.wantedResolution);
    note(picked.note);
    resolution = picked.resolution;
    if (problemClass === "quality") {
      const settled = settleQualityReturn(policy, rule, keptItems, resolution);
      note(settled.note);
      resolution = settled.resolution;
      returnRequired = settled.returnRequired;
    } else {
      returnRequired = resolution === "return_refund" || resolution === "exchange";
    }
  }
  const approvedFen = amountFor(policy, facts, resolution, itemsTotal);
  const missing = missingEvidence(policy, facts);
  const windowFindings = kept.filter((j) => j.verdict.kind === "ok").map((j) => j.verdict.finding);
  const itemReview = kept.find((j) => j.verdict.kind === "review")?.verdict.finding;

  let outcome: Outcome = "review";
  let deciding: Finding;
  const autoSupport: Finding[] = [];
  const support: Finding[] = [];
  if (paysWithoutGoodsBack(resolution) && facts.customer.refundOnlyClaimsInWindow >= policy.abuse.refundOnlyClaimsLimit) {
    // abuse trumps every automatic approval: a person looks before money leaves
    deciding = abuseFinding(policy, facts.customer.refundOnlyClaimsInWindow);
  } else if (missing.length > 0) {
    deciding = evidenceFinding(policy, facts, missing);
  } else if (itemReview) {
    deciding = itemReview;
  } else {
    const auto = automatic(policy, facts, problemClass, resolution, itemsTotal, approvedFen, windowFindings);
    if (auto.approved) {
      outcome = "approve";
      autoSupport.push(...auto.support);
    }
    deciding = auto.deciding;
  }

  const payer = !returnRequired ? null : problemClass === "no_reason" ? "customer" : "merchant";
  if (payer === "customer")
    support.push({ rule: "LAW-18-RETURN-SHIPPING", zh: "无理由退货的退回运费由您承担（办法第十八条）。", en: "You pay the return shipping of a no-reason return (Measures art. 18)." });
  if (payer === "merchant")
    support.push({ rule: "LAW-CPL24-SHIPPING", zh: "质量问题退货的运费由商家承担（消法第二十四条）。", en: "The merchant pays the return shipping for a quality problem (Consumer Protection Law art. 24)." });
  const refundDueDays = returnRequired && resolution === "return_refund" ? policy.refundDueDays : null;
  if (refundDueDays !== null)
    support.push({
      rule: "LAW-13-REFUND-DUE",
      zh: `收到退货后${refundDueDays}日内退款（办法第十三条）。`,
      en: `Refunded within ${refundDueDays} days of the return arriving (Measures art. 13).`,
    });

  return decision(policy, {
    outcome,
    resolution,
    approvedFen,
    findings: [deciding, ...autoSupport, ...windowFindings, ...notes, ...support, ...rejected],
    returnRequired,
    returnShippingPayer: payer,
    refundDueDays,
    missingEvidence: missing,
  });
}

/** The automatic approval for the problem class, or the reason a person has to look. */
function automatic(
  policy: PolicyDocument,
  facts: ClaimFacts,
  problemClass: Exclude<ProblemClass, "late_delivery">,
  resolution: Resolution,
  itemsTotal: Fen,
  approvedFen: Fen,
  windowFindings: Finding[],
): { approved: boolean; deciding: Finding; support: Finding[] } {
  const manual = (rule: string, zh: string, en: string) => ({ approved: false, deciding: { rule, zh, en }, support: [] });
  const label = RESOLUTION_LABEL[resolution];
  switch (problemClass) {
    case "not_delivered": {
      const overdue = windowFindings[0];
      if (!policy.autoApproval.notDelivered.enabled || !overdue) return manual("P-ND-REVIEW", "未送达申请由人工审核。", "A person reviews claims of non-delivery.");
      return { approved: true, deciding: overdue, support: [] };
    }
    case "no_reason": {
      const inWindow = windowFindings[0];
      const opened = booleanAnswer(facts.answers, "opened");
      if (opened === true)
        return manual("P-NR-OPENED", "商品已拆封：退回后查验是否完好（办法第八条），由人工审核。", "The goods were opened: checked for intactness once back (Measures art. 8), so a person reviews.");
      if (!policy.autoApproval.noReasonUnopened.enabled || !inWindow) return manual("P-NR-REVIEW", "无理由退货由人工审核。", "A person reviews no-reason returns.");
      const auto: Finding = { rule: "P-AUTO-NO-REASON", zh: `未拆封商品在期内自动同意${label.zh}。`, en: `Unopened goods in the window: ${label.en} approved automatically.` };
      return { approved: true, deciding: inWindow, support: [auto] };
    }
    case "quality": {
      const small = policy.autoApproval.smallQuality;
      const { refundOnlyClaimsInWindow, rejectedClaimsInWindow } = facts.customer;
      const limit = formatYuan(fen(small.maxFen));
      if (!small.enabled || !policy.problems[facts.problemType].autoApprove)
        return manual("P-QUALITY-REVIEW", "此类问题由人工审核。", "A person reviews this kind of problem.");
      if (itemsTotal > small.maxFen)
        return manual("P-QUALITY-REVIEW", `金额${formatYuan(itemsTotal)}超过极速退款上限${limit}，由人工审核。`, `${formatYuan(itemsTotal)} is above the ${limit} instant-refund limit, so a person reviews.`);
      if (facts.photoCount < small.minPhotos)
        return manual("P-QUALITY-REVIEW", `极速退款需至少${small.minPhotos}张照片，由人工审核。`, `An instant refund needs at least ${small.minPhotos} photo(s), so a person reviews.`);
      if (rejectedClaimsInWindow >= policy.standing.maxRejectedClaims || refundOnlyClaimsInWindow >= policy.abuse.refundOnlyClaimsLimit)
        return manual("P-QUALITY-REVIEW", "近期售后记录需人工核实。", "Recent claims history needs a person's look.");
      if (isRefund(resolution) && approvedFen <= 0)
        return manual("P-QUALITY-REVIEW", "退款金额无法确定，由人工审核。", "The refund amount could not be determined, so a person reviews.");
      return {
        approved: true,
        deciding: {
          rule: "P-AUTO-SMALL-QUALITY",
          zh: `极速退款：金额${formatYuan(itemsTotal)}不超过${limit}，有照片，账户信誉良好，自动同意${label.zh}。`,
          en: `Instant refund: ${formatYuan(itemsTotal)} is within ${limit}, with a photo, from a customer in good standing: ${label.en} approved.`,
        },
        support: [],
      };
    }
  }
}

function abuseFinding(policy: PolicyDocument, claims: number): Finding {
  const { windowDays } = policy.abuse;
  return {
    rule: "P-ABUSE-REFUND-ONLY",
    zh: `近${windowDays}天内已有${claims}次仅退款申请，本次转人工审核，不自动退款。`,
    en: `${claims} refund-only claims in the last ${windowDays} days: a person reviews this one, no automatic refund.`,
  };
}

/** Names what is missing in the customer's words: the question's label, not its key. */
function evidenceFinding(policy: PolicyDocument, facts: ClaimFacts, missing: string[]): Finding {
  const questions = policy.problems[facts.problemType].questions;
  const label = (m: string) => questions.find((q) => q.key === m.slice("answer:".length))?.label ?? { zh: m.slice("answer:".length), en: m.slice("answer:".length) };
  const zh = missing.map((m) => (m === "photos" ? "照片" : m === "description" ? "问题描述" : `「${label(m).zh}」的回答`));
  const en = missing.map((m) => (m === "photos" ? "photos" : m === "description" ? "a description" : `an answer to "${label(m).en}"`));
  return { rule: "P-EVIDENCE-MISSING", zh: `还需补充：${zh.join("、")}。`, en: `Still needed: ${en.join(", ")}.` };
}
