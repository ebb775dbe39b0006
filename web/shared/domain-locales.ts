/**
 * The domain's words as staff screens say them (agent desk, workspace, leader): problem types,
 * resolutions, compensation kinds and reject codes, namespace "domain" (`t("domain:problem.spoiled")`).
 * The customer's app words them for customers in its own strings.
 */
export const domainStrings = {
  zh: {
    resolution: { refund_only: "仅退款", return_refund: "退货退款", exchange: "换货", reship: "补发", partial_refund: "部分退款", compensation: "补偿" },
    compensation: { coupon: "优惠券", balance: "余额", points: "积分" },
    rejectCode: {
      outside_window: "超出售后时限",
      excluded_goods: "不支持售后的商品",
      insufficient_evidence: "凭证不足",
      not_as_described: "与描述不符",
      duplicate: "重复申请",
      suspected_abuse: "疑似滥用",
      other: "其他",
    },
    problem: {
      not_delivered: "未收到",
      missing_items: "少件漏发",
      wrong_item: "错发",
      damaged: "破损",
      spoiled: "腐烂变质",
      short_weight: "缺斤少两",
      expired: "临期过期",
      late_delivery: "延迟送达",
      foreign_object: "异物",
      poor_quality: "质量不满意",
      changed_mind: "不想要了",
    },
  },
  en: {
    resolution: { refund_only: "Refund only", return_refund: "Return and refund", exchange: "Exchange", reship: "Reship", partial_refund: "Partial refund", compensation: "Compensation" },
    compensation: { coupon: "Coupon", balance: "Balance", points: "Points" },
    rejectCode: {
      outside_window: "Outside the window",
      excluded_goods: "Goods excluded",
      insufficient_evidence: "Insufficient evidence",
      not_as_described: "Not as described",
      duplicate: "Duplicate",
      suspected_abuse: "Suspected abuse",
      other: "Other",
    },
    problem: {
      not_delivered: "Not delivered",
      missing_items: "Missing items",
      wrong_item: "Wrong item",
      damaged: "Damaged",
      spoiled: "Spoiled",
      short_weight: "Short weight",
      expired: "Expired",
      late_delivery: "Late delivery",
      foreign_object: "Foreign object",
      poor_quality: "Poor quality",
      changed_mind: "Changed mind",
    },
  },
};
