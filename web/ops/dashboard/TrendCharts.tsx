import { Card, Col, Row } from "antd";
import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import type { DailyKpis } from "./queries";

// only what the dashboard draws, so the desk bundle stays small
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Series {
  name: string;
  values: (number | null)[];
  /** the right-hand axis, for a second unit on one chart */
  right?: boolean;
}

/** One chart's option: the days along the bottom, lines (times, rates) or bars (volumes, costs). */
function optionOf(days: string[], kind: "line" | "bar", series: Series[], axes: { left: string; right?: string }): EChartsCoreOption {
  const axis = (name: string) => ({ type: "value", name, nameTextStyle: { align: "left" as const }, splitLine: { lineStyle: { type: "dashed" as const } } });
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 48, right: axes.right ? 48 : 16, top: 56, bottom: 28 },
    xAxis: { type: "category", data: days.map((d) => d.slice(5)) },
    yAxis: axes.right ? [axis(axes.left), { ...axis(axes.right), splitLine: { show: false } }] : [axis(axes.left)],
    series: series.map((s) => ({
      name: s.name,
      type: kind,
      data: s.values,
      connectNulls: true,
      yAxisIndex: s.right ? 1 : 0,
      ...(kind === "line" ? { smooth: false, symbolSize: 6 } : { barMaxWidth: 18 }),
    })),
  };
}

function Chart({ title, option, testId }: { title: string; option: EChartsCoreOption; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 240 }} opts={{ renderer: "canvas" }} />
    </Card>
  );
}

/** The period day by day: times and rates as lines, volumes and costs as bars. */
export function TrendCharts({ daily }: { daily: DailyKpis[] }) {
  const { t } = useTranslation("ops");
  const days = daily.map((d) => d.day);
  const pick = (f: (d: DailyKpis) => number | null) => daily.map(f);
  const minutes = t("kpi.minutes", { value: "" }).trim();
  const hours = t("kpi.hours", { value: "" }).trim();
  return (
    <Row gutter={[12, 12]}>
      <Col span={12}>
        <Chart
          testId="trend-times"
          title={t("trend.times")}
          option={optionOf(
            days,
            "line",
            [
              { name: t("trend.firstResponse"), values: pick((d) => d.firstResponseMinutes.median) },
              { name: t("trend.resolution"), values: pick((d) => d.resolutionHours.median), right: true },
            ],
            { left: minutes, right: hours },
          )}
        />
      </Col>
      <Col span={12}>
        <Chart
          testId="trend-rates"
          title={t("trend.rates")}
          option={optionOf(
            days,
            "line",
            [
              { name: t("trend.sla"), values: pick((d) => d.slaCompliancePercent) },
              { name: t("trend.automatic"), values: pick((d) => d.automaticDecisionPercent) },
              { name: t("trend.satisfied"), values: pick((d) => d.satisfiedPercent) },
              { name: t("trend.complaintRate"), values: pick((d) => d.complaintsPerThousandItems), right: true },
            ],
            { left: "%", right: "‰" },
          )}
        />
      </Col>
      <Col span={12}>
        <Chart
          testId="trend-volumes"
          title={t("trend.volumes")}
          option={optionOf(
            days,
            "bar",
            [
              { name: t("trend.cases"), values: pick((d) => d.casesFiled) },
              { name: t("trend.items"), values: pick((d) => d.itemsClaimed) },
            ],
            { left: "" },
          )}
        />
      </Col>
      <Col span={12}>
        <Chart
          testId="trend-costs"
          title={t("trend.costs")}
          option={optionOf(
            days,
            "bar",
            [
              { name: t("trend.refund"), values: pick((d) => d.refundFen / 100) },
              { name: t("trend.compensation"), values: pick((d) => d.compensationFen / 100) },
            ],
            { left: "¥" },
          )}
        />
      </Col>
    </Row>
  );
}
