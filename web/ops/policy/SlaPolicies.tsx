import { useState } from "react";
import { Alert, App, Button, Card, Form, InputNumber, Modal, Select, Switch, Table } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { exportXlsx, type ExportColumn } from "../../shared/export";
import { dateTime } from "../../shared/format";
import type { SlaPolicy, SlaTerms } from "./queries";

const DEPARTMENTS: SlaTerms["department"][] = ["agent", "leader", "warehouse", "finance", "supplier_quality"];
const CALENDARS: SlaTerms["calendar"][] = ["cn_customer_service", "cn_office", "around_the_clock"];
const BREACH_ACTIONS: SlaTerms["onBreach"][] = ["notify", "reassign_supervisor"];

/** The SLA terms of every stage; operations may change one stage's terms (running clocks keep theirs). */
export function SlaPolicies({ policies, canEdit }: { policies: SlaPolicy[]; canEdit: boolean }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [editing, setEditing] = useState<SlaPolicy["kind"] | null>(null);
  const yes = (b: boolean) => (b ? t("sla.yes") : t("sla.no"));
  const columns: (ExportColumn<SlaPolicy> & { key: string })[] = [
    { key: "kind", title: t("sla.kind"), value: (p) => p.kind, width: 20 },
    { key: "department", title: t("sla.department"), value: (p) => p.department, width: 16 },
    { key: "calendar", title: t("sla.calendar"), value: (p) => p.calendar, width: 22 },
    { key: "budget", title: t("sla.budget"), value: (p) => p.budgetMinutes, width: 14 },
    { key: "warn", title: t("sla.warn"), value: (p) => p.warnFraction, width: 10 },
    { key: "onBreach", title: t("sla.onBreach"), value: (p) => p.onBreach, width: 20 },
    { key: "enabled", title: t("sla.enabled"), value: (p) => yes(p.enabled), width: 8 },
    { key: "updatedAt", title: t("sla.updatedAt"), value: (p) => dateTime(p.updatedAt), width: 18 },
    { key: "updatedBy", title: t("sla.updatedBy"), value: (p) => p.updatedBy, width: 16 },
  ];
  const current = policies.find((p) => p.kind === editing) ?? null;
  return (
    <Card
      size="small"
      title={t("policy.tabs.sla")}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx(t("sla.exportName"), columns, policies).catch((e: unknown) => void message.error(problemText(e)))} data-testid="export-sla">
          {t("export", { ns: "common" })}
        </Button>
      }
    >
      <Table<SlaPolicy>
        size="small"
        rowKey="kind"
        dataSource={policies}
        pagination={false}
        data-testid="sla-policies"
        columns={[
          ...columns.map((c) => ({ key: c.key, title: c.title, render: (_: unknown, p: SlaPolicy) => String(c.value(p) ?? "") })),
          ...(canEdit
            ? [{ key: "edit", title: "", render: (_: unknown, p: SlaPolicy) => <Button size="small" type="link" onClick={() => setEditing(p.kind)}>{t("sla.edit")}</Button> }]
            : []),
        ]}
      />
      {current && <SlaEditor policy={current} onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** One stage's terms in a dialog; what was typed survives a failed save. */
function SlaEditor({ policy, onClose }: { policy: SlaPolicy; onClose: () => void }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const { kind, department, calendar, budgetMinutes, warnFraction, onBreach, enabled } = policy;
  const [terms, setTerms, clear] = useDraft<SlaTerms>(`ops.sla.${kind}`, { department, calendar, budgetMinutes, warnFraction, onBreach, enabled });
  const save = useMutation({
    mutationFn: () => call(api.PUT("/api/v1/sla/policies/{kind}", { params: { path: { kind } }, body: terms })),
    onSuccess: async () => {
      clear();
      void message.success(t("sla.saved"));
      await client.invalidateQueries({ queryKey: ["sla", "policies"] });
      onClose();
    },
  });
  const set = <K extends keyof SlaTerms>(key: K, value: SlaTerms[K]) => setTerms((d) => ({ ...d, [key]: value }));
  return (
    <Modal open title={t("sla.editTitle", { kind })} onCancel={onClose} onOk={() => save.mutate()} confirmLoading={save.isPending} okText={t("save", { ns: "common" })} cancelText={t("cancel", { ns: "common" })}>
      <Form layout="vertical">
        <Form.Item label={t("sla.department")}>
          <Select value={terms.department} options={DEPARTMENTS.map((d) => ({ value: d, label: d }))} onChange={(v) => set("department", v)} />
        </Form.Item>
        <Form.Item label={t("sla.calendar")}>
          <Select value={terms.calendar} options={CALENDARS.map((c) => ({ value: c, label: c }))} onChange={(v) => set("calendar", v)} />
        </Form.Item>
        <Form.Item label={t("sla.budget")}>
          <InputNumber min={1} max={43_200} precision={0} value={terms.budgetMinutes} onChange={(v) => typeof v === "number" && set("budgetMinutes", v)} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item label={t("sla.warn")}>
          <InputNumber min={0.05} max={0.95} step={0.05} value={terms.warnFraction} onChange={(v) => typeof v === "number" && set("warnFraction", v)} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item label={t("sla.onBreach")}>
          <Select value={terms.onBreach} options={BREACH_ACTIONS.map((a) => ({ value: a, label: a }))} onChange={(v) => set("onBreach", v)} />
        </Form.Item>
        <Form.Item label={t("sla.enabled")}>
          <Switch checked={terms.enabled} onChange={(v) => set("enabled", v)} />
        </Form.Item>
      </Form>
      {save.error && <Alert type="error" showIcon title={t("error", { ns: "common" })} description={problemText(save.error)} />}
    </Modal>
  );
}
