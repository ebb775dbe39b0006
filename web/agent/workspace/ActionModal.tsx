import type { ReactNode } from "react";
import { Modal, Space } from "antd";
import { useTranslation } from "react-i18next";
import { WriteError } from "./WriteError";

/** One action's form in a dialog: refused, it stays open with the problem and what was typed. */
export function ActionModal({
  title,
  open,
  onClose,
  onSubmit,
  pending,
  error,
  canSubmit = true,
  danger = false,
  testId,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  canSubmit?: boolean;
  danger?: boolean;
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const submitTestId = { "data-testid": `${testId}-submit` }; // a spread: data-* is no ButtonProps key
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={onSubmit}
      okText={t("confirm")}
      cancelText={t("cancel")}
      confirmLoading={pending}
      okButtonProps={{ disabled: !canSubmit, danger, ...submitTestId }}
      destroyOnHidden
    >
      <Space orientation="vertical" size={10} style={{ width: "100%" }} data-testid={testId}>
        {children}
        <WriteError error={error} />
      </Space>
    </Modal>
  );
}
