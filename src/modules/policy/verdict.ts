import { fen } from "../../shared/money.js";
import type { PolicyDocument } from "./document.js";
import type { Decision, Resolution } from "./model.js";

/** A rule that applied, with its reason for people (zh-CN and en). */
export interface Finding {
  rule: string;
  zh: string;
  en: string;
}

/** A refusal: no money, nothing to send back. */
export function rejection(policy: PolicyDocument, resolution: Resolution, findings: Finding[]): Decision {
  return decision(policy, {
    outcome: "reject",
    resolution,
    approvedFen: fen(0),
    findings,
    returnRequired: false,
    returnShippingPayer: null,
    refundDueDays: null,
    missingEvidence: [],
  });
}

/** Assembles a decision: rule ids deciding first, each rule once, reasons in the same order. */
export function decision(
  policy: PolicyDocument,
  d: Omit<Decision, "rules" | "reason" | "policyVersion"> & { findings: Finding[] },
): Decision {
  const seen = new Set<string>();
  const findings = d.findings.filter((f) => !seen.has(f.rule) && seen.add(f.rule));
  return {
    outcome: d.outcome,
    resolution: d.resolution,
    approvedFen: d.outcome === "reject" ? fen(0) : d.approvedFen,
    rules: findings.map((f) => f.rule),
    reason: { zh: findings.map((f) => f.zh).join(""), en: findings.map((f) => f.en).join(" ") },
    returnRequired: d.returnRequired,
    returnShippingPayer: d.returnShippingPayer,
    refundDueDays: d.refundDueDays,
    missingEvidence: d.missingEvidence,
    policyVersion: policy.version,
  };
}
