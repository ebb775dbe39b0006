import { App, Button, DatePicker, Flex, Space, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { DeskQuery } from "../../shared/DeskStates";
import { useProblemText } from "../../shared/problemText";
import { exportXlsx, type ExportColumn } from "../../shared/export";
import { KpiCards } from "./KpiCards";
import { ProblemTables } from "./ProblemTables";
import { TrendCharts } from "./TrendCharts";
import { useKpis, useProblems, type DailyKpis, type DayRange } from "./queries";

const DAY = "YYYY-MM-DD";
const DEFAULT_DAYS = 14;

/** The range in the address (so a link or a reload shows the same period), else the last 14 days. */
function useRange(): [DayRange, (next: DayRange) => void] {
  const [params, setParams] = useSearchParams();
  const day = (key: string) => {
    const d = params.get(key);
    return d && /^\d{4}-\d{2}-\d{2}$/.test(d) && dayjs(d).isValid() ? d : null;
  };
  const from = day("from");
  const to = day("to");
  // the API counts China days: today is today in Asia/Shanghai, wherever the browser is
  const chinaToday = dayjs(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  const range = from && to && from <= to ? { from, to } : { from: chinaToday.subtract(DEFAULT_DAYS - 1, "day").format(DAY), to: chinaToday.format(DAY) };
  return [range, (next) => setParams({ from: next.from, to: next.to }, { replace: true })];
}

/** The operations dashboard: KPI cards against the previous period, daily trends, top problem goods. */
export function DashboardPage() {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [range, setRange] = useRange();
  const kpis = useKpis(range);
  const problems = useProblems(range);

  const onRange = (values: [Dayjs | null, Dayjs | null] | null) => {
    if (values?.[0] && values[1]) setRange({ from: values[0].format(DAY), to: values[1].format(DAY) });
  };

  const dailyColumns: ExportColumn<DailyKpis>[] = [
    { title: "day", value: (d) => d.day, width: 12 },
    { title: t("trend.cases"), value: (d) => d.casesFiled },
    { title: t("trend.items"), value: (d) => d.itemsClaimed },
    { title: t("trend.firstResponse"), value: (d) => d.firstResponseMinutes.median },
    { title: t("trend.resolution"), value: (d) => d.resolutionHours.median },
    { title: t("trend.sla"), value: (d) => d.slaCompliancePercent },
    { title: t("trend.automatic"), value: (d) => d.automaticDecisionPercent },
    { title: `${t("trend.refund")} (¥)`, value: (d) => d.refundFen / 100 },
    { title: `${t("trend.compensation")} (¥)`, value: (d) => d.compensationFen / 100 },
    { title: t("kpi.satisfaction"), value: (d) => d.averageScore },
    { title: t("trend.satisfied"), value: (d) => d.satisfiedPercent },
    { title: t("trend.complaintRate"), value: (d) => d.complaintsPerThousandItems },
  ];

  return (
    <Flex vertical gap={12} data-testid="ops-dashboard">
      <Flex align="center" justify="space-between" wrap gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("nav.dashboard")}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">{t("range.label")}</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(range.from), dayjs(range.to)]}
            onChange={onRange}
            disabledDate={(d) => d.isAfter(dayjs(), "day")}
            data-testid="range"
          />
          {kpis.data && (
            <Typography.Text type="secondary" data-testid="previous-range">
              {t("range.vsPrevious", { from: kpis.data.previousRange.from, to: kpis.data.previousRange.to })}
            </Typography.Text>
          )}
          <Button
            icon={<DownloadOutlined />}
            disabled={!kpis.data}
            data-testid="export-daily"
            onClick={() => kpis.data && void exportXlsx(`KPI_${kpis.data.range.from}_${kpis.data.range.to}`, dailyColumns, kpis.data.daily, "KPI").catch((e: unknown) => void message.error(problemText(e)))}
          >
            {t("export", { ns: "common" })}
          </Button>
        </Space>
      </Flex>
      <DeskQuery query={kpis}>
        {(report) => (
          <Flex vertical gap={12}>
            <KpiCards current={report.current} previous={report.previous} />
            <TrendCharts daily={report.daily} />
          </Flex>
        )}
      </DeskQuery>
      <DeskQuery query={problems}>{(report) => <ProblemTables report={report} range={report.range} />}</DeskQuery>
    </Flex>
  );
}
