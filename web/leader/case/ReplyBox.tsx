import { Button, Card, Input, Picker, Space, TextArea, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { useDraft } from "../../shared/draft";
import { useLeaderWrite, useReplyScripts, type CaseScript } from "../queries";
import { WriteProblem } from "../WriteProblem";

interface ReplyDraft {
  scriptId: string | null;
  /** what the leader supplies for the script's {names} the case cannot fill */
  variables: Record<string, string>;
  text: string;
  /** one key per intended message, kept across retries so a retry never sends twice */
  key: string;
}

const fresh = (): ReplyDraft => ({ scriptId: null, variables: {}, text: "", key: newIdempotencyKey("leader-msg") });

/** The script's preview (case values filled by the server) with what the leader typed for the rest. */
function filled(script: CaseScript, variables: Record<string, string>): string {
  return script.preview.needsInput.reduce((text, name) => (variables[name] ? text.split(`{${name}}`).join(variables[name]) : text), script.preview.text);
}

/**
 * A reply to the customer: a reply script (the server fills it from the case and records its
 * version; the leader fills what it asks for) or their own words.
 */
export function ReplyBox({ caseId }: { caseId: string }) {
  const { t } = useTranslation("leader");
  const scripts = useReplyScripts(caseId);
  const [picking, setPicking] = useState(false);
  const [draft, setDraft, clear] = useDraft<ReplyDraft>(`leader.${caseId}.reply`, fresh());
  const script = scripts.data?.scripts.find((s) => s.id === draft.scriptId) ?? null;
  const missing = script ? script.preview.needsInput.filter((n) => !draft.variables[n]?.trim()) : [];
  const send = useLeaderWrite((d: ReplyDraft) => {
    const body = script ? { scriptId: script.id, variables: d.variables, clientMessageId: d.key } : { body: d.text.trim(), clientMessageId: d.key };
    return call(api.POST("/api/v1/cases/{caseId}/messages", { params: { path: { caseId }, header: { "idempotency-key": d.key } }, body }));
  });
  const usable = (scripts.data?.scripts ?? []).filter((s) => s.preview.unavailable.length === 0);
  const canSend = script ? missing.length === 0 : draft.text.trim().length > 0;

  return (
    <Card title={t("reply.title")} style={{ margin: "8px 8px 0", borderRadius: 8 }} data-testid="reply-box">
      <Space wrap style={{ "--gap": "8px", marginBottom: 8 }} align="center">
        <Button size="small" color="primary" fill="outline" loading={scripts.isPending} disabled={scripts.isError || usable.length === 0} onClick={() => setPicking(true)} data-testid="pick-script">
          {script ? t("reply.change") : t("reply.pick")}
        </Button>
        {scripts.isError && <span style={{ color: "#ff3141", fontSize: 12 }}>{t("reply.scriptsFailed")}</span>}
        {scripts.data && usable.length === 0 && <span style={{ color: "#999", fontSize: 12 }}>{t("reply.noScripts")}</span>}
        {script && (
          <a style={{ fontSize: 13 }} onClick={() => setDraft((d) => ({ ...d, scriptId: null, variables: {} }))}>
            × {script.title}
          </a>
        )}
      </Space>
      <Picker
        columns={[usable.map((s) => ({ label: s.title, value: s.id }))]}
        visible={picking}
        onClose={() => setPicking(false)}
        value={draft.scriptId ? [draft.scriptId] : []}
        onConfirm={(v) => {
          const chosen = usable.find((s) => s.id === v[0]);
          setDraft((d) => ({ ...d, scriptId: chosen?.id ?? null, variables: Object.fromEntries((chosen?.preview.needsInput ?? []).map((n) => [n, d.variables[n] ?? ""])) }));
        }}
      />
      {script ? (
        <>
          <div data-testid="script-preview" style={{ background: "#f6f8fa", borderRadius: 6, padding: 8, fontSize: 14, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            {filled(script, draft.variables)}
          </div>
          {script.preview.needsInput.map((name) => (
            <Input
              key={name}
              data-testid={`script-var-${name}`}
              placeholder={name}
              value={draft.variables[name] ?? ""}
              onChange={(value) => setDraft((d) => ({ ...d, variables: { ...d.variables, [name]: value } }))}
              style={{ borderBottom: "1px solid #eee", padding: "6px 0", marginTop: 4 }}
            />
          ))}
          {missing.length > 0 && <div style={{ color: "#d46b08", fontSize: 12, marginTop: 4 }}>{t("reply.fill", { names: missing.join(", ") })}</div>}
        </>
      ) : (
        <TextArea data-testid="reply-text" placeholder={t("reply.ownWords")} value={draft.text} onChange={(text) => setDraft((d) => ({ ...d, text }))} rows={3} maxLength={2000} showCount />
      )}
      <WriteProblem error={send.error} />
      <Button
        block
        color="primary"
        style={{ marginTop: 8 }}
        disabled={!canSend}
        loading={send.isPending}
        data-testid="reply-send"
        onClick={() => send.mutate(draft, { onSuccess: () => (clear(), setDraft(fresh()), Toast.show({ content: t("reply.sent") })) })}
      >
        {t("reply.send")}
      </Button>
    </Card>
  );
}
