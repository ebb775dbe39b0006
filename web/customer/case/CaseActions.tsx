import { Button, Card, Dialog, Input, TextArea } from "antd-mobile";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { sendCaseAction, type CaseActionBody } from "../../shared/caseActions";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { PhotoField, type Photo } from "../PhotoField";
import type { CaseView } from "../queries";

type ActionBody = CaseActionBody;

/** The agent's latest question, from the timeline (asked with request_info). */
function openQuestion(kase: CaseView): string | null {
  const asked = [...(kase.timeline ?? [])].reverse().find((e) => e.type === "request_info");
  return asked && typeof asked.data.question === "string" ? asked.data.question : null;
}

/** What the customer may do now: only the actions the API lists in allowedActions. */
export function CaseActions({ kase }: { kase: CaseView }) {
  const { t } = useTranslation("customer");
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const [input, setInput, clearInput] = useDraft<{ trackingNo: string; note: string; photos: Photo[] }>(`case-action.${kase.id}`, { trackingNo: "", note: "", photos: [] });
  const act = useMutation({
    mutationFn: (body: ActionBody) => sendCaseAction(kase, body),
    onSuccess: (next) => {
      clearInput();
      queryClient.setQueryData(["case", kase.id], next);
      void queryClient.invalidateQueries({ queryKey: ["cases"] });
    },
  });
  const allowed = kase.allowedActions;
  if (!allowed.some((a) => a === "cancel" || a === "ship_return" || a === "provide_info")) return null;
  const question = openQuestion(kase);
  return (
    <Card title={t("case.actions")} style={{ margin: 12 }} data-testid="case-actions">
      {allowed.includes("provide_info") && (
        <div style={{ marginBottom: 16 }}>
          {question && (
            <div style={{ marginBottom: 8 }} data-testid="agent-question">
              <span style={{ color: "#999" }}>{t("case.question")}：</span>
              {question}
            </div>
          )}
          <TextArea placeholder={t("case.provideInfoNote")} value={input.note} onChange={(note) => setInput((i) => ({ ...i, note }))} autoSize={{ minRows: 2 }} maxLength={2000} data-testid="provide-note" />
          <PhotoField testId="provide-photos" value={input.photos} onChange={(photos) => setInput((i) => ({ ...i, photos }))} />
          <Button
            block
            color="primary"
            style={{ marginTop: 8 }}
            loading={act.isPending}
            disabled={!input.note.trim() && input.photos.length === 0}
            onClick={() => act.mutate({ action: "provide_info", ...(input.note.trim() ? { note: input.note.trim() } : {}), ...(input.photos.length ? { evidenceIds: input.photos.map((p) => p.id) } : {}) })}
            data-testid="provide-info"
          >
            {t("case.provideInfo")}
          </Button>
        </div>
      )}
      {allowed.includes("ship_return") && (
        <div style={{ marginBottom: 16 }}>
          <div style={{ marginBottom: 6 }}>{t("case.shipReturn")}</div>
          <Input
            placeholder={t("case.trackingNo")}
            value={input.trackingNo}
            onChange={(trackingNo) => setInput((i) => ({ ...i, trackingNo }))}
            maxLength={64}
            style={{ border: "1px solid #eee", borderRadius: 4, padding: "4px 8px" }}
            data-testid="tracking-no"
          />
          <Button block color="primary" style={{ marginTop: 8 }} loading={act.isPending} disabled={!input.trackingNo.trim()} onClick={() => act.mutate({ action: "ship_return", trackingNo: input.trackingNo.trim() })} data-testid="ship-return">
            {t("case.shipReturn")}
          </Button>
        </div>
      )}
      {allowed.includes("cancel") && (
        <Button
          block
          fill="outline"
          color="danger"
          loading={act.isPending}
          data-testid="cancel-case"
          onClick={async () => {
            if (await Dialog.confirm({ content: t("case.cancelConfirm") })) act.mutate({ action: "cancel" });
          }}
        >
          {t("case.cancel")}
        </Button>
      )}
      {act.error && (
        <div role="alert" style={{ color: "var(--adm-color-danger)", marginTop: 8, fontSize: 13 }} data-testid="action-error">
          {problemText(act.error)}
        </div>
      )}
    </Card>
  );
}
