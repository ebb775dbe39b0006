import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../shared/api";

/**
 * The workspace's reads of one case. Every key starts with ["workspace", caseId] so one
 * invalidation (after an action, or a live event for this case) refreshes the whole screen.
 */
export const workspaceKey = (caseId: string, ...part: (string | number)[]) => ["workspace", caseId, ...part] as const;

const path = (caseId: string) => ({ params: { path: { caseId } } });

export const loadCase = (caseId: string) => call(api.GET("/api/v1/cases/{caseId}", path(caseId)));
export type CaseView = Awaited<ReturnType<typeof loadCase>>;
export type { CaseActionBody as CaseAction } from "../../shared/caseActions";

export function useCase(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "case"), queryFn: () => loadCase(caseId) });
}

export function useOrder(caseId: string, orderId: string | undefined) {
  return useQuery({
    queryKey: workspaceKey(caseId, "order", orderId ?? ""),
    queryFn: () => call(api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId: orderId ?? "" } } })),
    enabled: orderId !== undefined,
  });
}
export type OrderView = NonNullable<ReturnType<typeof useOrder>["data"]>;

export function useSla(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "sla"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/sla", path(caseId))), refetchInterval: 60_000 });
}
export type SlaClock = NonNullable<ReturnType<typeof useSla>["data"]>["clocks"][number];

export function useNotes(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "notes"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/notes", { params: { path: { caseId }, query: { limit: 200, after: 0 } } })) });
}

export function useMessages(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "messages"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/messages", { params: { path: { caseId }, query: { limit: 200 } } })) });
}
export type Message = NonNullable<ReturnType<typeof useMessages>["data"]>["messages"][number];

export function useReplyScripts(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "scripts"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/reply-scripts", path(caseId))) });
}
export type CaseScript = NonNullable<ReturnType<typeof useReplyScripts>["data"]>["scripts"][number];

export function useTasks(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "tasks"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/tasks", path(caseId))) });
}

export function useLinks(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "links"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/links", path(caseId))) });
}

export function useRefunds(caseId: string) {
  return useQuery({ queryKey: workspaceKey(caseId, "refunds"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/refunds", path(caseId))) });
}

export function useLiability(caseId: string, enabled: boolean) {
  return useQuery({ queryKey: workspaceKey(caseId, "liability"), queryFn: () => call(api.GET("/api/v1/cases/{caseId}/liability", path(caseId))), enabled });
}
export type Liability = NonNullable<ReturnType<typeof useLiability>["data"]>;

/** The owners the team queue names: the colleagues an agent (who may not list staff) can hand a case to. */
export function useTeamOwners(enabled: boolean) {
  return useQuery({
    queryKey: ["workspace-team-owners"],
    queryFn: () => call(api.GET("/api/v1/queue", { params: { query: { view: "team", limit: 100 } } })),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * A write on this case: on success the whole workspace reloads; on failure the caller shows the
 * problem and keeps what was typed (the mutation's variables stay in the form's draft).
 */
export function useCaseWrite<V, R>(caseId: string, write: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => client.invalidateQueries({ queryKey: ["workspace", caseId] }),
  });
}
