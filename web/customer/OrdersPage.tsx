import { List } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { PhoneQuery } from "../shared/PhoneStates";
import { dateTime, yuan } from "../shared/format";
import { Frame } from "./Frame";
import { useOrders } from "./queries";

/** My orders, newest first. */
export function OrdersPage() {
  const { t } = useTranslation("customer");
  const navigate = useNavigate();
  const orders = useOrders();
  return (
    <Frame title={t("title.orders")}>
      <PhoneQuery query={orders} isEmpty={(d) => d.orders.length === 0} empty={<Empty text={t("orders.empty")} />}>
        {(data) => (
          <List data-testid="orders">
            {data.orders.map((o) => (
              <List.Item
                key={o.id}
                data-testid="order"
                onClick={() => navigate(`/m/customer/orders/${encodeURIComponent(o.id)}`)}
                description={`${t("orders.placed")} ${dateTime(o.placedAt)}`}
                extra={yuan(o.paidFen)}
              >
                {o.id}
              </List.Item>
            ))}
          </List>
        )}
      </PhoneQuery>
    </Frame>
  );
}

export function Empty({ text }: { text: string }) {
  return (
    <div style={{ padding: 48, textAlign: "center", color: "#999" }} data-testid="empty">
      {text}
    </div>
  );
}
