import { Card, Descriptions, Space, Table, Tag, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DeskQuery } from "../../shared/DeskStates";
import { dateTime, yuan } from "../../shared/format";
import { useOrder, type CaseView, type OrderView } from "./queries";

type Item = OrderView["items"][number];
const nameOf = (ref: { id: string; name: string } | null) => (ref ? ref.name || ref.id : "—");

/** Where one line's goods came from and how they travelled: batch → supplier → warehouse → route → driver. */
function SupplyChain({ item }: { item: Item }) {
  const { t } = useTranslation("workspace");
  const s = item.supply;
  return (
    <Descriptions
      size="small"
      column={2}
      data-testid="supply-chain"
      items={[
        { key: "batch", label: t("batch"), children: s.batch ? `${s.batch.id}${s.batch.bestBefore ? ` (${t("bestBefore")} ${s.batch.bestBefore})` : ""}` : "—" },
        { key: "produced", label: t("producedOn"), children: s.batch?.producedOn ?? "—" },
        { key: "supplier", label: t("supplier"), children: nameOf(s.supplier) },
        { key: "warehouse", label: t("warehouse"), children: nameOf(s.warehouse) },
        { key: "route", label: t("route"), children: nameOf(s.route) },
        { key: "driver", label: t("driver"), children: nameOf(s.driver) },
        { key: "sorted", label: t("sortedAt"), children: dateTime(s.sortedAt) },
        { key: "delivered", label: t("deliveredAt"), children: dateTime(s.deliveredAt) },
        { key: "picked", label: t("pickedUpAt"), children: dateTime(s.pickedUpAt) },
      ]}
    />
  );
}

/** Promised vs what happened: a delivery after the promise shows red. */
function DeliveryEvents({ order }: { order: OrderView }) {
  const { t } = useTranslation("workspace");
  const promised = order.promisedAt ? Date.parse(order.promisedAt) : null;
  const rows = [
    ...(order.promisedAt ? [{ at: order.promisedAt, kind: "promised", note: undefined, itemLineNo: undefined }] : []),
    ...order.deliveryEvents,
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Timeline
      data-testid="delivery-events"
      items={rows.map((e, i) => {
        const promise = e.kind === "promised";
        const late = !promise && promised !== null && (e.kind === "arrived" || e.kind === "delivered") && Date.parse(e.at) > promised;
        return {
          key: `${e.at}-${i}`,
          color: promise ? "gray" : late ? "red" : "green",
          content: (
            <span>
              <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>{" "}
              {promise ? <Typography.Text strong>{t("promised")}</Typography.Text> : t(`delivery.${e.kind}`, { defaultValue: e.kind })}
              {e.itemLineNo !== undefined && ` · #${e.itemLineNo}`}
              {e.note && ` · ${e.note}`}
              {late && <Tag color="red" style={{ marginInlineStart: 6 }}>{t("late")}</Tag>}
            </span>
          ),
        };
      })}
    />
  );
}

/** The order with its supply-chain trace, the claimed lines first. */
export function OrderTrace({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("workspace");
  const order = useOrder(kase.id, kase.orderId);
  const claimed = new Set(kase.items.map((i) => i.lineNo));
  return (
    <Card size="small" title={t("orderTrace", { id: kase.orderId })} data-testid="order-trace">
      <DeskQuery query={order}>
        {(o) => {
          const lines = [...o.items].sort((a, b) => Number(claimed.has(b.lineNo)) - Number(claimed.has(a.lineNo)) || a.lineNo - b.lineNo);
          return (
            <Space orientation="vertical" size={8} style={{ width: "100%" }}>
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: "placed", label: t("placedAt"), children: dateTime(o.placedAt) },
                  { key: "paid", label: t("paid"), children: `${yuan(o.paidFen)} · ${o.paymentMethod}` },
                  { key: "pickup", label: t("pickupPoint"), children: o.pickupPoint ? `${o.pickupPoint.name} (${o.pickupPoint.city})` : "—" },
                  { key: "leader", label: t("leader"), children: nameOf(o.leader) },
                ]}
              />
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={lines}
                expandable={{ expandedRowRender: (item) => <SupplyChain item={item} />, defaultExpandedRowKeys: lines.filter((l) => claimed.has(l.lineNo)).map((l) => l.id) }}
                columns={[
                  { title: t("item"), key: "name", render: (_, i) => <span>{claimed.has(i.lineNo) && <Tag color="magenta">{t("claimedTag")}</Tag>}{i.name}</span> },
                  { title: t("quantity"), key: "qty", width: 60, render: (_, i) => i.quantity },
                  { title: t("paid"), key: "paid", width: 80, render: (_, i) => yuan(i.paidFen) },
                ]}
              />
              <Typography.Text strong>{t("deliveryEvents")}</Typography.Text>
              {o.deliveryEvents.length || o.promisedAt ? <DeliveryEvents order={o} /> : <Typography.Text type="secondary">{t("noDeliveryEvents")}</Typography.Text>}
            </Space>
          );
        }}
      </DeskQuery>
    </Card>
  );
}
