import { fen, formatYuan, type Fen } from "../../shared/money.js";
import type { PolicyDocument, ProblemRule } from "./document.js";
import type { Finding } from "./verdict.js";
import type { ClaimFacts, ClaimItemFacts, Resolution } from "./model.js";
import { numberAnswer } from "./questions.js";

export const RESOLUTION_LABEL: Record<Resolution, { zh: string; en: string }> = {
  refund_only: { zh: "仅退款", en: "refund only" },
  return_refund: { zh: "退货退款", en: "return and refund" },
  exchange: { zh: "换货", en: "exchange" },
  reship: { zh: "补发", en: "reship" },
  partial_refund: { zh: "部分退款", en: "partial refund" },
  compensation: { zh: "补偿", en: "compensation" },
};

/** For each wanted resolution, the others from the closest to the furthest. */
const CLOSEST: Record<Resolution, readonly Resolution[]> = {
  refund_only: ["return_refund", "partial_refund", "reship", "exchange", "compensation"],
  return_refund: ["refund_only", "exchange", "partial_refund", "reship", "compensation"],
  exchange: ["reship", "return_refund", "refund_only", "partial_refund", "compensation"],
  reship: ["exchange", "refund_only", "return_refund", "partial_refund", "compensation"],
  partial_refund: ["refund_only", "compensation", "return_refund", "reship", "exchange"],
  compensation: ["partial_refund", "refund_only", "return_refund", "reship", "exchange"],
};

/** Resolutions that pay money and leave the goods with the customer: the ones abuse targets. */
export function paysWithoutGoodsBack(resolution: Resolution): boolean {
  return resolution === "refund_only" || resolution === "partial_refund";
}

/** Resolutions whose amount is money back to the customer. */
export function isRefund(resolution: Resolution): boolean {
  return resolution === "refund_only" || resolution === "return_refund" || resolution === "partial_refund";
}

/** The wanted resolution when the problem type allows it, else the allowed one closest to it. */
export function pickResolution(allowed: readonly Resolution[], wanted: Resolution): { resolution: Resolution; note: Finding | null } {
  if (allowed.includes(wanted)) return { resolution: wanted, note: null };
  const resolution = CLOSEST[wanted].find((r) => allowed.includes(r)) ?? allowed[0] ?? wanted;
  const from = RESOLUTION_LABEL[wanted];
  const to = RESOLUTION_LABEL[resolution];
  return {
    resolution,
    note: {
      rule: "P-RESOLUTION-SUBSTITUTED",
      zh: `此类问题不支持「${from.zh}」，改为「${to.zh}」。`,
      en: `"${from.en}" is not offered for this problem, so it is "${to.en}" instead.`,
    },
  };
}

export function sumFen(items: readonly ClaimItemFacts[]): Fen {
  return fen(items.reduce((sum, item) => sum + item.amountFen, 0));
}

/** Fresh or low-value goods are refunded without being sent back (quality problems only). */
export function returnWaived(policy: PolicyDocument, items: readonly ClaimItemFacts[]): boolean {
  const allFresh = items.length > 0 && items.every((i) => i.fresh);
  return (policy.noReturn.fresh && allFresh) || sumFen(items) <= policy.noReturn.maxFen;
}

/**
 * Whether the goods come back, for a quality problem. A return with the return waived is a
 * refund only; a refund only where the problem type needs the goods back becomes a return.
 */
export function settleQualityReturn(
  policy: PolicyDocument,
  rule: ProblemRule,
  items: readonly ClaimItemFacts[],
  resolution: Resolution,
): { resolution: Resolution; returnRequired: boolean; note: Finding | null } {
  const waived = returnWaived(policy, items);
  const maxFen = formatYuan(fen(policy.noReturn.maxFen));
  const waiver: Finding = {
    rule: "P-NO-RETURN",
    zh: `生鲜或金额不超过${maxFen}的商品无需退回。`,
    en: `Fresh goods and goods up to ${maxFen} need not be sent back.`,
  };
  if (resolution === "return_refund" || resolution === "exchange") {
    if (!waived) return { resolution, returnRequired: true, note: null };
    return { resolution: resolution === "return_refund" ? "refund_only" : "exchange", returnRequired: false, note: waiver };
  }
  if (resolution === "refund_only" && rule.returnGoods) {
    if (waived) return { resolution, returnRequired: false, note: waiver };
    const withReturn = rule.resolutions.includes("return_refund") ? "return_refund" : "exchange";
    return {
      resolution: withReturn,
      returnRequired: true,
      note: {
        rule: "P-RETURN-REQUIRED",
        zh: `此类问题需退回商品，改为「${RESOLUTION_LABEL[withReturn].zh}」。`,
        en: `This problem needs the goods back, so it is "${RESOLUTION_LABEL[withReturn].en}".`,
      },
    };
  }
  return { resolution, returnRequired: false, note: null };
}

/**
 * Money back for a resolution: the items' paid amount for a refund; for a partial refund the
 * measured shortfall (short weight) or the policy's percentage; nothing for goods sent instead.
 */
export function amountFor(policy: PolicyDocument, facts: ClaimFacts, resolution: Resolution, itemsTotal: Fen): Fen {
  switch (resolution) {
    case "refund_only":
    case "return_refund":
      return itemsTotal;
    case "partial_refund":
    case "compensation": {
      const labelled = numberAnswer(facts.answers, "labelledGrams");
      const weighed = numberAnswer(facts.answers, "weighedGrams");
      if (facts.problemType === "short_weight" && labelled !== undefined && weighed !== undefined && labelled > 0) {
        const shortShare = Math.min(1, Math.max(0, (labelled - weighed) / labelled));
        return fen(Math.floor(itemsTotal * shortShare));
      }
      return fen(Math.floor((itemsTotal * policy.partialRefund.percent) / 100));
    }
    case "exchange":
    case "reship":
      return fen(0);
  }
}
