import { Space, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { countdown, dateTime } from "../../shared/format";
import { useNow } from "../../shared/useNow";
import { useSla, type SlaClock } from "./queries";

/** A clock's colour: calm while time is left, orange once warned, red when breached or missed. */
function colourOf(clock: SlaClock): string {
  switch (clock.status) {
    case "running":
      return "blue";
    case "warning":
      return "orange";
    case "breached":
    case "missed":
      return "red";
    case "met":
      return "green";
    case "paused":
      return "default";
  }
}

/** The case's SLA clocks with a live countdown to each running deadline. */
export function SlaClocks({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const sla = useSla(caseId);
  const now = useNow(1_000);
  if (sla.isPending) return <Typography.Text type="secondary">{t("loadingSla")}</Typography.Text>;
  if (sla.error || !sla.data)
    return (
      <Typography.Link type="danger" onClick={() => void sla.refetch()} data-testid="sla-error">
        {t("slaFailed")}
      </Typography.Link>
    );
  if (sla.data.clocks.length === 0) return <Typography.Text type="secondary">{t("noClocks")}</Typography.Text>;
  return (
    <Space wrap size={4} data-testid="sla-clocks">
      {sla.data.clocks.map((clock) => {
        const ticking = clock.deadlineAt && !clock.stoppedAt;
        const left = ticking && clock.deadlineAt ? countdown(clock.deadlineAt, now).text : t(`clockStatus.${clock.status}`);
        return (
          <Tooltip key={clock.id} title={`${t(`clockStatus.${clock.status}`)} · ${t("deadline")} ${dateTime(clock.deadlineAt)}`}>
            <Tag color={colourOf(clock)} style={{ marginInlineEnd: 0 }}>
              {t(`clock.${clock.kind}`, { defaultValue: clock.kind })} {left}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
