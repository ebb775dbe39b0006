import { Button, Card, Input, Selector, Space, TextArea, Toast } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useDraft } from "../../shared/draft";
import { fenOf, yuan } from "../../shared/format";
import { useLeaderWrite, type CaseAction, type CaseView } from "../queries";
import { sendCaseAction } from "../../shared/caseActions";
import { WriteProblem } from "../WriteProblem";

type RejectCode = NonNullable<CaseAction["reasonCode"]>;
const REJECT_CODES: readonly RejectCode[] = ["outside_window", "excluded_goods", "insufficient_evidence", "not_as_described", "duplicate", "suspected_abuse", "other"];

interface ActionDraft {
  open: "approve" | "reject" | "request_info" | null;
  amount: string;
  note: string;
  reasonCode: RejectCode | null;
  reason: string;
  question: string;
}

/**
 * What the leader may do on this case now: only the actions the API lists in allowedActions
 * (for a leader: approve within the limit, confirm a return). A failed try keeps the form.
 */
export function CaseActions({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("leader");
  const allowed = new Set(kase.allowedActions);
  const [draft, setDraft, clear] = useDraft<ActionDraft>(`leader.${kase.id}.action`, {
    open: null,
    amount: (kase.claimedFen / 100).toFixed(2),
    note: "",
    reasonCode: null,
    reason: "",
    question: "",
  });
  const act = useLeaderWrite((body: CaseAction) => sendCaseAction(kase, body));
  const run = (body: CaseAction, done: string) => act.mutate(body, { onSuccess: () => (clear(), Toast.show({ content: done })) });
  const amountFen = fenOf(draft.amount);
  const set = (patch: Partial<ActionDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const offered = ["approve", "reject", "request_info", "receive_return"].filter((a) => allowed.has(a));

  return (
    <Card style={{ margin: "8px 8px 0", borderRadius: 8 }} data-testid="case-actions">
      {offered.length === 0 && <span style={{ color: "#999" }}>{t("act.none")}</span>}
      <Space wrap style={{ "--gap": "8px" }}>
        {allowed.has("approve") && (
          <Button color="primary" size="small" fill={draft.open === "approve" ? "solid" : "outline"} onClick={() => set({ open: "approve" })} data-testid="open-approve">
            {t("act.approve")}
          </Button>
        )}
        {allowed.has("reject") && (
          <Button color="danger" size="small" fill={draft.open === "reject" ? "solid" : "outline"} onClick={() => set({ open: "reject" })}>
            {t("act.reject")}
          </Button>
        )}
        {allowed.has("request_info") && (
          <Button size="small" fill={draft.open === "request_info" ? "solid" : "outline"} onClick={() => set({ open: "request_info" })}>
            {t("act.requestInfo")}
          </Button>
        )}
        {allowed.has("receive_return") && (
          <Button color="success" size="small" loading={act.isPending} onClick={() => run({ action: "receive_return" }, t("act.received"))} data-testid="receive-return">
            {t("act.receiveReturn")}
          </Button>
        )}
      </Space>

      {draft.open === "approve" && allowed.has("approve") && (
        <div style={{ marginTop: 12 }} data-testid="approve-form">
          <div style={{ fontSize: 13, color: "#666" }}>{t("act.amount")}</div>
          <Input data-testid="approve-amount" inputMode="decimal" value={draft.amount} onChange={(amount) => set({ amount })} style={{ borderBottom: "1px solid #eee", padding: "6px 0" }} />
          {amountFen === null && <div style={{ color: "#ff3141", fontSize: 12 }}>{t("act.amountInvalid")}</div>}
          <TextArea placeholder={t("act.note")} value={draft.note} onChange={(note) => set({ note })} rows={2} maxLength={2000} style={{ marginTop: 8 }} />
          <Button
            block
            color="primary"
            style={{ marginTop: 8 }}
            loading={act.isPending}
            disabled={amountFen === null}
            data-testid="approve-submit"
            onClick={() => {
              if (amountFen !== null) run({ action: "approve", amountFen, ...(draft.note.trim() ? { note: draft.note.trim() } : {}) }, t("act.approved"));
            }}
          >
            {t("act.approve")} {amountFen !== null ? yuan(amountFen) : ""}
          </Button>
        </div>
      )}

      {draft.open === "reject" && allowed.has("reject") && (
        <div style={{ marginTop: 12 }}>
          <div style={{ fontSize: 13, color: "#666", marginBottom: 6 }}>{t("act.reasonCode")}</div>
          <Selector columns={2} options={REJECT_CODES.map((c) => ({ value: c, label: t(`domain:rejectCode.${c}`) }))} value={draft.reasonCode ? [draft.reasonCode] : []} onChange={(v) => set({ reasonCode: v[0] ?? null })} />
          <TextArea placeholder={t("act.reason")} value={draft.reason} onChange={(reason) => set({ reason })} rows={2} maxLength={500} style={{ marginTop: 8 }} />
          <Button
            block
            color="danger"
            style={{ marginTop: 8 }}
            loading={act.isPending}
            disabled={!draft.reasonCode || !draft.reason.trim()}
            onClick={() => {
              if (draft.reasonCode) run({ action: "reject", reasonCode: draft.reasonCode, reason: draft.reason.trim() }, t("act.rejected"));
            }}
          >
            {t("act.reject")}
          </Button>
        </div>
      )}

      {draft.open === "request_info" && allowed.has("request_info") && (
        <div style={{ marginTop: 12 }}>
          <TextArea placeholder={t("act.question")} value={draft.question} onChange={(question) => set({ question })} rows={2} maxLength={500} />
          <Button block style={{ marginTop: 8 }} loading={act.isPending} disabled={!draft.question.trim()} onClick={() => run({ action: "request_info", question: draft.question.trim() }, t("act.requested"))}>
            {t("act.requestInfo")}
          </Button>
        </div>
      )}
      <WriteProblem error={act.error} />
    </Card>
  );
}
