import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../shared/api";
import type { CaseView } from "./queries";

type Bilingual = { zh: string; en: string };
export interface Question {
  label: Bilingual;
  options: Map<string, Bilingual>;
}

const isBilingual = (v: unknown): v is Bilingual => typeof v === "object" && v !== null && typeof (v as Bilingual).zh === "string" && typeof (v as Bilingual).en === "string";

/** The questionnaire's questions by key. The route declares no schema for its answer, so it is read with care. */
function questionsOf(answer: unknown): Map<string, Question> {
  const found = new Map<string, Question>();
  const list = typeof answer === "object" && answer !== null && "questions" in answer && Array.isArray(answer.questions) ? (answer.questions as unknown[]) : [];
  for (const q of list) {
    if (typeof q !== "object" || q === null) continue;
    const { key, label, options } = q as { key?: unknown; label?: unknown; options?: unknown };
    if (typeof key !== "string" || !isBilingual(label)) continue;
    const choices = new Map<string, Bilingual>();
    for (const o of Array.isArray(options) ? (options as { value?: unknown; label?: unknown }[]) : []) if (typeof o.value === "string" && isBilingual(o.label)) choices.set(o.value, o.label);
    found.set(key, { label, options: choices });
  }
  return found;
}

/** The guided questions of a problem type as policy words them now: how the customer's answers read. */
export function useQuestions(problemType: CaseView["problemType"]) {
  return useQuery({
    queryKey: ["workspace-questions", problemType],
    queryFn: async () => questionsOf(await call(api.GET("/api/v1/policy/questions/{problemType}", { params: { path: { problemType } } }))),
    staleTime: 10 * 60_000,
  });
}
