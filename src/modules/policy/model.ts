import type { Fen } from "../../shared/money.js";

/** The problems a customer can report (PRODUCT.md, "Problem types"). */
export const PROBLEM_TYPES = [
  "not_delivered", // 未收到 / 缺货
  "missing_items", // 少件 / 漏发
  "wrong_item", // 错发
  "damaged", // 破损
  "spoiled", // 腐烂变质
  "short_weight", // 缺斤少两
  "expired", // 临期 / 过期
  "late_delivery", // 配送超时
  "foreign_object", // 异物
  "poor_quality", // 品质 / 口感
  "changed_mind", // 七天无理由
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const RESOLUTIONS = ["refund_only", "return_refund", "exchange", "reship", "partial_refund", "compensation"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export type Outcome = "approve" | "review" | "reject";

/** One claimed order line, as policy sees it. */
export interface ClaimItemFacts {
  orderItemId: string;
  sku: string;
  name: string;
  /** units claimed on this case */
  quantity: number;
  /** the paid amount of the claimed units */
  amountFen: Fen;
  fresh: boolean;
  madeToOrder: boolean;
  digital: boolean;
  periodical: boolean;
  nearExpiryConfirmed: boolean;
  defectiveConfirmed: boolean;
  deliveredAt: Date | null;
  pickedUpAt: Date | null;
}

/** The customer's answers to the guided questionnaire (only what the problem type asks). */
export type Answers = Record<string, boolean | number | string>;

export interface CustomerHistory {
  /** refund-only claims (仅退款) the customer filed in the policy's abuse window, this one excluded */
  refundOnlyClaimsInWindow: number;
  /** claims of the customer rejected in the policy's standing window */
  rejectedClaimsInWindow: number;
}

/** Everything a decision depends on: no database, no clock. */
export interface ClaimFacts {
  problemType: ProblemType;
  wantedResolution: Resolution;
  items: ClaimItemFacts[];
  photoCount: number;
  description: string;
  answers: Answers;
  order: { placedAt: Date; promisedAt: Date | null };
  customer: CustomerHistory;
  now: Date;
}

export interface Decision {
  outcome: Outcome;
  /** the resolution granted (or proposed, for review); may differ from the one wanted */
  resolution: Resolution;
  /** what the customer gets back in fen if approved (0 for reject, proposal for review) */
  approvedFen: Fen;
  /** ids of the rules that decided, the deciding rule first */
  rules: string[];
  reason: { zh: string; en: string };
  returnRequired: boolean;
  returnShippingPayer: "customer" | "merchant" | null;
  /** days after the returned goods arrive within which the refund is due (办法第十三条) */
  refundDueDays: number | null;
  /** evidence the problem type needs that the claim lacks */
  missingEvidence: string[];
  policyVersion: number;
}
