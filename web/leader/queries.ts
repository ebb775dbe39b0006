import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type paths } from "../shared/api";

/*
 * The leader app's reads and writes. Keys start with "leader" so a write can refresh what it
 * changed (the case, the queue, the returns list, the scores) with one invalidation.
 */

export const loadQueue = () => call(api.GET("/api/v1/queue", { params: { query: { view: "team", limit: 100 } } }));
export type QueueRow = Awaited<ReturnType<typeof loadQueue>>["cases"][number];

export function useQueue() {
  return useQuery({ queryKey: ["leader", "queue"], queryFn: loadQueue, refetchInterval: 60_000 });
}

/** Cases at my points waiting for goods to come back: awaiting the customer, or on their way. */
export function useAwaitingReturns() {
  return useQuery({
    queryKey: ["leader", "returns"],
    queryFn: async () => {
      const [waiting, onTheWay] = await Promise.all(
        (["awaiting_return", "return_in_transit"] as const).map((state) => call(api.GET("/api/v1/queue", { params: { query: { view: "team", state, limit: 100 } } }))),
      );
      return [...(waiting?.cases ?? []), ...(onTheWay?.cases ?? [])];
    },
  });
}

const casePath = (caseId: string) => ({ params: { path: { caseId } } });

export const loadCase = (caseId: string) => call(api.GET("/api/v1/cases/{caseId}", casePath(caseId)));
export type CaseView = Awaited<ReturnType<typeof loadCase>>;
export type { CaseActionBody as CaseAction } from "../shared/caseActions";

export function useCase(caseId: string) {
  return useQuery({ queryKey: ["leader", "case", caseId], queryFn: () => loadCase(caseId) });
}

export function useMessages(caseId: string) {
  return useQuery({
    queryKey: ["leader", "case", caseId, "messages"],
    queryFn: () => call(api.GET("/api/v1/cases/{caseId}/messages", { params: { path: { caseId }, query: { limit: 200 } } })),
    refetchInterval: 30_000,
  });
}
export type Message = NonNullable<ReturnType<typeof useMessages>["data"]>["messages"][number];

export function useReplyScripts(caseId: string) {
  return useQuery({ queryKey: ["leader", "case", caseId, "scripts"], queryFn: () => call(api.GET("/api/v1/cases/{caseId}/reply-scripts", casePath(caseId))) });
}
export type CaseScript = NonNullable<ReturnType<typeof useReplyScripts>["data"]>["scripts"][number];


/** A write that changes what the leader sees: afterwards every leader screen reloads its data. */
export function useLeaderWrite<V, R>(write: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: ["leader"] }) });
}

export function useRecentGoods() {
  return useQuery({ queryKey: ["leader", "recent-goods"], queryFn: () => call(api.GET("/api/v1/leader/recent-goods")) });
}
export type RecentGoods = NonNullable<ReturnType<typeof useRecentGoods>["data"]>;
export type BatchReportInput = paths["/api/v1/leader/batch-reports"]["post"]["requestBody"]["content"]["application/json"];
export type ProblemType = BatchReportInput["problemType"];

export function useScores(days: number) {
  return useQuery({ queryKey: ["leader", "scores", days], queryFn: () => call(api.GET("/api/v1/leaders/me/scores", { params: { query: { days } } })) });
}
export type LeaderScores = NonNullable<ReturnType<typeof useScores>["data"]>;

