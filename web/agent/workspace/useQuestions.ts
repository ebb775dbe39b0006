import { useMemo } from "react";
import { useQuestionnaire, type ProblemType } from "../../shared/questions";

type Bilingual = { zh: string; en: string };
export interface Question {
  label: Bilingual;
  options: Map<string, Bilingual>;
}

/** The guided questions of a problem type by key, as policy words them now: how the customer's answers read. */
export function useQuestions(problemType: ProblemType): Map<string, Question> | undefined {
  const questionnaire = useQuestionnaire(problemType);
  return useMemo(
    () => questionnaire.data && new Map(questionnaire.data.questions.map((q) => [q.key, { label: q.label, options: new Map((q.options ?? []).map((o) => [o.value, o.label])) }])),
    [questionnaire.data],
  );
}
