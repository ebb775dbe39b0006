import type { ReactNode } from "react";
import { Alert, Button, Empty, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useProblemText } from "./problemText";

/**
 * Loading, error (with retry) and empty states of one query on a desk screen, so no screen
 * shows a blank area or a half-drawn table.
 */
export function DeskQuery<T>({
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
  if (query.isPending) return <Skeleton active paragraph={{ rows: 6 }} data-testid="loading" />;
  if (query.error || query.data === undefined)
    return (
      <Alert
        type="error"
        showIcon
        data-testid="load-error"
        title={t("error")}
        description={problemText(query.error)}
        action={<Button onClick={() => void query.refetch()}>{t("retry")}</Button>}
      />
    );
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty description={t("empty")} data-testid="empty" />}</>;
  return <>{children(query.data)}</>;
}
