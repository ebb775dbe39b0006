import { List, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useBilingual } from "../shared/i18n";
import { PhoneQuery } from "../shared/PhoneStates";
import { dateTime, yuan } from "../shared/format";
import { Frame } from "./Frame";
import { Empty } from "./OrdersPage";
import { useCases, type ProblemType } from "./queries";

type CasesQuery = ReturnType<typeof useCases>;

/** The colour of a stage tag: finished green, closed grey, the rest under way. */
export function stageColor(state: string): "success" | "default" | "warning" | "primary" {
  if (["refunded", "reshipped", "compensated", "closed"].includes(state)) return "success";
  if (["rejected", "cancelled", "merged"].includes(state)) return "default";
  if (state === "awaiting_customer" || state === "awaiting_return") return "warning";
  return "primary";
}

/** My cases, newest first, with their plain stage. */
export function CasesPage() {
  const { t } = useTranslation("customer");
  return (
    <Frame title={t("title.cases")}>
      <CaseList query={useCases()} />
    </Frame>
  );
}

export function CaseList({ query, title, hideWhenEmpty }: { query: CasesQuery; title?: string; hideWhenEmpty?: boolean }) {
  const { t } = useTranslation("customer");
  const bilingual = useBilingual();
  const navigate = useNavigate();
  if (hideWhenEmpty && query.data?.cases.length === 0) return null;
  return (
    <PhoneQuery query={query} isEmpty={(d) => d.cases.length === 0} empty={<Empty text={t("cases.empty")} />}>
      {(data) => (
        <List header={title} data-testid="cases">
          {data.cases.map((c) => (
            <List.Item
              key={c.id}
              data-testid="case"
              onClick={() => navigate(`/m/customer/cases/${encodeURIComponent(c.id)}`)}
              description={`${t("cases.filed")} ${dateTime(c.createdAt)} · ${c.orderId}`}
              extra={
                <Tag color={stageColor(c.state)} data-testid="stage">
                  {bilingual(c.stage)}
                </Tag>
              }
            >
              {t(`problem.${c.problemType as ProblemType}`)} · {yuan(c.approvedFen || c.claimedFen)}
            </List.Item>
          ))}
        </List>
      )}
    </PhoneQuery>
  );
}
