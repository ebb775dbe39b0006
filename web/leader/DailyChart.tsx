import ReactEChartsCore from "echarts-for-react/esm/core";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import type { LeaderScores } from "./queries";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The leader's work per day: new cases at the points as bars, approvals and returns as lines; sized for a phone. */
export function DailyChart({ daily }: { daily: LeaderScores["daily"] }) {
  const { t } = useTranslation("leader");
  const option: EChartsCoreOption = {
    // drawn at once: a phone redraws on every tab switch, and the figures should not wobble in
    animation: false,
    grid: { left: 28, right: 8, top: 30, bottom: 24 },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: "axis", confine: true },
    xAxis: { type: "category", data: daily.map((d) => d.day.slice(5)), axisLabel: { fontSize: 10 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [
      { name: t("scores.seriesCases"), type: "bar", data: daily.map((d) => d.casesFiled), itemStyle: { color: "#91caff" } },
      { name: t("scores.seriesApprovals"), type: "line", data: daily.map((d) => d.approvals), symbolSize: 5, itemStyle: { color: "#52c41a" } },
      { name: t("scores.seriesReturns"), type: "line", data: daily.map((d) => d.returnsConfirmed), symbolSize: 5, lineStyle: { type: "dashed" }, itemStyle: { color: "#fa8c16" } },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 200, width: "100%" }} data-testid="daily-chart" />;
}
