export { LEADER_RESOLUTIONS, chinaDay, leaderMayApprove, type LeaderApproval, type LeaderLimits } from "./model.js";
export { BATCH_SCAN_LIMIT, confirmReturns, leaderScores, recentGoods, reportBatch, type BatchReportInput, type BatchReportView, type LeaderDeps, type LeaderScores, type ReturnResult } from "./service.js";
export type { BatchLineOutcome } from "./tables.js";
export { leaderRoutes } from "./routes.js";
