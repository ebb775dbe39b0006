import { Card, Steps } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import { shortDateTime } from "../../shared/format";
import type { ProgressStep } from "../queries";

const STEP_STATUS = { done: "finish", current: "process", upcoming: "wait", closed: "error" } as const;

/** The case's plain stages (审核中 · 待退货 · 退货中 · 处理中 · 已完成) with when and by when. */
export function ProgressTracker({ steps }: { steps: ProgressStep[] }) {
  const { t } = useTranslation("customer");
  const bilingual = useBilingual();
  const current = Math.max(0, steps.findIndex((s) => s.status === "current" || s.status === "closed"));
  return (
    <Card title={t("case.progress")} style={{ margin: 12 }} data-testid="progress">
      <Steps direction="vertical" current={current === -1 ? steps.length - 1 : current}>
        {steps.map((s) => (
          <Steps.Step
            key={s.stage}
            data-testid={`progress-${s.stage}`}
            data-status={s.status}
            status={STEP_STATUS[s.status]}
            title={bilingual(s.label)}
            description={
              <span>
                {s.reachedAt ? shortDateTime(s.reachedAt) : ""}
                {s.expectedBy ? (
                  <span style={{ color: "var(--adm-color-warning)" }} data-testid="expected-by">
                    {s.reachedAt ? " · " : ""}
                    {t("case.expectedBy", { at: shortDateTime(s.expectedBy) })}
                  </span>
                ) : null}
              </span>
            }
          />
        ))}
      </Steps>
    </Card>
  );
}
