export { MAX_RANGE_DAYS, chinaDayOf, dayRange, kpisOf, previousRange, type DayRange, type Kpis, type ProblemGroup } from "./model.js";
export { kpiReport, problemReport, type InsightsDeps, type KpiReport, type ProblemReport } from "./service.js";
export { insightsRoutes } from "./routes.js";
