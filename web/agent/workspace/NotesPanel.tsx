import { Button, Empty, Input, Space, Tag, Typography } from "antd";
import { LockOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useDraft } from "../../shared/draft";
import { dateTime } from "../../shared/format";
import { useCaseWrite, useNotes } from "./queries";
import { WriteError } from "./WriteError";

export const NOTE_INPUT_ID = "workspace-note-input";

/** Staff-only notes: shaded and marked internal, so nobody mistakes them for the conversation. */
export function NotesPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const notes = useNotes(caseId);
  const fresh = () => ({ body: "", key: newIdempotencyKey("note") });
  const [draft, setDraft] = useDraft(`workspace.${caseId}.note`, fresh());
  const add = useCaseWrite(caseId, (d: typeof draft) =>
    call(api.POST("/api/v1/cases/{caseId}/notes", { params: { path: { caseId }, header: { "idempotency-key": d.key } }, body: { body: d.body.trim() } })),
  );
  // added: the next note is a new one, with a key of its own
  const submit = () => add.mutate(draft, { onSuccess: () => setDraft(fresh()) });
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="notes">
      <DeskQuery query={notes} isEmpty={(d) => d.notes.length === 0} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noNotes")} />}>
        {(d) => (
          <Space orientation="vertical" size={6} style={{ width: "100%" }}>
            {d.notes.map((n) => (
              <div key={n.id} data-testid="note" style={{ background: "#fffbe6", border: "1px dashed #faad14", borderRadius: 6, padding: "6px 10px" }}>
                <Space size={6} wrap>
                  <Tag icon={<LockOutlined />} color="gold">
                    {t(`noteKind.${n.kind}`, { defaultValue: n.kind })}
                  </Tag>
                  <Typography.Text type="secondary">
                    {n.authorName ?? n.actor} · {dateTime(n.createdAt)}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: "4px 0 0", whiteSpace: "pre-wrap" }}>{n.body}</Typography.Paragraph>
              </div>
            ))}
          </Space>
        )}
      </DeskQuery>
      <Typography.Text type="warning">
        <LockOutlined /> {t("notesInternal")}
      </Typography.Text>
      <Input.TextArea
        id={NOTE_INPUT_ID}
        data-testid="note-input"
        rows={2}
        maxLength={4000}
        value={draft.body}
        placeholder={t("notePlaceholder")}
        onChange={(e) => setDraft((d) => ({ ...d, body: e.target.value }))}
        onKeyDown={(e) => e.key === "Enter" && (e.ctrlKey || e.metaKey) && draft.body.trim() && submit()}
      />
      <WriteError error={add.error} />
      <Button type="dashed" block icon={<LockOutlined />} disabled={!draft.body.trim()} loading={add.isPending} onClick={submit} data-testid="note-submit">
        {t("addNote")}
      </Button>
    </Space>
  );
}
