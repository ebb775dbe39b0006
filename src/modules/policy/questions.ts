import type { EvidenceRequirement, GuidedQuestion, PolicyDocument } from "./document.js";
import type { Answers, ClaimFacts, ProblemType, Resolution } from "./model.js";

/** What the claim form asks for one problem type: the guided questions, the evidence needed and the resolutions offered. */
export interface Questionnaire {
  problemType: ProblemType;
  questions: GuidedQuestion[];
  evidence: EvidenceRequirement;
  /** the resolutions the policy allows for this problem type, the preferred one first */
  resolutions: Resolution[];
}

/** The guided questionnaire for a problem type: it asks only what that type needs (seed 004). */
export function questionsFor(policy: PolicyDocument, problemType: ProblemType): Questionnaire {
  const rule = policy.problems[problemType];
  return { problemType, questions: rule.questions, evidence: rule.evidence, resolutions: rule.resolutions };
}

/** An answer of the question's kind, or undefined when unanswered or of the wrong kind. */
export function answerOf(question: GuidedQuestion, answers: Answers): boolean | number | string | undefined {
  const value = answers[question.key];
  switch (question.kind) {
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case "choice":
      return typeof value === "string" && (question.options ?? []).some((o) => o.value === value) ? value : undefined;
  }
}

/**
 * Evidence the problem type needs that the claim lacks: "photos", "description",
 * and "answer:<key>" for each required question left unanswered.
 */
export function missingEvidence(policy: PolicyDocument, facts: ClaimFacts): string[] {
  const rule = policy.problems[facts.problemType];
  const missing: string[] = [];
  if (facts.photoCount < rule.evidence.minPhotos) missing.push("photos");
  if (facts.description.trim().length < rule.evidence.minDescriptionChars) missing.push("description");
  for (const q of rule.questions) if (q.required && answerOf(q, facts.answers) === undefined) missing.push(`answer:${q.key}`);
  return missing;
}

/** A boolean answer, whatever the questionnaire says (the law's exclusions read these). */
export function booleanAnswer(answers: Answers, key: string): boolean | undefined {
  const value = answers[key];
  return typeof value === "boolean" ? value : undefined;
}

/** A non-negative finite number answer. */
export function numberAnswer(answers: Answers, key: string): number | undefined {
  const value = answers[key];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
