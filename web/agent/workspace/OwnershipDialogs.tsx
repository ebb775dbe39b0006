import { Input, Select, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call, newIdempotencyKey } from "../../shared/api";
import { useDraft } from "../../shared/draft";
import { useSession } from "../../shared/session";
import { ActionModal } from "./ActionModal";
import { useCaseWrite, useTeamOwners, type CaseView } from "./queries";
import type { Viewer } from "./usePresence";

export type OwnershipActionName = "handover" | "assign" | "escalate";

interface Props {
  kase: CaseView;
  action: OwnershipActionName;
  others: Viewer[];
  onClose: () => void;
}

/**
 * The colleagues a case can go to. Agents may not list staff (GET /staff is for supervisors and
 * operations), so they pick among colleagues the API already names: those who own cases in the
 * team queue and those looking at this case now.
 */
function useColleagues(others: Viewer[], supervisor: boolean) {
  const me = useSession()?.user.id;
  const staff = useQuery({ queryKey: ["workspace-staff"], queryFn: () => call(api.GET("/api/v1/staff")), enabled: supervisor, staleTime: 60_000 });
  const team = useTeamOwners(!supervisor);
  const found = new Map<string, string>();
  if (supervisor) for (const s of staff.data?.staff ?? []) if (!s.disabled && (s.role === "agent" || s.role === "supervisor")) found.set(s.id, `${s.name} · ${s.login}`);
  for (const row of team.data?.cases ?? []) if (row.ownerId && row.ownerName) found.set(row.ownerId, row.ownerName);
  for (const v of others) if (v.role === "agent" || v.role === "supervisor") found.set(v.staffId, v.name);
  if (me) found.delete(me);
  return { options: [...found].map(([value, label]) => ({ value, label })), loading: supervisor ? staff.isPending : team.isPending };
}

/** Hand over, reassign (supervisor) or escalate a case. */
export function OwnershipDialog({ kase, action, others, onClose }: Props) {
  const { t } = useTranslation("workspace");
  const role = useSession()?.user.role;
  const colleagues = useColleagues(others, role === "supervisor");
  const [form, setForm, clear] = useDraft(`workspace.${kase.id}.${action}`, { staffId: "", note: "", reason: "", key: newIdempotencyKey("esc") });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const path = { path: { caseId: kase.id } };
  const write = useCaseWrite(kase.id, (f: typeof form) => {
    switch (action) {
      case "handover":
        return call(api.POST("/api/v1/cases/{caseId}/handover", { params: path, body: { toStaffId: f.staffId, ...(f.note.trim() ? { note: f.note.trim() } : {}) } }));
      case "assign":
        return call(api.POST("/api/v1/cases/{caseId}/assign", { params: path, body: { staffId: f.staffId === "queue" ? null : f.staffId } }));
      case "escalate":
        return call(api.POST("/api/v1/cases/{caseId}/escalate", { params: { ...path, header: { "idempotency-key": f.key } }, body: { reason: f.reason.trim() } }));
    }
  });
  const ready = action === "escalate" ? form.reason.trim().length > 0 : form.staffId !== "";
  const submit = () =>
    write.mutate(form, {
      onSuccess: () => {
        clear();
        onClose();
      },
    });
  return (
    <ActionModal title={t(`action.${action}`)} open onClose={onClose} onSubmit={submit} pending={write.isPending} error={write.error} canSubmit={ready} testId={`dialog-${action}`}>
      {action !== "escalate" && (
        <Select
          showSearch={{ optionFilterProp: "label" }}
          data-testid="staff-select"
          placeholder={t("pickColleague")}
          loading={colleagues.loading}
          value={form.staffId || undefined}
          onChange={(v: string) => set({ staffId: v })}
          notFoundContent={t("noColleagues")}
          options={action === "assign" ? [{ value: "queue", label: t("backToQueue") }, ...colleagues.options] : colleagues.options}
        />
      )}
      {action === "handover" && <Input.TextArea rows={2} maxLength={2000} placeholder={t("handoverNote")} value={form.note} onChange={(e) => set({ note: e.target.value })} />}
      {action === "escalate" && (
        <>
          <Typography.Text type="secondary">{t("escalateHint")}</Typography.Text>
          <Input.TextArea data-testid="escalate-reason" rows={3} maxLength={1000} placeholder={t("escalateReason")} value={form.reason} onChange={(e) => set({ reason: e.target.value })} />
        </>
      )}
    </ActionModal>
  );
}
