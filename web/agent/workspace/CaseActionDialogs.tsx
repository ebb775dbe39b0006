import { Input, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useDraft } from "../../shared/draft";
import { fenOf, yuan } from "../../shared/format";
import { ActionModal } from "./ActionModal";
import { sendCaseAction } from "../../shared/caseActions";
import { useCaseWrite, type CaseAction, type CaseView } from "./queries";

/** The API's vocabularies (src/modules/cases/machine.ts, policy/model.ts), for the pickers. */
const RESOLUTIONS = ["refund_only", "return_refund", "exchange", "reship", "partial_refund", "compensation"] as const;
const REJECT_CODES = ["outside_window", "excluded_goods", "insufficient_evidence", "not_as_described", "duplicate", "suspected_abuse", "other"] as const;
const COMPENSATION_KINDS = ["coupon", "balance", "points"] as const;

export type CaseActionName = "approve" | "reject" | "request_info" | "close" | "receive_return" | "reship_delivered" | "cancel";

interface Props {
  kase: CaseView;
  action: CaseActionName;
  onClose: () => void;
}

/** A case action's form; sent to POST /cases/{id}/actions, closed once the server accepted it. */
export function CaseActionDialog({ kase, action, onClose }: Props) {
  const { t } = useTranslation("workspace");
  const [form, setForm, clear] = useDraft(`workspace.${kase.id}.${action}`, {
    amount: (kase.claimedFen / 100).toFixed(2),
    resolution: "" as string,
    compensationKind: "coupon" as string,
    note: "",
    reasonCode: "" as string,
    reason: "",
    question: "",
  });
  const write = useCaseWrite(kase.id, (body: CaseAction) => sendCaseAction(kase, body));
  const amountFen = fenOf(form.amount);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  let body: CaseAction | null = null;
  switch (action) {
    case "approve": {
      const resolution = RESOLUTIONS.find((r) => r === form.resolution);
      const kind = COMPENSATION_KINDS.find((k) => k === form.compensationKind);
      body =
        amountFen === null
          ? null
          : {
              action,
              amountFen,
              ...(resolution ? { resolution } : {}),
              ...(resolution === "compensation" && kind ? { compensationKind: kind } : {}),
              ...(form.note.trim() ? { note: form.note.trim() } : {}),
            };
      break;
    }
    case "reject": {
      const reasonCode = REJECT_CODES.find((c) => c === form.reasonCode);
      body = reasonCode && form.reason.trim() ? { action, reasonCode, reason: form.reason.trim() } : null;
      break;
    }
    case "request_info":
      body = form.question.trim() ? { action, question: form.question.trim() } : null;
      break;
    case "cancel":
      body = { action, ...(form.reason.trim() ? { reason: form.reason.trim() } : {}) };
      break;
    case "close":
    case "receive_return":
    case "reship_delivered":
      body = { action };
      break;
  }
  const done = () => {
    clear();
    onClose();
  };
  const submit = () => {
    if (body) write.mutate(body, { onSuccess: done });
  };

  return (
    <ActionModal title={t(`action.${action}`)} open onClose={onClose} onSubmit={submit} pending={write.isPending} error={write.error} canSubmit={body !== null} danger={action === "reject" || action === "cancel"} testId={`dialog-${action}`}>
      {action === "approve" && (
        <>
          <Typography.Text type="secondary">{t("approveHint", { claimed: yuan(kase.claimedFen) })}</Typography.Text>
          <Input prefix="¥" data-testid="approve-amount" value={form.amount} status={amountFen === null ? "error" : undefined} onChange={(e) => set({ amount: e.target.value })} />
          {amountFen !== null && amountFen < kase.claimedFen && <Typography.Text type="warning">{t("partialOf", { amount: yuan(amountFen), claimed: yuan(kase.claimedFen) })}</Typography.Text>}
          <Select
            allowClear
            placeholder={t("keepResolution", { resolution: t(`domain:resolution.${kase.resolution}`) })}
            value={form.resolution || undefined}
            onChange={(v?: string) => set({ resolution: v ?? "" })}
            options={RESOLUTIONS.map((r) => ({ value: r, label: t(`domain:resolution.${r}`) }))}
          />
          {form.resolution === "compensation" && (
            <Select value={form.compensationKind} onChange={(v: string) => set({ compensationKind: v })} options={COMPENSATION_KINDS.map((k) => ({ value: k, label: t(`domain:compensation.${k}`) }))} />
          )}
          <Input.TextArea rows={2} maxLength={2000} placeholder={t("approveNote")} value={form.note} onChange={(e) => set({ note: e.target.value })} />
        </>
      )}
      {action === "reject" && (
        <>
          <Select data-testid="reject-code" placeholder={t("reasonCode")} value={form.reasonCode || undefined} onChange={(v: string) => set({ reasonCode: v })} options={REJECT_CODES.map((c) => ({ value: c, label: t(`domain:rejectCode.${c}`) }))} />
          <Input.TextArea data-testid="reject-reason" rows={3} maxLength={500} placeholder={t("rejectReason")} value={form.reason} onChange={(e) => set({ reason: e.target.value })} />
        </>
      )}
      {action === "request_info" && (
        <Input.TextArea data-testid="request-question" rows={3} maxLength={500} placeholder={t("questionPlaceholder")} value={form.question} onChange={(e) => set({ question: e.target.value })} />
      )}
      {action === "cancel" && <Input.TextArea rows={2} maxLength={500} placeholder={t("cancelReason")} value={form.reason} onChange={(e) => set({ reason: e.target.value })} />}
      {(action === "close" || action === "receive_return" || action === "reship_delivered") && <Typography.Text>{t(`confirm.${action}`)}</Typography.Text>}
    </ActionModal>
  );
}
