import { fen, formatYuan, type Fen } from "../../shared/money.js";
import type { PolicyDocument } from "./document.js";
import type { ClaimFacts, Decision } from "./model.js";
import { pickResolution, sumFen } from "./resolution.js";
import { decision, rejection, type Finding } from "./verdict.js";
import { addMinutes, formatChinaTime } from "./windows.js";

const PAID_AS = {
  coupon: { zh: "优惠券", en: "coupon" },
  balance: { zh: "余额", en: "balance credit" },
  points: { zh: "积分", en: "points" },
} as const;

/**
 * The compensation for a late delivery: a fixed amount, or a capped share of the items; never more
 * than the claimed items cost (a case grants at most what it claims).
 */
export function lateCompensationFen(policy: PolicyDocument, itemsTotal: Fen): Fen {
  const c = policy.lateDelivery.compensation;
  const amount = c.kind === "fixed" ? c.fen : Math.min(c.capFen, Math.floor((itemsTotal * c.percent) / 100));
  return fen(Math.min(amount, itemsTotal));
}

/**
 * 配送超时: judged on the latest arrival of the claimed items against the order's promised
 * time plus the grace. Items that never arrived are a non-delivery claim for a person.
 */
export function decideLateDelivery(policy: PolicyDocument, facts: ClaimFacts): Decision {
  const picked = pickResolution(policy.problems.late_delivery.resolutions, facts.wantedResolution);
  const notes: Finding[] = picked.note ? [picked.note] : [];
  const promisedAt = facts.order.promisedAt;
  if (promisedAt === null)
    return rejection(policy, picked.resolution, [
      { rule: "P-LATE-NO-PROMISE", zh: "订单没有承诺送达时间，无法认定超时。", en: "The order carries no promised delivery time, so it cannot be late." },
    ]);

  const missing = facts.items.filter((i) => (i.deliveredAt ?? i.pickedUpAt) === null);
  if (missing.length > 0)
    return decision(policy, {
      outcome: "review",
      resolution: "refund_only",
      approvedFen: sumFen(missing),
      findings: [
        {
          rule: "P-LATE-NOT-DELIVERED",
          zh: `「${missing.map((i) => i.name).join("、")}」尚未送达：按未收到处理，由人工审核。`,
          en: `${missing.map((i) => `"${i.name}"`).join(", ")} not delivered yet: handled as not delivered, a person reviews.`,
        },
      ],
      returnRequired: false,
      returnShippingPayer: null,
      refundDueDays: null,
      missingEvidence: [],
    });

  const arrived = new Date(Math.max(...facts.items.map((i) => (i.deliveredAt ?? i.pickedUpAt ?? facts.now).getTime())));
  const { graceMinutes, paidAs } = policy.lateDelivery;
  const deadline = addMinutes(promisedAt, graceMinutes);
  const times = { arrived: formatChinaTime(arrived), promised: formatChinaTime(promisedAt) };
  if (arrived <= deadline)
    return rejection(policy, picked.resolution, [
      {
        rule: "P-LATE-ON-TIME",
        zh: `于 ${times.arrived} 送达，未超过承诺时间 ${times.promised}（含${graceMinutes}分钟宽限）。`,
        en: `Arrived at ${times.arrived}, within the promised ${times.promised} China time (with ${graceMinutes} min grace).`,
      },
    ]);

  const amount = lateCompensationFen(policy, sumFen(facts.items));
  const as = PAID_AS[paidAs];
  return decision(policy, {
    outcome: "approve",
    resolution: "compensation",
    approvedFen: amount,
    findings: [
      {
        rule: "P-LATE-COMPENSATION",
        zh: `承诺 ${times.promised} 送达，实际 ${times.arrived} 送达，超时补偿${formatYuan(amount)}${as.zh}。`,
        en: `Promised by ${times.promised}, arrived at ${times.arrived} China time: ${formatYuan(amount)} ${as.en} as compensation.`,
      },
      ...notes,
    ],
    returnRequired: false,
    returnShippingPayer: null,
    refundDueDays: null,
    missingEvidence: [],
  });
}
