import { Button, Empty, Input, Select, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { DeskQuery } from "../../shared/DeskStates";
import { useDraft } from "../../shared/draft";
import { shortDateTime } from "../../shared/format";
import { useSession } from "../../shared/session";
import { useCaseWrite, useTasks } from "./queries";
import { WriteError } from "./WriteError";

/** The API's vocabularies (src/modules/tasks/model.ts); which department works which kind, the API checks. */
const DEPARTMENTS = ["warehouse", "finance", "supplier_quality", "agent"] as const;
const KINDS = ["confirm_receipt", "prepare_reship", "investigate", "follow_up"] as const;
const SLA_COLOUR: Record<string, string> = { running: "blue", warning: "orange", breached: "red", missed: "red", met: "green", paused: "default" };

/** Work handed to departments on this case, and a new task for one of them. */
export function TasksPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation("workspace");
  const role = useSession()?.user.role;
  const tasks = useTasks(caseId);
  const [form, setForm, clear] = useDraft(`workspace.${caseId}.task`, { department: "", kind: "", note: "" });
  const department = DEPARTMENTS.find((d) => d === form.department);
  const kind = KINDS.find((k) => k === form.kind);
  const create = useCaseWrite(caseId, () =>
    call(api.POST("/api/v1/cases/{caseId}/tasks", { params: { path: { caseId } }, body: { department: department ?? "agent", kind: kind ?? "follow_up", note: form.note.trim() } })),
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="tasks">
      <DeskQuery query={tasks} isEmpty={(d) => d.tasks.length === 0} empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noTasks")} />}>
        {(d) => (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.tasks}
            columns={[
              { title: t("department"), key: "dep", render: (_, r) => t(`dept.${r.department}`, { defaultValue: r.department }) },
              { title: t("taskKindLabel"), key: "kind", render: (_, r) => t(`taskKind.${r.kind}`, { defaultValue: r.kind }) },
              { title: t("taskStateLabel"), key: "state", render: (_, r) => <Tag>{t(`taskState.${r.state}`, { defaultValue: r.state })}</Tag> },
              { title: t("sla"), key: "sla", render: (_, r) => (r.sla ? <Tag color={SLA_COLOUR[r.sla.status]}>{r.sla.deadlineAt ? shortDateTime(r.sla.deadlineAt) : t(`clockStatus.${r.sla.status}`)}</Tag> : "—") },
              { title: t("assignee"), key: "who", render: (_, r) => r.assigneeName ?? "—" },
            ]}
          />
        )}
      </DeskQuery>
      {(role === "agent" || role === "supervisor") && (
        <Space orientation="vertical" size={6} style={{ width: "100%" }}>
          <Space.Compact style={{ width: "100%" }}>
            <Select style={{ width: "50%" }} placeholder={t("department")} value={department} onChange={(v: string) => setForm((f) => ({ ...f, department: v }))} options={DEPARTMENTS.map((d) => ({ value: d, label: t(`dept.${d}`) }))} />
            <Select style={{ width: "50%" }} placeholder={t("taskKindLabel")} value={kind} onChange={(v: string) => setForm((f) => ({ ...f, kind: v }))} options={KINDS.map((k) => ({ value: k, label: t(`taskKind.${k}`) }))} />
          </Space.Compact>
          <Input.TextArea rows={2} maxLength={4000} placeholder={t("taskNote")} value={form.note} onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))} />
          <WriteError error={create.error} />
          <Button block disabled={!department || !kind || !form.note.trim()} loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: () => clear() })}>
            {t("createTask")}
          </Button>
        </Space>
      )}
    </Space>
  );
}
