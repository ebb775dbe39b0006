import type { paths } from "../../shared/api";

export type TaskRow = paths["/api/v1/tasks"]["get"]["responses"][200]["content"]["application/json"]["tasks"][number];
export type TaskFilter = Partial<Omit<NonNullable<paths["/api/v1/tasks"]["get"]["parameters"]["query"]>, "limit">>;
export type Outcome = paths["/api/v1/tasks/{taskId}/complete"]["post"]["requestBody"]["content"]["application/json"]["outcome"];
export type RefundRow = paths["/api/v1/refunds"]["get"]["responses"][200]["content"]["application/json"]["refunds"][number];

export const TASK_STATES: NonNullable<TaskFilter["state"]>[] = ["open", "in_progress", "done", "cancelled"];
export const RECEIPT_CONDITIONS: NonNullable<Outcome["condition"]>[] = ["as_claimed", "not_as_claimed", "incomplete"];
export const ROOT_CAUSES: NonNullable<Outcome["rootCause"]>[] = ["packaging", "cold_chain", "supplier_quality", "sorting", "delivery", "other"];

/**
 * The outcome fields a kind of task asks for besides the summary, as the API documents them
 * (POST /tasks/{id}/complete: condition for confirm_receipt, trackingNo and courier for
 * prepare_reship, reference for manual_refund, rootCause and correctiveAction for investigate).
 * The server checks them; this only decides which inputs to show.
 */
export const OUTCOME_FIELDS: Record<string, { field: Exclude<keyof Outcome, "summary">; required: boolean }[]> = {
  confirm_receipt: [{ field: "condition", required: false }],
  prepare_reship: [
    { field: "trackingNo", required: true },
    { field: "courier", required: false },
  ],
  manual_refund: [{ field: "reference", required: true }],
  investigate: [
    { field: "rootCause", required: true },
    { field: "correctiveAction", required: true },
  ],
  follow_up: [],
};
