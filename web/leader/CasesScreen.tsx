import { ErrorBlock, List, PullToRefresh, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { countdown, yuan } from "../shared/format";
import { PhoneQuery } from "../shared/PhoneStates";
import { LeaderFrame } from "./LeaderFrame";
import { useQueue, type QueueRow } from "./queries";
import { useNow } from "../shared/useNow";

/** Which part of the list a case belongs in: what waits on the leader's word first, then goods to take back. */
function groupOf(row: QueueRow): "needsMe" | "returns" | "others" {
  if (row.state === "in_review" || row.state === "submitted") return "needsMe";
  if (row.state === "awaiting_return" || row.state === "return_in_transit") return "returns";
  return "others";
}

/** The open cases of my pickup points, nearest SLA deadline first (the queue's order), grouped by what they wait for. */
export function CasesScreen() {
  const { t } = useTranslation("leader");
  const queue = useQueue();
  return (
    <LeaderFrame title={t("titles.cases")}>
      <PullToRefresh onRefresh={async () => void (await queue.refetch())}>
        <PhoneQuery
          query={queue}
          isEmpty={(d) => d.cases.length === 0}
          empty={<ErrorBlock status="empty" title={t("cases.empty")} description={t("cases.pullHint")} data-testid="empty" />}
        >
          {(data) => <CaseGroups rows={data.cases} />}
        </PhoneQuery>
      </PullToRefresh>
    </LeaderFrame>
  );
}

function CaseGroups({ rows }: { rows: QueueRow[] }) {
  const { t } = useTranslation("leader");
  return (
    <div data-testid="case-list">
      {(["needsMe", "returns", "others"] as const).map((group) => {
        const inGroup = rows.filter((r) => groupOf(r) === group);
        if (inGroup.length === 0) return null;
        return (
          <List key={group} header={`${t(`cases.${group}`)} · ${inGroup.length}`} data-testid={`group-${group}`}>
            {inGroup.map((row) => (
              <CaseRow key={row.caseId} row={row} />
            ))}
          </List>
        );
      })}
    </div>
  );
}

function CaseRow({ row }: { row: QueueRow }) {
  const { t } = useTranslation("leader");
  const navigate = useNavigate();
  const now = useNow();
  const left = row.nextDeadline ? countdown(row.nextDeadline.at, now) : null;
  const colour = !left ? "default" : left.msLeft < 0 ? "danger" : left.msLeft < 2 * 3_600_000 ? "warning" : "success";
  return (
    <List.Item
      data-testid={`case-row-${row.caseId}`}
      onClick={() => navigate(`cases/${encodeURIComponent(row.caseId)}`)}
      description={
        <span style={{ wordBreak: "break-all" }}>
          {t("cases.customer", { id: row.customerId })} · {t(`domain:problem.${row.problemType}`, { defaultValue: row.problemType })}
        </span>
      }
      extra={
        <div style={{ textAlign: "right" }}>
          <div style={{ fontWeight: 600, color: "#262626" }}>{yuan(row.claimedFen)}</div>
          <Tag color={colour} fill="outline" style={{ marginTop: 4 }}>
            {!left ? t("cases.noDeadline") : left.msLeft < 0 ? t("cases.overdue", { time: left.text.slice(1) }) : t("cases.deadline", { time: left.text })}
          </Tag>
        </div>
      }
    >
      <span style={{ fontSize: 15 }}>{t(`states.${row.state}`, { defaultValue: row.stage })}</span>
      <span style={{ fontSize: 12, color: "#999", marginLeft: 6 }}>{row.caseId}</span>
    </List.Item>
  );
}
