import { useEffect, useRef } from "react";
import { Button, Card, Input } from "antd-mobile";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { shortDateTime } from "../../shared/format";
import { PhoneQuery } from "../../shared/PhoneStates";
import { useMessages } from "../queries";

/** The conversation with staff, polled every few seconds while open (customers have no stream). */
export function Conversation({ caseId }: { caseId: string }) {
  const { t } = useTranslation("customer");
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const messages = useMessages(caseId);
  const [draft, setDraft, clearDraft] = useDraft(`message.${caseId}`, { body: "", key: "" });
  const send = useMutation({
    mutationFn: (m: { body: string; key: string }) => call(api.POST("/api/v1/cases/{caseId}/messages", { params: { path: { caseId } }, body: { body: m.body, clientMessageId: m.key } })),
    onSuccess: () => {
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: ["messages", caseId] });
    },
  });

  // what is on screen is read: move the customer's read marker up to the newest staff message
  const page = messages.data;
  const marked = useRef(0);
  useEffect(() => {
    if (!page || page.unreadForMe === 0) return;
    const last = page.messages.at(-1)?.id ?? 0;
    if (last <= marked.current) return;
    marked.current = last;
    void call(api.POST("/api/v1/cases/{caseId}/messages/read", { params: { path: { caseId } }, body: { upToId: last } })).catch(() => {
      marked.current = 0; // try again on the next poll
    });
  }, [page, caseId]);

  const submit = () => {
    const body = draft.body.trim();
    if (!body) return;
    // one id per message, kept across retries, so a resend never posts it twice
    const key = draft.key || newIdempotencyKey("msg");
    if (key !== draft.key) setDraft({ body: draft.body, key });
    send.mutate({ body, key });
  };

  return (
    <Card title={t("chat.title")} style={{ margin: 12 }} data-testid="conversation">
      <PhoneQuery query={messages}>
        {(p) => (
          <div data-testid="messages" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
            {p.messages.length === 0 && <div style={{ color: "#999", fontSize: 13 }}>{t("chat.empty")}</div>}
            {p.messages.map((m) => (
              <div key={m.id} data-testid="message" data-side={m.side} style={{ alignSelf: m.mine ? "flex-end" : "flex-start", maxWidth: "85%" }}>
                <div style={{ fontSize: 11, color: "#999", textAlign: m.mine ? "right" : "left" }}>
                  {m.author.label} · {shortDateTime(m.createdAt)}
                  {m.mine && p.otherSideReadUpTo >= m.id ? ` · ${t("chat.read")}` : ""}
                </div>
                <div style={{ background: m.mine ? "#e6f4ff" : "#f5f5f5", borderRadius: 8, padding: "6px 10px", wordBreak: "break-word", whiteSpace: "pre-wrap" }}>{m.body}</div>
              </div>
            ))}
          </div>
        )}
      </PhoneQuery>
      <div style={{ display: "flex", gap: 8, marginTop: 12, alignItems: "center" }}>
        <Input
          style={{ flex: 1, border: "1px solid #eee", borderRadius: 4, padding: "4px 8px" }}
          placeholder={t("chat.placeholder")}
          value={draft.body}
          maxLength={2000}
          onChange={(body) => setDraft({ body, key: "" })}
          onEnterPress={submit}
          data-testid="message-input"
        />
        <Button color="primary" size="small" loading={send.isPending} disabled={!draft.body.trim()} onClick={submit} data-testid="send-message">
          {t("chat.send")}
        </Button>
      </div>
      {send.error && (
        <div role="alert" style={{ color: "var(--adm-color-danger)", marginTop: 8, fontSize: 13 }} data-testid="message-error">
          {t("chat.failed")} {problemText(send.error)}
        </div>
      )}
    </Card>
  );
}
