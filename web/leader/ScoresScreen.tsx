import { Button, Card, Grid, Selector } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { yuan } from "../shared/format";
import { PhoneQuery } from "../shared/PhoneStates";
import { session, useSession } from "../shared/session";
import { DailyChart } from "./DailyChart";
import { LeaderFrame } from "./LeaderFrame";
import { useScores, type LeaderScores } from "./queries";

const PERIODS = [7, 30] as const;

/** My scores as a leader over the last days, as GET /leaders/me/scores measures them. */
export function ScoresScreen() {
  const { t } = useTranslation("leader");
  const [days, setDays] = useState<number>(7);
  const scores = useScores(days);
  const me = useSession();
  return (
    <LeaderFrame title={t("titles.me")}>
      <div style={{ padding: "8px 8px 0" }}>
        <Selector columns={2} options={PERIODS.map((d) => ({ value: d, label: t("scores.days", { days: d }) }))} value={[days]} onChange={(v) => v[0] && setDays(v[0])} data-testid="scores-period" />
      </div>
      <PhoneQuery query={scores}>{(s) => <ScoreCards scores={s} />}</PhoneQuery>
      <div style={{ padding: 12, textAlign: "center" }}>
        <div style={{ fontSize: 13, color: "#666", marginBottom: 8 }}>{t("scores.signedIn", { name: me?.user.name ?? "" })}</div>
        <Button size="small" onClick={() => session.signOut()} data-testid="logout">
          {t("scores.logout")}
        </Button>
      </div>
    </LeaderFrame>
  );
}

function Figure({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div style={{ background: "#fff", borderRadius: 8, padding: "10px 8px", textAlign: "center" }} data-testid={testId}>
      <div style={{ fontSize: 20, fontWeight: 600, color: "#1677ff" }}>{value}</div>
      <div style={{ fontSize: 12, color: "#666" }}>{label}</div>
    </div>
  );
}

function ScoreCards({ scores: s }: { scores: LeaderScores }) {
  const { t } = useTranslation("leader");
  return (
    <div style={{ padding: 8 }} data-testid="scores">
      <Grid columns={3} gap={8}>
        <Figure label={t("scores.casesAtPoints")} value={s.casesAtPoints} testId="score-cases" />
        <Figure label={t("scores.approvals")} value={s.approvals.count} testId="score-approvals" />
        <Figure label={t("scores.approvedTotal")} value={yuan(s.approvals.totalFen)} />
        <Figure label={t("scores.returnsConfirmed")} value={s.returnsConfirmed} testId="score-returns" />
        <Figure label={t("scores.batchReports")} value={s.batchReports.reports} testId="score-reports" />
        <Figure label={t("scores.medianResponse")} value={s.responseMinutes.median === null ? "—" : t("scores.minutes", { value: Math.round(s.responseMinutes.median) })} />
      </Grid>
      <Card style={{ marginTop: 8, borderRadius: 8 }}>
        <div style={{ fontSize: 13 }}>{t("scores.today", { used: yuan(s.approvals.approvedTodayFen), remaining: yuan(s.approvals.remainingTodayFen) })}</div>
        <div style={{ fontSize: 12, color: "#999", marginTop: 2 }}>{t("scores.limits", { perCase: yuan(s.limits.perCaseFen), perDay: yuan(s.limits.perDayFen) })}</div>
      </Card>
      <Card title={t("scores.chart")} style={{ marginTop: 8, borderRadius: 8 }} bodyStyle={{ padding: "4px 0" }}>
        <DailyChart daily={s.daily} />
      </Card>
      <div style={{ fontSize: 12, color: "#999", marginTop: 8, textAlign: "center" }}>{t("scores.satisfaction")}</div>
    </div>
  );
}
