import { useQuery } from "@tanstack/react-query";
import { api, call, type paths } from "../../shared/api";

export type PolicyDocument = paths["/api/v1/policy"]["get"]["responses"][200]["content"]["application/json"];
export type PolicyVersion = paths["/api/v1/policy/versions"]["get"]["responses"][200]["content"]["application/json"]["versions"][number];
export type SlaPolicy = paths["/api/v1/sla/policies"]["get"]["responses"][200]["content"]["application/json"]["policies"][number];
export type SlaTerms = paths["/api/v1/sla/policies/{kind}"]["put"]["requestBody"]["content"]["application/json"];

export const POLICY_KEYS = { inForce: ["policy", "in-force"], versions: ["policy", "versions"] } as const;

/** The policy in force. */
export function usePolicyInForce() {
  return useQuery({ queryKey: POLICY_KEYS.inForce, queryFn: () => call(api.GET("/api/v1/policy")) });
}

/** Every published version, newest first. */
export function usePolicyVersions() {
  return useQuery({ queryKey: POLICY_KEYS.versions, queryFn: () => call(api.GET("/api/v1/policy/versions")) });
}

/** One published version's document (published versions never change). */
export function usePolicyVersion(version: number | null) {
  return useQuery({
    queryKey: ["policy", "version", version],
    queryFn: () => call(api.GET("/api/v1/policy/versions/{version}", { params: { path: { version: version ?? 0 } } })),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: ["sla", "policies"], queryFn: () => call(api.GET("/api/v1/sla/policies")) });
}
