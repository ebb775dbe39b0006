import { Input, Selector } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import type { GuidedQuestion } from "../../shared/questions";

export type Answers = Record<string, boolean | number | string>;

/** The problem type's guided questions, answered once for every customer the report reaches. */
export function QuestionFields({ questions, answers, onChange }: { questions: GuidedQuestion[]; answers: Answers; onChange: (next: Answers) => void }) {
  const { t } = useTranslation("leader");
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
        <div key={q.key} style={{ marginBottom: 10 }} data-testid={`question-${q.key}`}>
          <div style={{ fontSize: 13, marginBottom: 4 }}>
            {q.required && <span style={{ color: "#ff3141" }}>* </span>}
            {bilingual(q.label)}
          </div>
          {q.kind === "boolean" && (
            <Selector
              options={[
                { value: "yes", label: t("report.yes") },
                { value: "no", label: t("report.no") },
              ]}
              value={answers[q.key] === true ? ["yes"] : answers[q.key] === false ? ["no"] : []}
              onChange={(v) => set(q.key, v[0] === undefined ? undefined : v[0] === "yes")}
            />
          )}
          {q.kind === "choice" && (
            <Selector
              options={(q.options ?? []).map((o) => ({ value: o.value, label: bilingual(o.label) }))}
              value={typeof answers[q.key] === "string" ? [String(answers[q.key])] : []}
              onChange={(v) => set(q.key, v[0])}
            />
          )}
          {q.kind === "number" && (
            <Input
              inputMode="decimal"
              value={typeof answers[q.key] === "number" ? String(answers[q.key]) : ""}
              onChange={(v) => set(q.key, v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined)}
              style={{ borderBottom: "1px solid #eee" }}
            />
          )}
        </div>
      ))}
    </>
  );
}
