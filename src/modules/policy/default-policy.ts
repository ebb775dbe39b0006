import type { GuidedQuestion, PolicyDocument, ProblemRule } from "./document.js";

const yesNo = (key: string, zh: string, en: string, required = true): GuidedQuestion => ({ key, kind: "boolean", label: { zh, en }, required });

const choice = (key: string, zh: string, en: string, options: [string, string, string][]): GuidedQuestion => ({
  key,
  kind: "choice",
  label: { zh, en },
  required: true,
  options: options.map(([value, optZh, optEn]) => ({ value, label: { zh: optZh, en: optEn } })),
});

const grams = (key: string, zh: string, en: string): GuidedQuestion => ({ key, kind: "number", label: { zh, en }, required: true });

const QUALITY_RESOLUTIONS: ProblemRule["resolutions"] = ["refund_only", "return_refund", "exchange", "reship", "partial_refund"];

/**
 * Version 1: the platform's promises (seed 003: fresh produce 2 h no-reason after pickup,
 * 48 h for quality problems; other goods 7 days) on top of the law's floors.
 */
export const DEFAULT_POLICY: PolicyDocument = {
  version: 1,
  effectiveFrom: "2026-01-01",
  windows: {
    fresh: { noReasonHours: 2, qualityHours: 48 },
    standard: { noReasonDays: 7, qualityDays: 7 },
  },
  problems: {
    not_delivered: {
      evidence: { minPhotos: 0, minDescriptionChars: 0 },
      questions: [],
      resolutions: ["refund_only", "reship"],
      returnGoods: false,
      autoApprove: false,
    },
    missing_items: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [yesNo("checkedWithLeader", "是否已与团长核对过提货清单？", "Did you check the pickup list with the group leader?", false)],
      resolutions: ["refund_only", "reship"],
      returnGoods: false,
      autoApprove: true,
    },
    wrong_item: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [],
      resolutions: ["exchange", "return_refund", "refund_only"],
      returnGoods: true,
      autoApprove: true,
    },
    damaged: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [
        choice("foundWhen", "什么时候发现破损？", "When did you find the damage?", [
          ["at_pickup", "提货时", "at pickup"],
          ["after_opening", "打开包装后", "after opening the package"],
        ]),
        yesNo("packagingDamaged", "外包装是否破损？", "Is the outer packaging damaged?"),
      ],
      resolutions: QUALITY_RESOLUTIONS,
      returnGoods: true,
      autoApprove: true,
    },
    spoiled: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [
        choice("spoiledShare", "变质的大约有多少？", "How much of it is spoiled?", [
          ["some", "少部分", "some"],
          ["half", "一半左右", "about half"],
          ["all", "全部", "all of it"],
        ]),
        yesNo("storedAsInstructed", "提货后是否按要求冷藏/存放？", "Was it stored as instructed after pickup?"),
      ],
      resolutions: ["refund_only", "reship", "partial_refund"],
      returnGoods: false,
      autoApprove: true,
    },
    short_weight: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [
        grams("labelledGrams", "标称重量（克）", "Labelled weight (g)"),
        grams("weighedGrams", "实际称重（克）", "Weighed weight (g)"),
      ],
      resolutions: ["partial_refund", "refund_only", "reship"],
      returnGoods: false,
      autoApprove: true,
    },
    expired: {
      evidence: { minPhotos: 1, minDescriptionChars: 0 },
      questions: [
        choice("expiryState", "收到时商品是？", "When you received it, the goods were", [
          ["past_expiry", "已过保质期", "past their expiry date"],
          ["near_expiry", "临近保质期（购买时未告知）", "near expiry, not stated at purchase"],
        ]),
      ],
      resolutions: ["refund_only", "return_refund", "exchange"],
      returnGoods: false,
      autoApprove: true,
    },
    late_delivery: {
      evidence: { minPhotos: 0, minDescriptionChars: 0 },
      questions: [],
      resolutions: ["compensation"],
      returnGoods: false,
      autoApprove: false,
    },
    foreign_object: {
      // food safety: always seen by a person, and the batch traced
      evidence: { minPhotos: 1, minDescriptionChars: 10 },
      questions: [
        choice("objectKind", "异物是什么？", "What was the foreign object?", [
          ["hair", "毛发", "hair"],
          ["insect", "虫子", "insect"],
          ["plastic", "塑料", "plastic"],
          ["metal", "金属", "metal"],
          ["other", "其他", "other"],
        ]),
        yesNo("eaten", "是否已食用？", "Has any of it been eaten?"),
      ],
      resolutions: ["refund_only", "return_refund", "reship"],
      returnGoods: false,
      autoApprove: false,
    },
    poor_quality: {
      evidence: { minPhotos: 0, minDescriptionChars: 10 },
      questions: [
        choice("aspect", "哪方面不满意？", "What is wrong with it?", [
          ["taste", "口感", "taste"],
          ["freshness", "新鲜度", "freshness"],
          ["size", "个头/规格", "size"],
          ["other", "其他", "other"],
        ]),
      ],
      resolutions: ["partial_refund", "refund_only", "return_refund", "exchange", "compensation"],
      returnGoods: true,
      autoApprove: true,
    },
    changed_mind: {
      evidence: { minPhotos: 0, minDescriptionChars: 0 },
      questions: [
        yesNo("opened", "商品包装是否已拆开？", "Has the package been opened?"),
        yesNo("sealIntact", "一次性密封包装（如食品封口）是否完好？", "Is the one-off seal (e.g. a food seal) intact?"),
      ],
      resolutions: ["return_refund", "exchange"],
      returnGoods: true,
      autoApprove: false,
    },
  },
  autoApproval: {
    notDelivered: { enabled: true, minutesAfterPromised: 30, hoursAfterPlacedWithoutPromise: 48 },
    smallQuality: { enabled: true, maxFen: 3_000, minPhotos: 1 },
    noReasonUnopened: { enabled: true },
  },
  standing: { windowDays: 90, maxRejectedClaims: 2 },
  abuse: { windowDays: 30, refundOnlyClaimsLimit: 3 },
  noReturn: { fresh: true, maxFen: 2_000 },
  partialRefund: { percent: 50 },
  lateDelivery: { graceMinutes: 30, compensation: { kind: "fixed", fen: 500 }, paidAs: "coupon" },
  refundDueDays: 7,
  leaderLimits: { perCaseFen: 5_000, perDayFen: 50_000 },
  // a claim nobody touched in 48 h (twice the 24 h handling promise) is approved, up to ¥50
  handling: { autoApproveUnhandledAfterMinutes: 2_880, autoApproveMaxFen: 5_000 },
};
