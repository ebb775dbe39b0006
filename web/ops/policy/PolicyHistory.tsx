import { useState } from "react";
import { App, Button, Card, Empty, Flex, Select, Table, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { DeskQuery } from "../../shared/DeskStates";
import { useProblemText } from "../../shared/problemText";
import { exportXlsx, type ExportColumn } from "../../shared/export";
import { dateTime } from "../../shared/format";
import { changesBetween, type Change } from "./policyJson";
import { usePolicyVersion, type PolicyVersion } from "./queries";

/** Who published, when, with what note; and what changed between any two versions. */
export function PolicyHistory({ versions }: { versions: PolicyVersion[] }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const newest = versions[0]?.version ?? null;
  const [pair, setPair] = useState<{ from: number | null; to: number | null } | null>(null);
  // until someone picks, compare the newest version with the one before it
  const to = pair?.to ?? newest;
  const from = pair ? pair.from : newest !== null && newest > 1 ? newest - 1 : null;

  const columns: (ExportColumn<PolicyVersion> & { key: string })[] = [
    { key: "version", title: t("history.version"), value: (v) => v.version, width: 8 },
    { key: "publishedAt", title: t("history.publishedAt"), value: (v) => dateTime(v.publishedAt), width: 18 },
    { key: "publishedBy", title: t("history.publishedBy"), value: (v) => v.publishedBy, width: 18 },
    { key: "note", title: t("history.note"), value: (v) => v.note, width: 50 },
  ];
  const exportVersions = () => exportXlsx(t("history.exportName"), columns, versions).catch((e: unknown) => void message.error(problemText(e)));
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version}` }));

  return (
    <Flex vertical gap={12}>
      <Card
        size="small"
        title={t("policy.tabs.history")}
        extra={
          <Button icon={<DownloadOutlined />} onClick={() => void exportVersions()} data-testid="export-versions">
            {t("export", { ns: "common" })}
          </Button>
        }
      >
        <Table<PolicyVersion>
          size="small"
          rowKey="version"
          dataSource={versions}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          data-testid="policy-versions"
          columns={[
            ...columns.map((c) => ({ key: c.key, title: c.title, render: (_: unknown, v: PolicyVersion) => String(c.value(v) ?? "") })),
            {
              key: "compare",
              title: t("history.compare"),
              render: (_: unknown, v: PolicyVersion) =>
                v.version > 1 ? (
                  <Button size="small" type="link" onClick={() => setPair({ from: v.version - 1, to: v.version })} data-testid={`compare-${v.version}`}>
                    {t("history.compareWith")}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center">
            <Select size="small" style={{ width: 90 }} options={options} value={from} onChange={(v) => setPair({ from: v, to })} data-testid="diff-from" />
            →
            <Select size="small" style={{ width: 90 }} options={options} value={to} onChange={(v) => setPair({ from, to: v })} data-testid="diff-to" />
          </Flex>
        }
      >
        {from !== null && to !== null ? <VersionDiff from={from} to={to} /> : <Empty description={t("history.pick")} />}
      </Card>
    </Flex>
  );
}

/** The changed settings between two published versions, side by side. */
function VersionDiff({ from, to }: { from: number; to: number }) {
  const { t } = useTranslation("ops");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const before = usePolicyVersion(from);
  const after = usePolicyVersion(to);
  const both = {
    data: before.data && after.data ? changesBetween(before.data, after.data) : undefined,
    isPending: before.isPending || after.isPending,
    error: before.error ?? after.error,
    refetch: () => Promise.all([before.refetch(), after.refetch()]),
  };
  const absent = t("history.absent");
  const columns: (ExportColumn<Change> & { key: string })[] = [
    { key: "path", title: t("history.path"), value: (c) => c.path, width: 40 },
    { key: "before", title: `${t("history.before")} (v${from})`, value: (c) => c.before ?? absent, width: 40 },
    { key: "after", title: `${t("history.after")} (v${to})`, value: (c) => c.after ?? absent, width: 40 },
  ];
  return (
    <DeskQuery query={both} isEmpty={(changes) => changes.length === 0} empty={<Empty description={t("history.noChanges")} data-testid="diff-empty" />}>
      {(changes) => (
        <Flex vertical gap={8}>
          <Flex justify="space-between" align="center">
            <Typography.Text strong data-testid="diff-title">
              {t("history.diffTitle", { from, to })}
            </Typography.Text>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              onClick={() => void exportXlsx(t("history.diffExportName", { from, to }), columns, changes).catch((e: unknown) => void message.error(problemText(e)))}
            >
              {t("export", { ns: "common" })}
            </Button>
          </Flex>
          <Table<Change>
            size="small"
            rowKey="path"
            dataSource={changes}
            pagination={false}
            data-testid="policy-diff"
            columns={columns.map((c) => ({
              key: c.key,
              title: c.title,
              render: (_: unknown, change: Change) => (c.key === "path" ? <code>{change.path}</code> : <Typography.Text code={c.value(change) !== absent} type={c.key === "before" ? "danger" : "success"}>{String(c.value(change))}</Typography.Text>),
            }))}
          />
        </Flex>
      )}
    </DeskQuery>
  );
}
