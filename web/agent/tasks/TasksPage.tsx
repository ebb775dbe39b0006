import { useMemo, useState } from "react";
import { App, Button, Card, Flex, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import type { ColumnsType } from "antd/es/table";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useProblemText } from "../../shared/problemText";
import { exportXlsx } from "../../shared/export";
import { dateTime, shortDateTime } from "../../shared/format";
import { useSession } from "../../shared/session";
import { useCaseStream } from "../../shared/stream";
import { Countdown } from "../queue/Countdown";
import { SavedViews, type Filters } from "../queue/SavedViews";
import { useDebouncedInvalidate } from "../queue/useDebouncedInvalidate";
import { CancelTask, CompleteTask } from "./CompleteTask";
import { ManualRefunds } from "./ManualRefunds";
import { TASK_STATES, type TaskFilter, type TaskRow } from "./taskTypes";

type Dialog = { kind: "complete" | "cancel"; task: TaskRow } | null;
const FINISHED = ["done", "cancelled"];

function filterOf(params: URLSearchParams): TaskFilter {
  const state = params.get("state") as TaskFilter["state"] | null;
  return { ...(state && TASK_STATES.includes(state) ? { state } : {}), ...(params.get("mine") === "true" ? { mine: true } : {}) };
}
function paramsOf(f: Filters): Record<string, string> {
  return { ...(typeof f.state === "string" ? { state: f.state } : {}), ...(f.mine === true ? { mine: "true" } : {}) };
}

/** A department's work list (warehouse, finance, supplier quality): nearest SLA deadline first. */
export function TasksPage() {
  const { t } = useTranslation("agent");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const me = useSession()?.user;
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const [dialog, setDialog] = useState<Dialog>(null);
  // over the address itself: the router may not have rendered the previous change yet
  const patch = (change: Filters) => setParams(paramsOf({ ...filterOf(new URLSearchParams(window.location.search)), ...change }));

  const tasks = useQuery({ queryKey: ["tasks", filter], queryFn: () => call(api.GET("/api/v1/tasks", { params: { query: { mine: false, ...filter, limit: 200 } } })) });
  const reload = useDebouncedInvalidate(["tasks"]);
  const reloadRefunds = useDebouncedInvalidate(["refunds"]);
  useCaseStream((e) => {
    reload();
    if (e.topic.startsWith("refund") || e.topic === "reset") reloadRefunds();
  });

  const take = useMutation({
    mutationFn: (task: TaskRow) => call(api.POST("/api/v1/tasks/{taskId}/take", { params: { path: { taskId: task.id } } })),
    onSuccess: () => {
      message.success(t("tasks.taken"));
      void client.invalidateQueries({ queryKey: ["tasks"] });
    },
    onError: (e) => message.error(problemText(e)),
  });

  const kindLabel = (k: string) => t(`tasks.kinds.${k}`, { defaultValue: k });
  const stateLabel = (s: string) => t(`tasks.states.${s}`, { defaultValue: s });
  const columns: ColumnsType<TaskRow> = [
    {
      title: t("tasks.deadline"),
      key: "deadline",
      width: 140,
      render: (_, r) =>
        r.sla && !r.sla.stoppedAt ? (
          <Countdown deadline={r.sla.deadlineAt} status={r.sla.status === "breached" ? "breached" : r.sla.status === "warning" ? "warning" : undefined} />
        ) : r.sla ? (
          <Tag color={r.sla.status === "met" ? "success" : "error"}>{t(`tasks.sla.${r.sla.status}`)}</Tag>
        ) : (
          "—"
        ),
    },
    { title: t("tasks.kind"), key: "kind", width: 110, render: (_, r) => <Tag color="geekblue">{kindLabel(r.kind)}</Tag> },
    {
      title: t("tasks.case"),
      key: "case",
      width: 220,
      render: (_, r) => (
        <Flex vertical>
          <Typography.Text strong>{r.caseId}</Typography.Text>
          <Typography.Text type="secondary">{shortDateTime(r.createdAt)}</Typography.Text>
        </Flex>
      ),
    },
    { title: t("tasks.note"), key: "note", render: (_, r) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.note }} style={{ margin: 0 }}>{r.note}</Typography.Paragraph> },
    { title: t("tasks.assignee"), key: "assignee", width: 100, render: (_, r) => r.assigneeName ?? "—" },
    { title: t("tasks.state"), key: "state", width: 90, render: (_, r) => <Tag color={r.state === "in_progress" ? "processing" : r.state === "done" ? "success" : "default"}>{stateLabel(r.state)}</Tag> },
    {
      title: t("tasks.actions"),
      key: "actions",
      width: 230,
      render: (_, r) =>
        FINISHED.includes(r.state) ? null : (
          <Space size={4}>
            {r.state === "open" ? (
              <Button size="small" data-testid="task-take" loading={take.isPending && take.variables?.id === r.id} onClick={() => take.mutate(r)}>
                {t("tasks.take")}
              </Button>
            ) : null}
            {r.state === "open" || r.assigneeId === me?.id ? (
              <Button size="small" type="primary" data-testid="task-complete" onClick={() => setDialog({ kind: "complete", task: r })}>
                {t("tasks.complete")}
              </Button>
            ) : null}
            <Button size="small" danger type="text" data-testid="task-cancel" onClick={() => setDialog({ kind: "cancel", task: r })}>
              {t("tasks.cancel")}
            </Button>
          </Space>
        ),
    },
  ];

  const rows = tasks.data?.tasks ?? [];
  const exportRows = () =>
    void exportXlsx(
      `${t("tasks.exportName")}-${new Date().toISOString().slice(0, 10)}`,
      [
        { title: t("tasks.case"), value: (r: TaskRow) => r.caseId, width: 24 },
        { title: t("tasks.kind"), value: (r: TaskRow) => kindLabel(r.kind) },
        { title: t("tasks.state"), value: (r: TaskRow) => stateLabel(r.state) },
        { title: t("tasks.deadline"), value: (r: TaskRow) => (r.sla?.deadlineAt ? dateTime(r.sla.deadlineAt) : null), width: 18 },
        { title: t("tasks.assignee"), value: (r: TaskRow) => r.assigneeName ?? "" },
        { title: t("tasks.note"), value: (r: TaskRow) => r.note, width: 40 },
      ],
      rows,
    );

  return (
    <Flex vertical gap={16}>
      <Card
        title={t("tasks.title")}
        extra={
          <Button icon={<DownloadOutlined />} data-testid="export" disabled={!rows.length} onClick={exportRows}>
            {t("common:export")}
          </Button>
        }
      >
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Select
              data-testid="task-state-filter"
              style={{ width: 170 }}
              allowClear
              placeholder={t("tasks.allStates")}
              value={filter.state ?? null}
              options={TASK_STATES.map((s) => ({ value: s, label: stateLabel(s) }))}
              onChange={(state: TaskFilter["state"] | undefined) => patch({ state })}
            />
            <Space>
              <Switch checked={filter.mine === true} onChange={(mine) => patch({ mine })} data-testid="task-mine" />
              {t("tasks.mine")}
            </Space>
          </Space>
          <SavedViews screen="tasks" currentFilters={() => filterOf(new URLSearchParams(window.location.search))} onApply={(f) => setParams(paramsOf(f))} />
        </Flex>
        <DeskQuery query={tasks} isEmpty={(d) => d.tasks.length === 0}>
          {(d) => <Table<TaskRow> data-testid="tasks-table" rowKey="id" size="middle" columns={columns} dataSource={d.tasks} pagination={{ pageSize: 50, hideOnSinglePage: true }} />}
        </DeskQuery>
      </Card>
      {me?.role === "finance" ? <ManualRefunds /> : null}
      {dialog?.kind === "complete" ? <CompleteTask task={dialog.task} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "cancel" ? <CancelTask task={dialog.task} onClose={() => setDialog(null)} /> : null}
    </Flex>
  );
}
