import type { ReactNode } from "react";
import { Card, Col, Row, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { yuan } from "../../shared/format";
import type { Kpis } from "./queries";

/** Which way a figure should move: up is good (compliance), down is good (response time), or neither (volume). */
type Better = "up" | "down" | "neither";

interface KpiCard {
  id: string;
  title: string;
  value: string;
  detail: ReactNode;
  current: number | null;
  previous: number | null;
  better: Better;
  /** shares and scores compare in points; counts, times and money in percent */
  points?: boolean;
}

const one = (n: number | null) => (n === null ? "—" : String(Math.round(n * 10) / 10));
const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

/** The change against the previous period, coloured by whether it is good news. */
function Delta({ card }: { card: KpiCard }) {
  const { t } = useTranslation("ops");
  const { current, previous } = card;
  if (current === null || previous === null || (!card.points && previous === 0))
    return <Typography.Text type="secondary">{t("kpi.noPrevious")}</Typography.Text>;
  const change = card.points ? Math.round((current - previous) * 10) / 10 : Math.round(((current - previous) / previous) * 1000) / 10;
  const good = card.better === "neither" || change === 0 ? null : (change > 0) === (card.better === "up");
  const color = good === null ? undefined : good ? "#389e0d" : "#cf1322";
  const arrow = change > 0 ? <ArrowUpOutlined /> : change < 0 ? <ArrowDownOutlined /> : null;
  return (
    <Typography.Text style={{ color }} data-testid="kpi-delta">
      {arrow} {change > 0 ? "+" : ""}
      {change}
      {card.points ? " pt" : "%"} <Typography.Text type="secondary">{t("kpi.delta")}</Typography.Text>
    </Typography.Text>
  );
}

/** The headline figures of the period with their change against the previous one. */
export function KpiCards({ current, previous }: { current: Kpis; previous: Kpis }) {
  const { t } = useTranslation("ops");
  const cards: KpiCard[] = [
    { id: "casesFiled", title: t("kpi.casesFiled"), value: String(current.casesFiled), detail: t("kpi.itemsClaimed", { count: current.itemsClaimed }), current: current.casesFiled, previous: previous.casesFiled, better: "neither" },
    {
      id: "firstResponse",
      title: t("kpi.firstResponse"),
      value: current.firstResponseMinutes.median === null ? "—" : t("kpi.minutes", { value: one(current.firstResponseMinutes.median) }),
      detail: `${t("kpi.p90", { value: one(current.firstResponseMinutes.p90) })} · ${t("kpi.measured", { count: current.firstResponseMinutes.measured })}`,
      current: current.firstResponseMinutes.median,
      previous: previous.firstResponseMinutes.median,
      better: "down",
    },
    {
      id: "resolution",
      title: t("kpi.resolution"),
      value: current.resolutionHours.median === null ? "—" : t("kpi.hours", { value: one(current.resolutionHours.median) }),
      detail: `${t("kpi.p90", { value: one(current.resolutionHours.p90) })} · ${t("kpi.measured", { count: current.resolutionHours.measured })}`,
      current: current.resolutionHours.median,
      previous: previous.resolutionHours.median,
      better: "down",
    },
    { id: "sla", title: t("kpi.sla"), value: pct(current.slaCompliancePercent), detail: t("kpi.slaDetail", { met: current.slaMet, missed: current.slaMissed }), current: current.slaCompliancePercent, previous: previous.slaCompliancePercent, better: "up", points: true },
    {
      id: "automatic",
      title: t("kpi.automatic"),
      value: pct(current.automaticDecisionPercent),
      detail: t("kpi.automaticDetail", { automatic: current.automaticDecisions, cases: current.casesFiled }),
      current: current.automaticDecisionPercent,
      previous: previous.automaticDecisionPercent,
      better: "up",
      points: true,
    },
    { id: "refund", title: t("kpi.refund"), value: yuan(current.refundFen), detail: t("kpi.compensation", { value: yuan(current.compensationFen) }), current: current.refundFen, previous: previous.refundFen, better: "down" },
    {
      id: "satisfaction",
      title: t("kpi.satisfaction"),
      value: current.averageScore === null ? "—" : `${current.averageScore} ★`,
      detail: t("kpi.satisfactionDetail", { count: current.ratings, percent: pct(current.satisfiedPercent) }),
      current: current.averageScore,
      previous: previous.averageScore,
      better: "up",
      points: true,
    },
    {
      id: "complaintRate",
      title: t("kpi.complaintRate"),
      value: current.complaintsPerThousandItems === null ? "—" : `${current.complaintsPerThousandItems}‰`,
      detail: t("kpi.complaintDetail", { claimed: current.itemsClaimed, delivered: current.itemsDelivered }),
      current: current.complaintsPerThousandItems,
      previous: previous.complaintsPerThousandItems,
      better: "down",
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((card) => (
        <Col span={6} key={card.id}>
          <Card size="small" data-testid={`kpi-${card.id}`}>
            <Typography.Text type="secondary">{card.title}</Typography.Text>
            <div style={{ fontSize: 26, fontWeight: 600, lineHeight: "40px" }} data-testid="kpi-value">
              {card.value}
            </div>
            <div style={{ fontSize: 12, minHeight: 20 }}>
              <Typography.Text type="secondary">{card.detail}</Typography.Text>
            </div>
            <div style={{ fontSize: 12 }}>
              <Delta card={card} />
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
