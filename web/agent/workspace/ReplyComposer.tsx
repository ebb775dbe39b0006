import { Button, Input, Select, Space, Tooltip, Typography } from "antd";
import { SendOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { useDraft } from "../../shared/draft";
import { useCaseWrite, useReplyScripts, type CaseScript } from "./queries";
import { WriteError } from "./WriteError";

export const MESSAGE_INPUT_ID = "workspace-message-input";

interface ReplyDraft {
  text: string;
  scriptId: string | null;
  variables: Record<string, string>;
  /** the agent changed the script's words: it goes out as their own text */
  edited: boolean;
  key: string;
}

const fresh = (): ReplyDraft => ({ text: "", scriptId: null, variables: {}, edited: false, key: newIdempotencyKey("msg") });

/** The script's preview (case values filled by the server) with what the agent typed for the rest. */
function filled(script: CaseScript, variables: Record<string, string>): string {
  return script.preview.needsInput.reduce((text, name) => (variables[name] ? text.split(`{${name}}`).join(variables[name]) : text), script.preview.text);
}

/**
 * A reply to the customer: own words, or a reply script the server fills from the case. A script
 * sent as is goes out by id (the server records which version); once edited, as the agent's text.
 */
export function ReplyComposer({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const scripts = useReplyScripts(caseId);
  const [draft, setDraft] = useDraft<ReplyDraft>(`workspace.${caseId}.reply`, fresh());
  const script = scripts.data?.scripts.find((s) => s.id === draft.scriptId) ?? null;
  const text = script && !draft.edited ? filled(script, draft.variables) : draft.text;
  const missing = script && !draft.edited ? script.preview.needsInput.filter((n) => !draft.variables[n]?.trim()) : [];
  const send = useCaseWrite(caseId, (d: ReplyDraft) => {
    const body = script && !d.edited ? { scriptId: script.id, variables: d.variables, clientMessageId: d.key } : { body: text.trim(), clientMessageId: d.key };
    return call(api.POST("/api/v1/cases/{caseId}/messages", { params: { path: { caseId }, header: { "idempotency-key": d.key } }, body }));
  });
  // sent: the next message is a new one, with a key of its own
  const submit = () => send.mutate(draft, { onSuccess: () => setDraft(fresh()) });
  const pick = (id: string | undefined) => {
    const s = scripts.data?.scripts.find((x) => x.id === id);
    setDraft((d) => ({ ...d, scriptId: s?.id ?? null, edited: false, text: "", variables: Object.fromEntries((s?.preview.needsInput ?? []).map((n) => [n, d.variables[n] ?? ""])) }));
  };
  return (
    <Space orientation="vertical" size={6} style={{ width: "100%" }}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        style={{ width: "100%" }}
        data-testid="script-select"
        placeholder={scripts.isError ? t("scriptsFailed") : t("pickScript")}
        loading={scripts.isPending}
        value={draft.scriptId ?? undefined}
        onChange={pick}
        notFoundContent={t("noScripts")}
        options={(scripts.data?.scripts ?? []).map((s) => ({
          value: s.id,
          label: s.title,
          disabled: s.preview.unavailable.length > 0,
          title: s.preview.unavailable.length ? t("scriptUnavailable", { names: s.preview.unavailable.join(", ") }) : s.preview.text,
        }))}
      />
      {script && !draft.edited && script.preview.needsInput.length > 0 && (
        <Space wrap size={6}>
          {script.preview.needsInput.map((name) => (
            <Input
              key={name}
              size="small"
              style={{ width: 180 }}
              prefix={`${name}:`}
              data-testid={`script-var-${name}`}
              value={draft.variables[name] ?? ""}
              onChange={(e) => setDraft((d) => ({ ...d, variables: { ...d.variables, [name]: e.target.value } }))}
            />
          ))}
        </Space>
      )}
      <Input.TextArea
        id={MESSAGE_INPUT_ID}
        data-testid="message-input"
        rows={3}
        maxLength={2000}
        value={text}
        placeholder={t("messagePlaceholder")}
        onChange={(e) => setDraft((d) => ({ ...d, text: e.target.value, edited: d.scriptId !== null || d.edited }))}
      />
      <WriteError error={send.error} />
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Text type="secondary">{script ? (draft.edited ? t("scriptEdited") : t("scriptAsIs", { version: script.version })) : t("toCustomer")}</Typography.Text>
        <Tooltip title={missing.length ? t("fillVariables", { names: missing.join(", ") }) : undefined}>
          <Button type="primary" icon={<SendOutlined />} disabled={!text.trim() || missing.length > 0} loading={send.isPending} onClick={submit} data-testid="message-send">
            {t("send")}
          </Button>
        </Tooltip>
      </Space>
    </Space>
  );
}
