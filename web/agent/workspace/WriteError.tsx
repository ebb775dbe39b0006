import { Alert, Space, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";

/**
 * Why the server refused a write, next to the form that sent it (the form keeps its input). A
 * refused transition lists what the case allows now, as the API said.
 */
export function WriteError({ error }: { error: unknown }) {
  const { t } = useTranslation("workspace");
  const problemText = useProblemText();
  if (!error) return null;
  const allowed = error instanceof ApiProblem && Array.isArray(error.body.allowedActions) ? error.body.allowedActions.filter((a): a is string => typeof a === "string") : null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="write-error"
      title={problemText(error)}
      description={
        allowed ? (
          <Space wrap size={4}>
            {t("allowedNow")}
            {allowed.length ? allowed.map((a) => <Tag key={a}>{t(`action.${a}`, { defaultValue: a })}</Tag>) : t("nothingAllowed")}
          </Space>
        ) : undefined
      }
    />
  );
}
