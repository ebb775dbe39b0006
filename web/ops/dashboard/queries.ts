import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, call, type paths } from "../../shared/api";

/** A range of China days, both included, as the insights API takes it. */
export interface DayRange {
  from: string;
  to: string;
}

export type KpiReport = paths["/api/v1/insights/kpis"]["get"]["responses"][200]["content"]["application/json"];
export type Kpis = KpiReport["current"];
export type DailyKpis = KpiReport["daily"][number];
export type ProblemReport = paths["/api/v1/insights/problems"]["get"]["responses"][200]["content"]["application/json"];
export type Ranking = ProblemReport["skus"];
export type ProblemGroup = Ranking["byCases"][number];

/** KPIs of the range, the range before it and the daily trend; the last answer stays on screen while the next loads. */
export function useKpis(range: DayRange) {
  return useQuery({
    queryKey: ["insights", "kpis", range],
    queryFn: () => call(api.GET("/api/v1/insights/kpis", { params: { query: range } })),
    placeholderData: keepPreviousData,
  });
}

/** Top problem SKUs, batches and suppliers of the range. */
export function useProblems(range: DayRange) {
  return useQuery({
    queryKey: ["insights", "problems", range],
    queryFn: () => call(api.GET("/api/v1/insights/problems", { params: { query: range } })),
    placeholderData: keepPreviousData,
  });
}
