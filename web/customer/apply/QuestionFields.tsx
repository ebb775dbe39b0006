import { Form, Input, Selector } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import type { GuidedQuestion } from "../../shared/questions";

export type Answers = Record<string, boolean | number | string>;

/** The guided questions of the chosen problem type, and only those (the policy says which). */
export function QuestionFields({ questions, answers, onChange }: { questions: GuidedQuestion[]; answers: Answers; onChange: (next: Answers) => void }) {
  const { t } = useTranslation("customer");
  const bilingual = useBilingual();
  const set = (key: string, value: boolean | number | string | undefined) => {
    const next = { ...answers };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <>
      {questions.map((q) => (
        <Form.Item key={q.key} label={bilingual(q.label)} required={q.required} data-testid={`question-${q.key}`}>
          {q.kind === "boolean" && (
            <Selector
              columns={2}
              options={[
                { label: t("apply.yes"), value: "yes" },
                { label: t("apply.no"), value: "no" },
              ]}
              value={answers[q.key] === true ? ["yes"] : answers[q.key] === false ? ["no"] : []}
              onChange={(v) => set(q.key, v[0] === undefined ? undefined : v[0] === "yes")}
            />
          )}
          {q.kind === "choice" && (
            <Selector
              columns={2}
              options={(q.options ?? []).map((o) => ({ label: bilingual(o.label), value: o.value }))}
              value={typeof answers[q.key] === "string" ? [String(answers[q.key])] : []}
              onChange={(v) => set(q.key, v[0])}
            />
          )}
          {q.kind === "number" && (
            <Input
              type="number"
              inputMode="decimal"
              placeholder={t("apply.grams")}
              value={typeof answers[q.key] === "number" ? String(answers[q.key]) : ""}
              onChange={(text) => set(q.key, text.trim() === "" || !Number.isFinite(Number(text)) ? undefined : Number(text))}
            />
          )}
        </Form.Item>
      ))}
    </>
  );
}
