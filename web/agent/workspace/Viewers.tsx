import { Avatar, Space, Tooltip, Typography } from "antd";
import { EyeOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Viewer } from "./usePresence";

/** Colleagues who have this case open now, so two people do not answer the same customer. */
export function Viewers({ others }: { others: Viewer[] }) {
  const { t } = useTranslation("workspace");
  return (
    <Space size={6} data-testid="viewers">
      <EyeOutlined />
      {others.length === 0 ? (
        <Typography.Text type="secondary">{t("onlyYou")}</Typography.Text>
      ) : (
        <>
          <Avatar.Group max={{ count: 4 }} size="small">
            {others.map((v) => (
              <Tooltip key={v.staffId} title={`${v.name} · ${t(`roles.${v.role}`, { ns: "common", defaultValue: v.role })}`}>
                <Avatar style={{ backgroundColor: "#fa8c16" }}>{v.name.slice(0, 1)}</Avatar>
              </Tooltip>
            ))}
          </Avatar.Group>
          <Typography.Text data-testid="viewer-names">{t("alsoViewing", { names: others.map((v) => v.name).join("、") })}</Typography.Text>
        </>
      )}
    </Space>
  );
}
