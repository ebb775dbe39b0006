import type { ReactNode } from "react";
import { Button, DotLoading, ErrorBlock } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useProblemText } from "./problemText";

/** Loading, error (with retry) and empty states of one query on a phone screen. */
export function PhoneQuery<T>({
  query,
  empty,
  isEmpty,
  children,
}: {
  query: { data: T | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  if (query.isPending)
    return (
      <div style={{ padding: 32, textAlign: "center", color: "#999" }} data-testid="loading">
        {t("loading")} <DotLoading />
      </div>
    );
  if (query.error || query.data === undefined)
    return (
      <ErrorBlock status="default" title={t("error")} description={problemText(query.error)} data-testid="load-error">
        <Button color="primary" size="small" onClick={() => void query.refetch()}>
          {t("retry")}
        </Button>
      </ErrorBlock>
    );
  if (isEmpty?.(query.data)) return <>{empty ?? <ErrorBlock status="empty" title={t("empty")} description="" data-testid="empty" />}</>;
  return <>{children(query.data)}</>;
}
