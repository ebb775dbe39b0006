import { Button, Checkbox, ErrorBlock, List, PullToRefresh, Tag } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../shared/api";
import { useDraft } from "../shared/draft";
import { shortDateTime, yuan } from "../shared/format";
import { PhoneQuery } from "../shared/PhoneStates";
import { LeaderFrame } from "./LeaderFrame";
import { useAwaitingReturns, useLeaderWrite, type QueueRow } from "./queries";
import { WriteProblem } from "./WriteProblem";

type ReturnResults = Awaited<ReturnType<typeof confirmReturns>>["results"];
const confirmReturns = (caseIds: string[]) => call(api.POST("/api/v1/leader/returns", { body: { caseIds } }));

/**
 * Goods customers handed back at my point, confirmed several at once. Confirming again is
 * harmless (the API answers already_received), so a retry after a failure needs no key.
 */
export function ReturnsScreen() {
  const { t } = useTranslation("leader");
  const returns = useAwaitingReturns();
  const [ticked, setTicked, clearTicked] = useDraft<string[]>("leader.returns.ticked", []);
  const [results, setResults] = useState<ReturnResults>([]);
  const confirm = useLeaderWrite(confirmReturns);
  const submit = () =>
    confirm.mutate(ticked, {
      onSuccess: (answer) => {
        setResults(answer.results);
        clearTicked();
      },
    });
  return (
    <LeaderFrame title={t("titles.returns")}>
      <PullToRefresh onRefresh={async () => void (await returns.refetch())}>
        <div style={{ padding: "8px 12px", fontSize: 13, color: "#666" }}>{t("returns.hint")}</div>
        {results.length > 0 && <ResultList results={results} />}
        <PhoneQuery
          query={returns}
          isEmpty={(rows) => rows.length === 0}
          empty={<ErrorBlock status="empty" title={t("returns.empty")} description="" data-testid="returns-empty" />}
        >
          {(rows) => (
            <>
              <Checkbox.Group value={ticked} onChange={(v) => setTicked(v.map(String))}>
                <List data-testid="returns-list">
                  {rows.map((row) => (
                    <ReturnRow key={row.caseId} row={row} />
                  ))}
                </List>
              </Checkbox.Group>
              <div style={{ display: "flex", gap: 8, padding: 12 }}>
                <Button size="middle" onClick={() => setTicked(ticked.length === rows.length ? [] : rows.map((r) => r.caseId))} data-testid="returns-all">
                  {t("returns.selectAll")}
                </Button>
                <Button color="primary" style={{ flex: 1 }} disabled={ticked.length === 0} loading={confirm.isPending} onClick={submit} data-testid="returns-confirm">
                  {t("returns.confirm", { count: ticked.length })}
                </Button>
              </div>
              <div style={{ padding: "0 12px" }}>
                <WriteProblem error={confirm.error} />
              </div>
            </>
          )}
        </PhoneQuery>
      </PullToRefresh>
    </LeaderFrame>
  );
}

function ReturnRow({ row }: { row: QueueRow }) {
  const { t } = useTranslation("leader");
  return (
    <List.Item
      prefix={<Checkbox value={row.caseId} data-testid={`return-${row.caseId}`} />}
      description={`${t("cases.customer", { id: row.customerId })} · ${shortDateTime(row.createdAt)}`}
      extra={yuan(row.claimedFen)}
    >
      <span style={{ fontSize: 14 }}>{t(`states.${row.state}`, { defaultValue: row.stage })}</span>
      <span style={{ fontSize: 12, color: "#999", marginLeft: 6, wordBreak: "break-all" }}>{row.caseId}</span>
    </List.Item>
  );
}

function ResultList({ results }: { results: ReturnResults }) {
  const { t } = useTranslation("leader");
  const received = results.filter((r) => r.outcome !== "error").length;
  return (
    <List header={t("returns.done", { count: received })} data-testid="returns-results">
      {results.map((r) => (
        <List.Item key={r.caseId} description={r.error ? `${r.error.title}${r.error.detail ? `: ${r.error.detail}` : ""}` : undefined} extra={<Tag color={r.outcome === "error" ? "danger" : "success"}>{t(`returns.result.${r.outcome}`)}</Tag>}>
          <span style={{ fontSize: 13, wordBreak: "break-all" }}>{r.caseId}</span>
        </List.Item>
      ))}
    </List>
  );
}
