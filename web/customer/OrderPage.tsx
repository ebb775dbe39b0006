import { Button, List, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { PhoneQuery } from "../shared/PhoneStates";
import { dateTime, yuan } from "../shared/format";
import { Frame } from "./Frame";
import { CaseList } from "./CasesPage";
import { useCases, useOrder } from "./queries";

/** One order: its items, what is still claimable, and the way into the claim form. */
export function OrderPage() {
  const { t } = useTranslation("customer");
  const navigate = useNavigate();
  const orderId = useParams().orderId ?? "";
  const order = useOrder(orderId);
  const cases = useCases(orderId);
  return (
    <Frame title={t("title.order")} back="/m/customer">
      <PhoneQuery query={order}>
        {(o) => {
          const claimable = o.items.some((i) => i.claimableQuantity > 0);
          return (
            <>
              <List header={`${o.id} · ${dateTime(o.placedAt)}`}>
                {o.items.map((i) => (
                  <List.Item
                    key={i.id}
                    data-testid="order-item"
                    description={
                      <span>
                        {t("order.quantity", { n: i.quantity })} · {yuan(i.paidFen)}
                        {i.supply.pickedUpAt ? ` · ${t("order.pickedUp")} ${dateTime(i.supply.pickedUpAt)}` : ""}
                      </span>
                    }
                    extra={i.claimableQuantity > 0 ? <Tag color="primary">{t("order.claimable", { n: i.claimableQuantity })}</Tag> : <Tag>{t("order.notClaimable")}</Tag>}
                  >
                    {i.name}
                  </List.Item>
                ))}
                {o.pickupPoint && <List.Item extra={o.pickupPoint.name}>{t("order.pickupPoint")}</List.Item>}
              </List>
              <div style={{ padding: 16 }}>
                <Button block color="primary" size="large" disabled={!claimable} data-testid="apply" onClick={() => navigate(`/m/customer/orders/${encodeURIComponent(o.id)}/apply`)}>
                  {t("order.apply")}
                </Button>
                {!claimable && <p style={{ color: "#999", textAlign: "center" }}>{t("order.nothingClaimable")}</p>}
              </div>
              <CaseList title={t("order.cases")} query={cases} hideWhenEmpty />
            </>
          );
        }}
      </PhoneQuery>
    </Frame>
  );
}
