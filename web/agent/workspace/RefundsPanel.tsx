import { Empty, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DeskQuery } from "../../shared/DeskStates";
import { dateTime, yuan } from "../../shared/format";
import { useRefunds } from "./queries";

/** The case's refunds, and the ledger entries that moved the money. */
export function RefundsPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const refunds = useRefunds(caseId);
  return (
    <div data-testid="refunds">
      <DeskQuery query={refunds} isEmpty={(d) => d.refunds.length === 0 && d.ledger.length === 0} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noRefunds")} />}>
        {(d) => (
          <Space orientation="vertical" size={8} style={{ width: "100%" }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.refunds}
              columns={[
                { title: t("amount"), key: "amount", render: (_, r) => yuan(r.amountFen) },
                { title: t("method"), key: "method", render: (_, r) => r.method },
                { title: t("refundState"), key: "state", render: (_, r) => <Tag color={r.state === "paid" || r.state === "succeeded" ? "green" : r.lastError ? "red" : "blue"}>{t(`refundStateName.${r.state}`, { defaultValue: r.state })}</Tag> },
                { title: t("attempts"), key: "attempts", render: (_, r) => r.attempts },
              ]}
            />
            <Typography.Text strong>{t("ledger")}</Typography.Text>
            {d.ledger.length === 0 ? (
              <Typography.Text type="secondary">{t("noLedger")}</Typography.Text>
            ) : (
              d.ledger.map((e, i) => (
                <Typography.Text key={`${e.refundId}-${i}`}>
                  {dateTime(e.at)} · {e.entry} · {yuan(e.amountFen)}
                </Typography.Text>
              ))
            )}
          </Space>
        )}
      </DeskQuery>
    </div>
  );
}
