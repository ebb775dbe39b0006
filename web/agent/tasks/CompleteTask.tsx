import { Alert, App, Form, Input, Modal, Select } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, call } from "../../shared/api";
import { useProblemText } from "../../shared/problemText";
import { useDraft } from "../../shared/draft";
import { OUTCOME_FIELDS, RECEIPT_CONDITIONS, ROOT_CAUSES, type Outcome, type TaskRow } from "./taskTypes";

/**
 * Completes a task with the outcome its kind needs. What was typed is kept as a draft until the
 * server accepted it: a failed request shows why and keeps every field.
 */
export function CompleteTask({ task, onClose }: { task: TaskRow; onClose: () => void }) {
  const { t } = useTranslation("agent");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<Partial<Outcome>>(`task-outcome-${task.id}`, {});
  const [form] = Form.useForm<Outcome>();
  const fields = OUTCOME_FIELDS[task.kind] ?? [];

  const complete = useMutation({
    mutationFn: (outcome: Outcome) => call(api.POST("/api/v1/tasks/{taskId}/complete", { params: { path: { taskId: task.id } }, body: { outcome } })),
    onSuccess: () => {
      clearDraft();
      message.success(t("tasks.completed"));
      void client.invalidateQueries({ queryKey: ["tasks"] });
      onClose();
    },
  });

  const submit = (values: Outcome) => {
    // empty optional fields are left out: the API refuses empty strings
    const outcome = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string" && v.trim())) as Outcome;
    complete.mutate(outcome);
  };

  return (
    <Modal
      open
      title={t("tasks.completeTitle", { kind: t(`tasks.kinds.${task.kind}`, { defaultValue: task.kind }) })}
      okText={t("tasks.complete")}
      okButtonProps={{ loading: complete.isPending, "data-testid": "complete-confirm" }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Outcome> form={form} layout="vertical" initialValues={draft} onValuesChange={(_, all) => setDraft(all)} onFinish={submit}>
        <Form.Item name="summary" label={t("tasks.summary")} rules={[{ required: true, whitespace: true, message: t("tasks.required") }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="outcome-summary" />
        </Form.Item>
        {fields.map(({ field, required }) => (
          <Form.Item key={field} name={field} label={t(`tasks.${field}`)} rules={required ? [{ required: true, whitespace: true, message: t("tasks.required") }] : []}>
            {field === "condition" ? (
              <Select allowClear data-testid="outcome-condition" options={RECEIPT_CONDITIONS.map((c) => ({ value: c, label: t(`tasks.conditions.${c}`) }))} />
            ) : field === "rootCause" ? (
              <Select data-testid="outcome-root-cause" options={ROOT_CAUSES.map((c) => ({ value: c, label: t(`tasks.rootCauses.${c}`) }))} />
            ) : field === "correctiveAction" ? (
              <Input.TextArea rows={3} maxLength={2000} />
            ) : (
              <Input maxLength={field === "reference" ? 128 : 64} data-testid={`outcome-${field}`} />
            )}
          </Form.Item>
        ))}
      </Form>
      {complete.error ? <Alert type="error" showIcon title={problemText(complete.error)} data-testid="complete-error" /> : null}
    </Modal>
  );
}

/** Cancels a task that is no longer needed, with the reason. */
export function CancelTask({ task, onClose }: { task: TaskRow; onClose: () => void }) {
  const { t } = useTranslation("agent");
  const { message } = App.useApp();
  const problemText = useProblemText();
  const client = useQueryClient();
  const [reason, setReason, clearReason] = useDraft(`task-cancel-${task.id}`, "");
  const cancel = useMutation({
    mutationFn: () => call(api.POST("/api/v1/tasks/{taskId}/cancel", { params: { path: { taskId: task.id } }, body: { reason: reason.trim() } })),
    onSuccess: () => {
      clearReason();
      message.success(t("tasks.cancelled"));
      void client.invalidateQueries({ queryKey: ["tasks"] });
      onClose();
    },
  });
  return (
    <Modal open title={t("tasks.cancel")} okText={t("tasks.cancel")} okButtonProps={{ danger: true, disabled: !reason.trim(), loading: cancel.isPending }} onOk={() => cancel.mutate()} onCancel={onClose} destroyOnHidden>
      <Input.TextArea rows={3} maxLength={1000} placeholder={t("tasks.cancelReason")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" />
      {cancel.error ? <Alert type="error" showIcon title={problemText(cancel.error)} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}
