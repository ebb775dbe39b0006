import { useQuery } from "@tanstack/react-query";
import { api, call, type paths } from "../shared/api";

/* The customer's reads, as TanStack queries over the typed client. */

export type CaseView = paths["/api/v1/cases/{caseId}"]["get"]["responses"][200]["content"]["application/json"];
export type OrderView = paths["/api/v1/orders/{orderId}"]["get"]["responses"][200]["content"]["application/json"];
export type ClaimBody = paths["/api/v1/cases"]["post"]["requestBody"]["content"]["application/json"];
export type ProblemType = ClaimBody["problemType"];
export type Resolution = ClaimBody["wantedResolution"];
export type Decision = CaseView["decision"];
export type ProgressStep = CaseView["progress"][number];
export type RatingBody = paths["/api/v1/cases/{caseId}/rating"]["post"]["requestBody"]["content"]["application/json"];
export type RatingTag = NonNullable<RatingBody["tags"]>[number];

/** The problem types and resolutions of the API schema, in the schema's order. */
export const PROBLEM_TYPES: readonly ProblemType[] = ["not_delivered", "missing_items", "wrong_item", "damaged", "spoiled", "short_weight", "expired", "late_delivery", "foreign_object", "poor_quality", "changed_mind"];
export const RESOLUTIONS: readonly Resolution[] = ["refund_only", "return_refund", "exchange", "reship", "partial_refund", "compensation"];
export const RATING_TAGS: readonly RatingTag[] = ["fast", "friendly_staff", "fair_outcome", "clear_updates", "slow", "unhelpful_staff", "unfair_outcome", "unclear_updates"];


export const useOrders = () => useQuery({ queryKey: ["orders"], queryFn: () => call(api.GET("/api/v1/orders", { params: { query: { limit: 50 } } })) });

export const useOrder = (orderId: string) =>
  useQuery({ queryKey: ["order", orderId], queryFn: () => call(api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId } } })) });

export const useCases = (orderId?: string) =>
  useQuery({ queryKey: ["cases", orderId ?? "all"], queryFn: () => call(api.GET("/api/v1/cases", { params: { query: { limit: 50, ...(orderId ? { orderId } : {}) } } })) });

export const useCase = (caseId: string) =>
  useQuery({ queryKey: ["case", caseId], queryFn: () => call(api.GET("/api/v1/cases/{caseId}", { params: { path: { caseId } } })), refetchInterval: 10_000 });

export const useRefunds = (caseId: string) =>
  useQuery({ queryKey: ["refunds", caseId], queryFn: () => call(api.GET("/api/v1/cases/{caseId}/refunds", { params: { path: { caseId } } })), refetchInterval: 10_000 });

/** Customers have no live stream: the conversation is polled while it is open. */
export const useMessages = (caseId: string) =>
  useQuery({ queryKey: ["messages", caseId], queryFn: () => call(api.GET("/api/v1/cases/{caseId}/messages", { params: { path: { caseId }, query: { limit: 200 } } })), refetchInterval: 3_000 });

/** The case's rating (null until given) and whether the customer may rate it now. */
export const useRating = (caseId: string, caseState: string) =>
  useQuery({
    // asked again when the case moves on: finishing it is what opens the rating
    queryKey: ["rating", caseId, caseState],
    queryFn: () => call(api.GET("/api/v1/cases/{caseId}/rating", { params: { path: { caseId } } })),
  });


