import { Button, Space, Tag, Tooltip, Typography } from "antd";
import { EyeOutlined } from "@ant-design/icons";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import type { paths } from "../../shared/api";
import type { ExportColumn } from "../../shared/export";
import { dateTime, shortDateTime, yuan } from "../../shared/format";
import { STAGE_EN } from "../locales";
import { Countdown } from "./Countdown";

export type QueueRow = paths["/api/v1/queue"]["get"]["responses"][200]["content"]["application/json"]["cases"][number];

const stageLabel = (stage: string, language: string) => (language === "en" ? (STAGE_EN[stage] ?? stage) : stage);

/** The queue's table columns; the take button shows only on cases nobody owns. */
export function queueColumns(t: TFunction<"agent">, language: string, take: { run: (row: QueueRow) => void; pending: string | null }): ColumnsType<QueueRow> {
  return [
    {
      title: t("queue.deadline"),
      key: "deadline",
      width: 140,
      render: (_, r) => <Countdown deadline={r.nextDeadline?.at ?? null} warnAt={r.nextDeadline?.warnAt ?? null} label={r.nextDeadline ? t(`queue.clock.${r.nextDeadline.kind}`, { defaultValue: r.nextDeadline.kind }) : undefined} />,
    },
    {
      title: t("queue.case"),
      key: "case",
      render: (_, r) => (
        <Space size={4}>
          <Typography.Text strong copyable={{ text: r.caseId, tooltips: false }}>
            {r.caseId}
          </Typography.Text>
          <Typography.Text type="secondary">{shortDateTime(r.createdAt)}</Typography.Text>
        </Space>
      ),
    },
    { title: t("queue.problemType"), key: "problemType", width: 110, render: (_, r) => t(`domain:problem.${r.problemType}`, { defaultValue: r.problemType }) },
    { title: t("queue.amount"), key: "amount", width: 100, align: "right", render: (_, r) => yuan(r.claimedFen) },
    {
      title: t("queue.stage"),
      key: "stage",
      width: 150,
      render: (_, r) => (
        <Tooltip title={t(`states.${r.state}`, { defaultValue: r.state })}>
          <Tag>{stageLabel(r.stage, language)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t("queue.owner"),
      key: "owner",
      width: 110,
      render: (_, r) => (r.ownerName ? r.ownerName : <Typography.Text type="secondary">{t("queue.unowned")}</Typography.Text>),
    },
    {
      title: t("queue.viewers"),
      key: "viewers",
      width: 150,
      render: (_, r) =>
        r.viewers.length ? (
          <Space size={2} wrap data-testid="viewers">
            {r.viewers.map((v) => (
              <Tag key={v.staffId} icon={<EyeOutlined />} color="blue">
                {v.name}
              </Tag>
            ))}
          </Space>
        ) : null,
    },
    {
      title: t("queue.escalation"),
      key: "escalation",
      width: 80,
      align: "center",
      render: (_, r) => (r.escalationLevel > 0 ? <Tag color="volcano">L{r.escalationLevel}</Tag> : "—"),
    },
    {
      title: t("queue.actions"),
      key: "actions",
      width: 90,
      render: (_, r) =>
        r.ownerId ? null : (
          <Button
            size="small"
            type="primary"
            data-testid="take"
            loading={take.pending === r.caseId}
            onClick={(e) => {
              e.stopPropagation();
              take.run(r);
            }}
          >
            {t("queue.take")}
          </Button>
        ),
    },
  ];
}

/** The same table as an Excel sheet: numbers stay numbers (yuan), times stay times. */
export function queueExportColumns(t: TFunction<"agent">, language: string): ExportColumn<QueueRow>[] {
  return [
    { title: t("queue.case"), value: (r) => r.caseId, width: 24 },
    { title: t("queue.deadline"), value: (r) => (r.nextDeadline ? dateTime(r.nextDeadline.at) : null), width: 18 },
    { title: t("queue.problemType"), value: (r) => t(`domain:problem.${r.problemType}`, { defaultValue: r.problemType }) },
    { title: t("queue.amount"), value: (r) => r.claimedFen / 100 },
    { title: t("queue.stage"), value: (r) => stageLabel(r.stage, language) },
    { title: t("queue.state"), value: (r) => t(`states.${r.state}`, { defaultValue: r.state }) },
    { title: t("queue.owner"), value: (r) => r.ownerName ?? "" },
    { title: t("queue.escalation"), value: (r) => r.escalationLevel },
    { title: t("queue.viewers"), value: (r) => r.viewers.map((v) => v.name).join(", "), width: 24 },
  ];
}
