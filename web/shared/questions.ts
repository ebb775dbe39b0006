import { useQuery } from "@tanstack/react-query";
import { api, call, type paths } from "./api";

type QuestionsRoute = paths["/api/v1/policy/questions/{problemType}"]["get"];
export type ProblemType = QuestionsRoute["parameters"]["path"]["problemType"];
/** What a problem type asks for: its guided questions, the evidence it needs and the resolutions policy offers. */
export type Questionnaire = QuestionsRoute["responses"][200]["content"]["application/json"];
export type GuidedQuestion = Questionnaire["questions"][number];

/** The questionnaire of a problem type as the policy in force words it (none until a type is chosen). */
export function useQuestionnaire(problemType: ProblemType | null) {
  return useQuery({
    queryKey: ["questionnaire", problemType],
    enabled: problemType !== null,
    staleTime: 5 * 60_000,
    queryFn: () => call(api.GET("/api/v1/policy/questions/{problemType}", { params: { path: { problemType: problemType ?? "damaged" } } })),
  });
}
