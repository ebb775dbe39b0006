import { Card, List, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router-dom";
import { useBilingual } from "../../shared/i18n";
import { dateTime, yuan } from "../../shared/format";
import { PhoneQuery } from "../../shared/PhoneStates";
import { Frame } from "../Frame";
import { stageColor } from "../CasesPage";
import { useCase, useRefunds, type CaseView } from "../queries";
import { CaseActions } from "./CaseActions";
import { Conversation } from "./Conversation";
import { DecisionCard } from "./DecisionCard";
import { ProgressTracker } from "./ProgressTracker";
import { RatingCard } from "./RatingCard";


/** One case: the decision, the progress tracker, what the customer may do, refunds, conversation, rating. */
export function CasePage() {
  const { t } = useTranslation("customer");
  const caseId = useParams().caseId ?? "";
  const justFiled = useSearchParams()[0].get("filed") === "1";
  const kase = useCase(caseId);
  return (
    <Frame title={t("title.case")} back="/m/customer/cases">
      <PhoneQuery query={kase}>
        {(c) => (
          <>
            <CaseHeader kase={c} justFiled={justFiled} />
            <DecisionCard decision={c.decision} highlight={justFiled} />
            <ProgressTracker steps={c.progress} />
            <CaseActions kase={c} />
            <CaseAmounts kase={c} />
            <Conversation caseId={c.id} />
            <RatingCard caseId={c.id} caseState={c.state} />
          </>
        )}
      </PhoneQuery>
    </Frame>
  );
}

function CaseHeader({ kase, justFiled }: { kase: CaseView; justFiled: boolean }) {
  const { t } = useTranslation("customer");
  const bilingual = useBilingual();
  return (
    <div style={{ padding: "12px 16px 0", display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8 }}>
      <div style={{ minWidth: 0 }}>
        {justFiled && <div style={{ color: "var(--adm-color-success)", fontWeight: 600 }}>{t("case.filed")}</div>}
        <div style={{ fontSize: 13, color: "#666", overflow: "hidden", textOverflow: "ellipsis" }} data-testid="case-id">
          {kase.id} · {t(`problem.${kase.problemType}`)}
        </div>
      </div>
      <Tag color={stageColor(kase.state)} style={{ flexShrink: 0 }} data-testid="case-stage">
        {bilingual(kase.stage)}
      </Tag>
    </div>
  );
}

function CaseAmounts({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("customer");
  const refunds = useRefunds(kase.id);
  return (
    <Card title={t("case.items")} style={{ margin: 12 }} data-testid="case-items">
      <List style={{ "--border-top": "none", "--border-bottom": "none", "--padding-left": "0" }}>
        {kase.items.map((i) => (
          <List.Item key={i.orderItemId} extra={yuan(i.amountFen)} description={t("order.quantity", { n: i.quantity })}>
            {i.name}
          </List.Item>
        ))}
        <List.Item extra={yuan(kase.claimedFen)}>{t("case.claimed")}</List.Item>
        {kase.approvedFen > 0 && <List.Item extra={yuan(kase.approvedFen)}>{t("case.approved")}</List.Item>}
        {kase.refundedFen > 0 && <List.Item extra={<span data-testid="refunded">{yuan(kase.refundedFen)}</span>}>{t("case.refunded")}</List.Item>}
        {kase.returnDueAt && kase.state === "awaiting_return" && <List.Item>{t("case.returnDue", { at: dateTime(kase.returnDueAt) })}</List.Item>}
        {kase.refundDueAt && kase.state !== "refunded" && <List.Item>{t("case.refundDue", { at: dateTime(kase.refundDueAt) })}</List.Item>}
      </List>
      <div style={{ marginTop: 8, fontWeight: 500 }}>{t("case.refunds")}</div>
      <PhoneQuery query={refunds}>
        {(r) =>
          r.refunds.length === 0 ? (
            <div style={{ color: "#999", fontSize: 13 }}>{t("case.noRefunds")}</div>
          ) : (
            <div data-testid="refunds">
              {r.refunds.map((f) => (
                <div key={f.id} style={{ display: "flex", justifyContent: "space-between", fontSize: 14, padding: "4px 0" }}>
                  <span>{t(`case.refundState.${f.state}`, { defaultValue: f.state })}</span>
                  <span>{yuan(f.amountFen)}</span>
                </div>
              ))}
            </div>
          )
        }
      </PhoneQuery>
    </Card>
  );
}
