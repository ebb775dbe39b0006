import { useState } from "react";
import { App, Button, Flex, Input, Popconfirm, Popover, Select, Space, Tooltip, Typography } from "antd";
import { DeleteOutlined, SaveOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";

export type ViewScreen = "queue" | "tasks";
export type Filters = Record<string, unknown>;

/**
 * My saved views of a work list: pick one to apply its filters, save the current filters under a
 * name, delete the one picked. The views live on the server (GET/POST/DELETE /me/views), so they
 * follow the person to another desk.
 */
export function SavedViews({ screen, currentFilters, onApply }: { screen: ViewScreen; currentFilters: () => Filters; onApply: (filters: Filters) => void }) {
  const { t } = useTranslation("agent");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const key = ["views", screen];
  const views = useQuery({ queryKey: key, queryFn: () => call(api.GET("/api/v1/me/views", { params: { query: { screen } } })) });
  const [picked, setPicked] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");

  const save = useMutation({
    // the filters as they are when the person saves: the address, which a render may not have caught up with
    mutationFn: () => call(api.POST("/api/v1/me/views", { body: { screen, name: name.trim(), filters: currentFilters() } })),
    onSuccess: (view) => {
      // shown at once, picked; the reload after it brings the server's order
      client.setQueryData(key, (old: typeof views.data) => (old ? { views: [...old.views.filter((v) => v.id !== view.id), view] } : { views: [view] }));
      void client.invalidateQueries({ queryKey: key });
      setPicked(view.id);
      setNaming(false);
      setName("");
      message.success(t("views.saved"));
    },
  });
  const remove = useMutation({
    mutationFn: (viewId: string) => call(api.DELETE("/api/v1/me/views/{viewId}", { params: { path: { viewId } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key });
      setPicked(null);
      message.success(t("views.deleted"));
    },
    onError: (e) => message.error(problemText(e)),
  });

  const list = views.data?.views ?? [];
  const current = list.find((v) => v.id === picked);
  const nameForm = (
    <Flex vertical gap={8} style={{ width: 260 }}>
      <Input
        autoFocus
        data-testid="view-name"
        placeholder={t("views.name")}
        maxLength={60}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onPressEnter={() => name.trim() && save.mutate()}
      />
      {save.error ? <Typography.Text type="danger" data-testid="view-error">{problemText(save.error)}</Typography.Text> : null}
      <Button type="primary" block data-testid="view-save-confirm" disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()}>
        {t("common:save")}
      </Button>
    </Flex>
  );

  return (
    <Space.Compact>
      <Select
        data-testid="views-select"
        style={{ width: 200 }}
        allowClear
        placeholder={views.error ? t("views.loadFailed") : t("views.placeholder")}
        status={views.error ? "error" : undefined}
        loading={views.isPending}
        value={current ? current.id : null}
        options={list.map((v) => ({ value: v.id, label: v.name }))}
        onChange={(id: string | undefined) => {
          setPicked(id ?? null);
          const view = list.find((v) => v.id === id);
          if (view) onApply(view.filters);
        }}
        onOpenChange={(open) => open && views.error && void views.refetch()}
      />
      <Popover open={naming} onOpenChange={setNaming} trigger="click" title={t("views.save")} content={nameForm}>
        <Tooltip title={t("views.save")}>
          <Button icon={<SaveOutlined />} data-testid="view-save" aria-label={t("views.save")} />
        </Tooltip>
      </Popover>
      <Popconfirm title={current ? t("views.deleteConfirm", { name: current.name }) : ""} disabled={!current} onConfirm={() => current && remove.mutate(current.id)}>
        <Tooltip title={t("views.delete")}>
          <Button icon={<DeleteOutlined />} danger disabled={!current} loading={remove.isPending} data-testid="view-delete" aria-label={t("views.delete")} />
        </Tooltip>
      </Popconfirm>
    </Space.Compact>
  );
}
