import { Flex, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { DeskQuery } from "../../shared/DeskStates";
import { dateTime } from "../../shared/format";
import { useSession } from "../../shared/session";
import { PolicyEditor } from "./PolicyEditor";
import { PolicyHistory } from "./PolicyHistory";
import { usePolicyInForce, usePolicyVersions, useSlaPolicies } from "./queries";
import { SlaPolicies } from "./SlaPolicies";

const TABS = ["edit", "history", "sla"] as const;
type Tab = (typeof TABS)[number];

/** The policy in force, the editor of its next version, its history with diffs, and the SLA terms. */
export function PolicyPage() {
  const { t } = useTranslation("ops");
  const role = useSession()?.user.role;
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((k) => k === params.get("tab")) ?? "edit";
  const inForce = usePolicyInForce();
  const versions = usePolicyVersions();
  const sla = useSlaPolicies();
  const newest = versions.data?.versions[0];
  // both must be there before editing: the next version is the latest + 1
  const editorData = {
    data: inForce.data && versions.data ? { inForce: inForce.data, latest: versions.data.versions[0]?.version ?? inForce.data.version } : undefined,
    isPending: inForce.isPending || versions.isPending,
    error: inForce.error ?? versions.error,
    refetch: () => Promise.all([inForce.refetch(), versions.refetch()]),
  };

  return (
    <Flex vertical gap={12} data-testid="ops-policy">
      <Flex align="baseline" gap={16}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("policy.title")}
        </Typography.Title>
        {inForce.data && (
          <Typography.Text type="secondary" data-testid="policy-in-force">
            {t("policy.inForce", { version: inForce.data.version })}
            {newest && newest.version === inForce.data.version ? ` · ${dateTime(newest.publishedAt)} · ${newest.publishedBy}` : ""}
          </Typography.Text>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: "edit",
            label: t("policy.tabs.edit"),
            children: <DeskQuery query={editorData}>{(d) => <PolicyEditor inForce={d.inForce} latest={d.latest} canPublish={role === "ops_admin"} />}</DeskQuery>,
          },
          {
            key: "history",
            label: t("policy.tabs.history"),
            children: <DeskQuery query={versions}>{(d) => <PolicyHistory versions={d.versions} />}</DeskQuery>,
          },
          {
            key: "sla",
            label: t("policy.tabs.sla"),
            children: <DeskQuery query={sla}>{(d) => <SlaPolicies policies={d.policies} canEdit={role === "ops_admin"} />}</DeskQuery>,
          },
        ]}
      />
    </Flex>
  );
}
