import { useState } from "react";
import { Alert, App, Button, Card, Form, Input, Modal, Table, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { exportXlsx } from "../../shared/export";
import { dateTime, yuan } from "../../shared/format";
import type { RefundRow } from "./taskTypes";

/** Refunds the payment gateway gave up on (3 failures or more): finance pays them by transfer. */
export function ManualRefunds() {
  const { t } = useTranslation("agent");
  const [paying, setPaying] = useState<RefundRow | null>(null);
  const refunds = useQuery({ queryKey: ["refunds", "manual"], queryFn: () => call(api.GET("/api/v1/refunds", { params: { query: { state: "failed", minAttempts: 3, limit: 200 } } })) });
  const rows = refunds.data?.refunds ?? [];
  return (
    <Card
      title={t("refunds.title")}
      extra={
        <Button
          icon={<DownloadOutlined />}
          data-testid="refunds-export"
          disabled={!rows.length}
          onClick={() =>
            void exportXlsx(`${t("refunds.exportName")}-${new Date().toISOString().slice(0, 10)}`, [
              { title: t("refunds.case"), value: (r: RefundRow) => r.caseId, width: 24 },
              { title: t("refunds.order"), value: (r: RefundRow) => r.orderId, width: 24 },
              { title: t("refunds.amount"), value: (r: RefundRow) => r.amountFen / 100 },
              { title: t("refunds.attempts"), value: (r: RefundRow) => r.attempts },
              { title: t("refunds.lastError"), value: (r: RefundRow) => r.lastError ?? "", width: 40 },
            ], rows)
          }
        >
          {t("common:export")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t("refunds.hint")}</Typography.Paragraph>
      <DeskQuery query={refunds} isEmpty={(d) => d.refunds.length === 0}>
        {(d) => (
          <Table<RefundRow>
            data-testid="refunds-table"
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={d.refunds}
            columns={[
              { title: t("refunds.case"), key: "case", render: (_, r) => r.caseId },
              { title: t("refunds.order"), key: "order", render: (_, r) => r.orderId },
              { title: t("refunds.amount"), key: "amount", align: "right", render: (_, r) => yuan(r.amountFen) },
              { title: t("refunds.attempts"), key: "attempts", align: "center", render: (_, r) => r.attempts },
              { title: t("refunds.lastError"), key: "error", render: (_, r) => <Typography.Text type="danger">{r.lastError ?? "—"}</Typography.Text> },
              { title: "", key: "updated", render: (_, r) => dateTime(r.updatedAt) },
              {
                title: "",
                key: "pay",
                render: (_, r) => (
                  <Button size="small" type="primary" data-testid="refund-pay" onClick={() => setPaying(r)}>
                    {t("refunds.pay")}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </DeskQuery>
      {paying ? <PayByTransfer refund={paying} onClose={() => setPaying(null)} /> : null}
    </Card>
  );
}

/** Records a bank transfer; the same reference again answers the same, so a retry never pays twice. */
function PayByTransfer({ refund, onClose }: { refund: RefundRow; onClose: () => void }) {
  const { t } = useTranslation("agent");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft(`manual-refund-${refund.id}`, { reference: "", note: "" });
  const pay = useMutation({
    mutationFn: () =>
      call(api.POST("/api/v1/refunds/{refundId}/manual", { params: { path: { refundId: refund.id } }, body: { reference: draft.reference.trim(), ...(draft.note.trim() ? { note: draft.note.trim() } : {}) } })),
    onSuccess: () => {
      clearDraft();
      message.success(t("refunds.paid"));
      void client.invalidateQueries({ queryKey: ["refunds"] });
      void client.invalidateQueries({ queryKey: ["tasks"] });
      onClose();
    },
  });
  return (
    <Modal open title={t("refunds.payTitle", { amount: yuan(refund.amountFen) })} okButtonProps={{ disabled: !draft.reference.trim(), loading: pay.isPending }} onOk={() => pay.mutate()} onCancel={onClose} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t("refunds.reference")} required>
          <Input maxLength={128} value={draft.reference} onChange={(e) => setDraft({ ...draft, reference: e.target.value })} data-testid="refund-reference" />
        </Form.Item>
        <Form.Item label={t("refunds.note")}>
          <Input.TextArea rows={2} maxLength={2000} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
        </Form.Item>
      </Form>
      {pay.error ? <Alert type="error" showIcon title={problemText(pay.error)} /> : null}
    </Modal>
  );
}
