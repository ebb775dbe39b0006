import { Card, DotLoading, Image, ImageViewer, List, Space, Steps, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { dateTime, shortDateTime, yuan } from "../../shared/format";
import { useBilingual } from "../../shared/i18n";
import type { CaseView } from "../queries";
import { usePhotoUrls } from "../../shared/usePhotoUrls";

const cardStyle = { margin: "8px 8px 0", borderRadius: 8 } as const;

/** Who, what and how much: the head of a case. */
export function CaseHead({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  const bilingual = useBilingual();
  return (
    <Card style={cardStyle} data-testid="case-head">
      <Space justify="between" style={{ width: "100%", "--gap": "8px" }} wrap>
        <span style={{ fontSize: 17, fontWeight: 600 }}>{bilingual(kase.stage)}</span>
        <Tag color="primary" fill="outline">
          {t(`domain:problem.${kase.problemType}`)}
        </Tag>
      </Space>
      <div style={{ color: "#999", fontSize: 12, marginTop: 4, wordBreak: "break-all" }}>
        {kase.id} · {t("detail.order", { id: kase.orderId })} · {shortDateTime(kase.createdAt)}
      </div>
      {kase.customer && (
        <div style={{ marginTop: 8, fontSize: 14 }} data-testid="case-customer">
          {t("detail.customer")}: {kase.customer.name} {kase.customer.phone ?? ""}
        </div>
      )}
      <Space style={{ marginTop: 8, "--gap": "16px" }} wrap>
        <span>
          {t("detail.claimed")} <b>{yuan(kase.claimedFen)}</b>
        </span>
        <span>
          {t("detail.approved")} <b>{yuan(kase.approvedFen)}</b>
        </span>
        <span>{t(`domain:resolution.${kase.resolution}`)}</span>
      </Space>
      {kase.returnDueAt && (
        <div style={{ marginTop: 4, fontSize: 13, color: "#d46b08" }}>
          {t("detail.returnDue")}: {dateTime(kase.returnDueAt)}
        </div>
      )}
      {kase.description && (
        <div style={{ marginTop: 8, fontSize: 13, color: "#595959", wordBreak: "break-word" }}>
          {t("detail.description")}: {kase.description}
        </div>
      )}
    </Card>
  );
}

export function CaseItems({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  return (
    <List header={t("detail.items")} style={{ margin: "8px 8px 0", borderRadius: 8, overflow: "hidden" }} data-testid="case-items">
      {kase.items.map((item) => (
        <List.Item key={item.orderItemId} description={item.sku} extra={yuan(item.amountFen)}>
          {item.name} × {item.quantity}
        </List.Item>
      ))}
    </List>
  );
}

export function CasePhotos({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  const photos = usePhotoUrls(kase.evidenceIds);
  const shown = photos.flatMap((p) => (p.url ? [p.url] : []));
  return (
    <Card title={t("detail.photos")} style={cardStyle} data-testid="case-photos">
      {kase.evidenceIds.length === 0 ? (
        <span style={{ color: "#999" }}>{t("detail.noPhotos")}</span>
      ) : (
        <Space wrap style={{ "--gap": "8px" }}>
          {photos.map((p) =>
            p.url ? (
              <Image key={p.id} src={p.url} width={72} height={72} fit="cover" style={{ borderRadius: 6 }} onClick={() => ImageViewer.Multi.show({ images: shown, defaultIndex: shown.indexOf(p.url!) })} />
            ) : (
              <div key={p.id} style={{ width: 72, height: 72, borderRadius: 6, background: "#f0f0f0", display: "flex", alignItems: "center", justifyContent: "center", fontSize: 11, color: "#999", textAlign: "center" }}>
                {p.failed ? t("detail.photoFailed") : <DotLoading />}
              </div>
            ),
          )}
        </Space>
      )}
    </Card>
  );
}

export function CaseDecision({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  const bilingual = useBilingual();
  const d = kase.decision;
  return (
    <Card title={t("detail.decision")} style={cardStyle} data-testid="case-decision">
      <div style={{ fontSize: 14 }}>{bilingual(d.reason)}</div>
      <div style={{ fontSize: 12, color: "#999", marginTop: 6, wordBreak: "break-all" }}>
        {t("detail.rules")}: {d.rules.join(", ") || "—"} · v{d.policyVersion}
      </div>
    </Card>
  );
}

export function CaseTimeline({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  const events = [...(kase.timeline ?? [])].reverse();
  return (
    <Card title={t("detail.timeline")} style={{ ...cardStyle, marginBottom: 16 }} data-testid="case-timeline">
      <Steps direction="vertical" style={{ "--title-font-size": "14px", "--description-font-size": "12px" }}>
        {events.map((e, i) => (
          <Steps.Step
            key={`${e.at}-${i}`}
            status={i === 0 ? "process" : "finish"}
            title={`${t(`events.${e.type}`, { defaultValue: e.type })}${e.to ? ` → ${t(`states.${e.to}`, { defaultValue: e.to })}` : ""}`}
            description={`${shortDateTime(e.at)} · ${e.actor}`}
          />
        ))}
      </Steps>
    </Card>
  );
}
