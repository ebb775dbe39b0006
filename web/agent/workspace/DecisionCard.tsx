import { Alert, Card, Descriptions, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import { yuan } from "../../shared/format";
import type { CaseView } from "./queries";
import { useQuestions } from "./useQuestions";

const OUTCOME_COLOUR = { approve: "success", review: "warning", reject: "error" } as const;

/** What policy decided and why, with the rules that fired: the agent confirms or overrides it. */
export function DecisionCard({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("workspace");
  const bilingual = useBilingual();
  const d = kase.decision;
  const answers = Object.entries(kase.answers);
  const questions = useQuestions(kase.problemType);
  const questionOf = (key: string) => bilingual(questions?.get(key)?.label) || key;
  const answerText = (key: string, v: boolean | number | string) => {
    if (typeof v === "boolean") return t(v ? "yes" : "no");
    return (typeof v === "string" && bilingual(questions?.get(key)?.options.get(v))) || String(v);
  };
  return (
    <Card size="small" title={t("decision")} data-testid="decision" extra={<Typography.Text type="secondary">{t("policyVersion", { version: d.policyVersion })}</Typography.Text>}>
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        <Alert type={OUTCOME_COLOUR[d.outcome]} showIcon title={<span data-testid="decision-outcome">{t(`outcome.${d.outcome}`)}</span>} description={<span data-testid="decision-reason">{bilingual(d.reason)}</span>} />
        <Space wrap size={4} data-testid="decision-rules">
          <Typography.Text type="secondary">{t("rules")}</Typography.Text>
          {d.rules.length ? d.rules.map((r) => <Tag key={r}>{r}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
        {d.missingEvidence.length > 0 && (
          <Space wrap size={4}>
            <Typography.Text type="warning">{t("missingEvidence")}</Typography.Text>
            {d.missingEvidence.map((m) => (
              <Tag key={m} color="warning">
                {m.startsWith("answer:") ? t("evidenceNeed.answer", { question: questionOf(m.slice(7)) }) : t(`evidenceNeed.${m}`, { defaultValue: m })}
              </Tag>
            ))}
          </Space>
        )}
        <Descriptions
          size="small"
          column={2}
          items={[
            { key: "res", label: t("suggested"), children: `${t(`domain:resolution.${d.resolution}`, { defaultValue: d.resolution })} · ${yuan(d.approvedFen)}` },
            { key: "wanted", label: t("wanted"), children: t(`domain:resolution.${kase.wantedResolution}`, { defaultValue: kase.wantedResolution }) },
            { key: "return", label: t("returnGoods"), children: d.returnRequired ? t(`payer.${d.returnShippingPayer ?? "none"}`) : t("noReturn") },
            { key: "due", label: t("refundDue"), children: d.refundDueDays === null ? "—" : t("days", { count: d.refundDueDays }) },
          ]}
        />
        <div>
          <Typography.Text type="secondary">{t("customerSays")}</Typography.Text>
          <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="case-description">
            {kase.description || "—"}
          </Typography.Paragraph>
          {answers.length > 0 && (
            <Space orientation="vertical" size={2} data-testid="case-answers">
              {answers.map(([k, v]) => (
                <Typography.Text key={k}>
                  <Typography.Text type="secondary">{questionOf(k)}</Typography.Text> {answerText(k, v)}
                </Typography.Text>
              ))}
            </Space>
          )}
        </div>
      </Space>
    </Card>
  );
}
