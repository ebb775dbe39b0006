import { Button, Card, ErrorBlock, Input, NoticeBar, Result, Selector, TextArea } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { useDraft } from "../../shared/draft";
import { PhoneQuery } from "../../shared/PhoneStates";
import { LeaderFrame } from "../LeaderFrame";
import { useQuestionnaire } from "../../shared/questions";
import { useLeaderWrite, useRecentGoods, type BatchReportInput, type ProblemType, type RecentGoods } from "../queries";
import { WriteProblem } from "../WriteProblem";
import { GoodsPicker, goodsKey } from "./GoodsPicker";
import { QuestionFields, type Answers } from "./QuestionFields";

const PROBLEM_TYPES: readonly ProblemType[] = ["damaged", "spoiled", "short_weight", "missing_items", "wrong_item", "expired", "foreign_object", "poor_quality", "not_delivered", "late_delivery", "changed_mind"];

interface ReportDraft {
  pointId: string | null;
  goods: string | null;
  problemType: ProblemType | null;
  description: string;
  units: string;
  answers: Answers;
  /** one key per intended report, kept across retries: a retry never files twice */
  key: string;
}
const fresh = (): ReportDraft => ({ pointId: null, goods: null, problemType: null, description: "", units: "", answers: {}, key: newIdempotencyKey("leader-batch") });

type Filed = Awaited<ReturnType<typeof fileReport>>;
const fileReport = (d: { body: BatchReportInput; key: string }) => call(api.POST("/api/v1/leader/batch-reports", { params: { header: { "idempotency-key": d.key } }, body: d.body }));

/** One problem for many customers at my point (a whole crate broken): the API opens or updates their cases. */
export function BatchReportScreen() {
  const { t } = useTranslation("leader");
  const recent = useRecentGoods();
  const [filed, setFiled] = useState<Filed | null>(null);
  return (
    <LeaderFrame title={t("titles.report")}>
      {filed ? (
        <ReportFiled filed={filed} onAnother={() => setFiled(null)} />
      ) : (
        <PhoneQuery query={recent}>{(data) => <ReportForm recent={data} onFiled={setFiled} />}</PhoneQuery>
      )}
    </LeaderFrame>
  );
}

function ReportForm({ recent, onFiled }: { recent: RecentGoods; onFiled: (filed: Filed) => void }) {
  const { t } = useTranslation("leader");
  const [draft, setDraft, clear] = useDraft<ReportDraft>("leader.batch-report", fresh());
  const set = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const pointId = draft.pointId ?? recent.pickupPoints[0]?.id ?? null;
  const goodsHere = recent.goods.filter((g) => g.pickupPointId === pointId);
  const chosen = goodsHere.find((g) => goodsKey(g) === draft.goods) ?? null;
  const questionnaire = useQuestionnaire(draft.problemType);
  const questions = questionnaire.data?.questions ?? [];
  const report = useLeaderWrite(fileReport);
  const units = draft.units.trim() ? Number(draft.units) : undefined;
  const ready = chosen !== null && draft.problemType !== null && draft.description.trim().length > 0 && (units === undefined || (Number.isInteger(units) && units >= 1));

  const submit = () => {
    if (!chosen || !draft.problemType) return;
    const body: BatchReportInput = {
      pickupPointId: chosen.pickupPointId,
      sku: chosen.sku,
      ...(chosen.batchId ? { batchId: chosen.batchId } : {}),
      problemType: draft.problemType,
      description: draft.description.trim(),
      ...(units !== undefined ? { unitsPerCustomer: units } : {}),
      ...(Object.keys(draft.answers).length ? { answers: draft.answers } : {}),
    };
    report.mutate({ body, key: draft.key }, { onSuccess: (answer) => (clear(), onFiled(answer)) });
  };

  const card = { margin: "8px 8px 0", borderRadius: 8 } as const;
  return (
    <div data-testid="batch-report-form" style={{ paddingBottom: 16 }}>
      {recent.pickupPoints.length > 1 && (
        <Card title={t("report.point")} style={card}>
          <Selector options={recent.pickupPoints.map((p) => ({ value: p.id, label: p.name }))} value={pointId ? [pointId] : []} onChange={(v) => set({ pointId: v[0] ?? null, goods: null })} />
        </Card>
      )}
      <Card title={`${t("report.goods")}${recent.pickupPoints.length === 1 ? ` · ${recent.pickupPoints[0]!.name}` : ""}`} style={card}>
        {goodsHere.length === 0 ? (
          <ErrorBlock status="empty" title={t("report.noGoods")} description="" style={{ "--image-height": "80px" }} />
        ) : (
          <GoodsPicker goods={goodsHere} value={draft.goods} onChange={(goods) => set({ goods })} />
        )}
      </Card>
      <Card title={t("report.problem")} style={card}>
        <Selector
          columns={3}
          data-testid="problem-type"
          options={PROBLEM_TYPES.map((p) => ({ value: p, label: t(`domain:problem.${p}`) }))}
          value={draft.problemType ? [draft.problemType] : []}
          onChange={(v) => set({ problemType: v[0] ?? null, answers: {} })}
          style={{ "--padding": "6px 4px" }}
        />
      </Card>
      {draft.problemType && questions.length > 0 && (
        <Card title={t("report.questions")} style={card}>
          <QuestionFields questions={questions} answers={draft.answers} onChange={(answers) => set({ answers })} />
        </Card>
      )}
      <Card style={card}>
        <div style={{ fontSize: 13, color: "#666", marginBottom: 4 }}>{t("report.description")}</div>
        <TextArea data-testid="report-description" value={draft.description} onChange={(description) => set({ description })} rows={3} maxLength={2000} showCount />
        <div style={{ fontSize: 13, color: "#666", margin: "8px 0 4px" }}>{t("report.units")}</div>
        <Input data-testid="report-units" inputMode="numeric" value={draft.units} onChange={(v) => set({ units: v.replace(/\D/g, "") })} style={{ borderBottom: "1px solid #eee" }} />
      </Card>
      <NoticeBar content={t("report.photosNote")} color="info" wrap style={{ margin: "8px 8px 0", borderRadius: 8, fontSize: 12 }} />
      <div style={{ padding: "0 8px" }}>
        <WriteProblem error={report.error} />
        {!ready && <div style={{ fontSize: 12, color: "#999", marginTop: 8 }}>{t("report.required")}</div>}
        <Button block color="primary" size="large" style={{ marginTop: 8 }} disabled={!ready} loading={report.isPending} onClick={submit} data-testid="report-submit">
          {t("report.submit")}
        </Button>
      </div>
    </div>
  );
}

function ReportFiled({ filed, onAnother }: { filed: Filed; onAnother: () => void }) {
  const { t } = useTranslation("leader");
  return (
    <div data-testid="report-filed">
      <Result
        status="success"
        title={t("report.doneTitle")}
        description={
          <>
            <div style={{ wordBreak: "break-all" }}>
              {filed.id} · {filed.sku}
              {filed.batchId ? ` · ${filed.batchId}` : ""}
            </div>
            <div data-testid="report-counts">{t("report.counts", filed.counts)}</div>
            {filed.truncated && <div style={{ color: "#d46b08" }}>{t("report.truncated", { limit: filed.scanLimit })}</div>}
          </>
        }
      />
      <div style={{ padding: 16 }}>
        <Button block onClick={onAnother}>
          {t("report.another")}
        </Button>
      </div>
    </div>
  );
}
