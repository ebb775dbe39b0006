import { useMemo, useRef, useState } from "react";
import { App, Badge, Button, Card, Flex, Input, Popover, Space, Table, Typography, type InputRef } from "antd";
import { DownloadOutlined, QuestionCircleOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useProblemText } from "../../shared/problemText";
import { exportXlsx } from "../../shared/export";
import { useLanguage } from "../../shared/i18n";
import { useCaseStream, type StreamStatus } from "../../shared/stream";
import { QueueFilters, filterOf, paramsOf } from "./QueueFilters";
import { queueColumns, queueExportColumns, type QueueRow } from "./queueColumns";
import { SavedViews } from "./SavedViews";
import { useQueueKeys } from "./useQueueKeys";
import { useDebouncedInvalidate } from "./useDebouncedInvalidate";

const PAGE = 50;

/** The work queue: open cases nearest SLA deadline first, live, with filters, views and shortcuts. */
export function QueuePage() {
  const { t } = useTranslation("agent");
  const language = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const search = useRef<InputRef>(null);
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);

  const queue = useInfiniteQuery({
    queryKey: ["queue", filter],
    queryFn: ({ pageParam }) => call(api.GET("/api/v1/queue", { params: { query: { view: "team", ...filter, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.cases) ?? [], [queue.data]);

  // every case event may change what the queue shows: reload it (a burst of events, once)
  const reload = useDebouncedInvalidate(["queue"]);
  const status = useCaseStream(reload);

  const take = useMutation({
    mutationFn: (row: QueueRow) => call(api.POST("/api/v1/cases/{caseId}/take", { params: { path: { caseId: row.caseId } } })),
    onSuccess: (ownership) => {
      message.success(t("queue.taken", { caseId: ownership.caseId }));
      void client.invalidateQueries({ queryKey: ["queue"] });
    },
    onError: (e) => message.error(problemText(e)),
  });

  const current = rows[Math.min(selected, rows.length - 1)];
  const open = (row: QueueRow | undefined) => row && navigate(`/desk/agent/cases/${encodeURIComponent(row.caseId)}`);
  useQueueKeys({
    move: (by) => {
      const next = Math.max(0, Math.min(rows.length - 1, selected + by));
      setSelected(next);
      const id = rows[next]?.caseId;
      if (id) document.querySelector(`[data-row-key="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" });
    },
    open: () => open(current),
    take: () => current && !current.ownerId && !take.isPending && take.mutate(current),
    focusSearch: () => search.current?.focus(),
    toggleHelp: () => setHelp((h) => !h),
  });

  const setFilter = (next: Record<string, unknown>) => {
    setSelected(0);
    setParams(paramsOf(next));
  };
  // The router renders a new address in a transition, so right after one change `params` can
  // still be the old address: a second quick change is applied over the address itself, or it
  // would undo the first.
  const patchFilter = (patch: Record<string, unknown>) => {
    setSelected(0);
    setParams(paramsOf({ ...filterOf(new URLSearchParams(window.location.search)), ...patch }));
  };
  const columns = queueColumns(t, language, { run: (row) => take.mutate(row), pending: take.isPending ? (take.variables?.caseId ?? null) : null });

  return (
    <Card
      title={
        <Space>
          {t("queue.title")}
          <LiveBadge status={status} />
        </Space>
      }
      extra={
        <Space>
          <Input
            ref={search}
            data-testid="case-search"
            style={{ width: 240 }}
            placeholder={t("queue.goTo")}
            onPressEnter={(e) => {
              const id = e.currentTarget.value.trim();
              if (id) navigate(`/desk/agent/cases/${encodeURIComponent(id)}`);
            }}
          />
          <Popover open={help} onOpenChange={setHelp} trigger="click" title={t("keys.title")} content={<ShortcutHelp />}>
            <Button icon={<QuestionCircleOutlined />} data-testid="shortcut-help">
              {t("keys.help")}
            </Button>
          </Popover>
          <Button
            icon={<DownloadOutlined />}
            data-testid="export"
            disabled={!rows.length}
            onClick={() => void exportXlsx(`${t("queue.exportName")}-${new Date().toISOString().slice(0, 10)}`, queueExportColumns(t, language), rows)}
          >
            {t("common:export")}
          </Button>
        </Space>
      }
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <QueueFilters filter={filter} onChange={patchFilter} onClear={() => setFilter({})} />
        <SavedViews screen="queue" currentFilters={() => paramsOf(filterOf(new URLSearchParams(window.location.search)))} onApply={setFilter} />
      </Flex>
      <DeskQuery query={queue} isEmpty={() => rows.length === 0}>
        {() => (
          <>
            <Table<QueueRow>
              data-testid="queue-table"
              rowKey="caseId"
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={false}
              onRow={(row, index) => ({
                onClick: () => open(row),
                onMouseEnter: () => index !== undefined && setSelected(index),
                style: { cursor: "pointer", ...(row === current ? { background: "#e6f4ff", boxShadow: "inset 3px 0 0 #1677ff" } : {}) },
                "aria-selected": row === current,
              })}
            />
            <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t("queue.count", { count: rows.length })}</Typography.Text>
              {queue.hasNextPage ? (
                <Button data-testid="load-more" loading={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
                  {t("queue.loadMore")}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t("queue.allLoaded")}</Typography.Text>
              )}
            </Flex>
          </>
        )}
      </DeskQuery>
    </Card>
  );
}

function LiveBadge({ status }: { status: StreamStatus }) {
  const { t } = useTranslation("agent");
  const tone = status === "live" ? "success" : status === "connecting" ? "processing" : "warning";
  return <Badge status={tone} text={<Typography.Text type="secondary" style={{ fontWeight: "normal" }}>{t(`live.${status}`)}</Typography.Text>} data-testid="stream-status" data-status={status} />;
}

function ShortcutHelp() {
  const { t } = useTranslation("agent");
  const keys: [string, string][] = [
    ["j / k", t("keys.move")],
    ["Enter", t("keys.open")],
    ["t", t("keys.take")],
    ["/", t("keys.search")],
  ];
  return (
    <table data-testid="shortcut-list">
      <tbody>
        {keys.map(([key, what]) => (
          <tr key={key}>
            <td style={{ paddingRight: 16 }}>
              <Typography.Text keyboard>{key}</Typography.Text>
            </td>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
