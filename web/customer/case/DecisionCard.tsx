import { Card, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import { yuan } from "../../shared/format";
import type { Decision } from "../queries";

const OUTCOME_COLOR = { approve: "success", review: "warning", reject: "danger" } as const;

/** The policy's decision: outcome, amount, the rule that made it and what happens next. */
export function DecisionCard({ decision, highlight }: { decision: Decision; highlight: boolean }) {
  const { t } = useTranslation("customer");
  const bilingual = useBilingual();
  // "photos", "description", or "answer:<question key>" (policy/questions.ts missingEvidence)
  const missingText = (what: string) => (what === "photos" || what === "description" ? t(`decision.missing.${what}`) : t("decision.missing.answer"));
  const next: string[] = [];
  if (decision.outcome === "approve") {
    next.push(decision.returnRequired ? t("decision.returnRequired") : t("decision.noReturn"));
    if (decision.returnRequired && decision.returnShippingPayer) next.push(t(decision.returnShippingPayer === "customer" ? "decision.shippingCustomer" : "decision.shippingMerchant"));
    if (decision.refundDueDays !== null) next.push(t("decision.refundDays", { n: decision.refundDueDays }));
  }
  if (decision.outcome === "review") next.push(t("decision.reviewNext"));
  if (decision.missingEvidence.length) next.push(t("decision.missingEvidence", { what: decision.missingEvidence.map(missingText).join(", ") }));
  return (
    <Card
      data-testid="decision"
      style={{ margin: 12, border: highlight ? "1px solid var(--adm-color-primary)" : undefined }}
      title={
        <span>
          {t("decision.title")}{" "}
          <Tag color={OUTCOME_COLOR[decision.outcome]} data-testid="decision-outcome">
            {t(`decision.${decision.outcome}`)}
          </Tag>
        </span>
      }
      extra={decision.outcome === "approve" ? <strong data-testid="decision-amount">{yuan(decision.approvedFen)}</strong> : null}
    >
      <div style={{ fontSize: 14, lineHeight: 1.6 }}>
        <div>
          <span style={{ color: "#999" }}>{t("decision.rule")}：</span>
          <span data-testid="decision-reason">{bilingual(decision.reason)}</span>
        </div>
        {decision.rules.length > 0 && (
          <div style={{ color: "#999", fontSize: 12, wordBreak: "break-all" }} data-testid="decision-rules">
            {t("decision.rules")}：{decision.rules.join(" · ")}
          </div>
        )}
        {next.length > 0 && (
          <div style={{ marginTop: 8 }} data-testid="decision-next">
            <div style={{ color: "#999" }}>{t("decision.next")}</div>
            <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
              {next.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
