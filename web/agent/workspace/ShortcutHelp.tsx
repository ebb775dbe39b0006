import { Modal, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";

export const SHORTCUTS = [
  ["a", "approve"],
  ["r", "reject"],
  ["i", "request_info"],
  ["e", "escalate"],
  ["n", "note"],
  ["m", "message"],
  ["?", "help"],
] as const;

/** The keyboard shortcuts, opened with "?". */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("workspace");
  return (
    <Modal title={t("shortcuts")} open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r[0]}
        dataSource={[...SHORTCUTS]}
        columns={[
          { title: t("key"), key: "key", width: 80, render: (_, r) => <Typography.Text keyboard>{r[0]}</Typography.Text> },
          { title: t("does"), key: "does", render: (_, r) => t(`shortcut.${r[1]}`) },
        ]}
      />
      <Typography.Text type="secondary">{t("shortcutsNotTyping")}</Typography.Text>
    </Modal>
  );
}
