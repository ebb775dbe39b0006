import { Card, Descriptions, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useBilingual } from "../../shared/i18n";
import { yuan } from "../../shared/format";
import { useSession } from "../../shared/session";
import type { CaseView } from "./queries";
import { SlaClocks } from "./SlaClocks";
import type { Viewer } from "./usePresence";
import { Viewers } from "./Viewers";

/** Who, what and how urgent: the line an agent reads before anything else. */
export function CaseHeader({ kase, ownerName, others }: { kase: CaseView; ownerName: string | null; others: Viewer[] }) {
  const { t } = useTranslation("workspace");
  const bilingual = useBilingual();
  const me = useSession()?.user.id;
  const owner = kase.ownerId ? (kase.ownerId === me ? t("ownerMe") : (ownerName ?? kase.ownerId)) : t("unowned");
  return (
    <Card size="small" data-testid="case-header" styles={{ body: { paddingBlock: 10 } }}>
      <Space orientation="vertical" size={6} style={{ width: "100%" }}>
        <Space wrap size={10} style={{ width: "100%", justifyContent: "space-between" }}>
          <Space wrap size={8}>
            <Typography.Title level={4} style={{ margin: 0 }} copyable={{ text: kase.id }} data-testid="case-id">
              {kase.id}
            </Typography.Title>
            <Tag color="processing" data-testid="case-stage">
              {t("customerStage")} {bilingual(kase.stage)}
            </Tag>
            <Tag data-testid="case-state">{t(`state.${kase.state}`, { defaultValue: kase.state })}</Tag>
            <Tag color="purple">{t(`domain:problem.${kase.problemType}`, { defaultValue: kase.problemType })}</Tag>
            <Tag>{t(`domain:resolution.${kase.resolution}`, { defaultValue: kase.resolution })}</Tag>
            {(kase.escalationLevel ?? 0) > 0 && <Tag color="red" data-testid="escalation">{t("escalatedLevel", { level: kase.escalationLevel })}</Tag>}
            {kase.mergedInto && <Tag color="default">{t("mergedInto", { id: kase.mergedInto })}</Tag>}
          </Space>
          <Viewers others={others} />
        </Space>
        <Descriptions
          size="small"
          column={6}
          colon={false}
          items={[
            { key: "claimed", label: t("claimed"), children: yuan(kase.claimedFen) },
            { key: "approved", label: t("approved"), children: <span data-testid="approved-amount">{yuan(kase.approvedFen)}</span> },
            { key: "refunded", label: t("refunded"), children: yuan(kase.refundedFen) },
            { key: "owner", label: t("owner"), children: <span data-testid="case-owner">{owner}</span> },
            { key: "escalation", label: t("escalation"), children: kase.escalationLevel ?? 0 },
            { key: "customer", label: t("customer"), children: kase.customer ? `${kase.customer.name}${kase.customer.phone ? ` · ${kase.customer.phone}` : ""}` : kase.customerId },
          ]}
        />
        <Space size={8}>
          <Typography.Text type="secondary">{t("sla")}</Typography.Text>
          <SlaClocks caseId={kase.id} />
        </Space>
      </Space>
    </Card>
  );
}
