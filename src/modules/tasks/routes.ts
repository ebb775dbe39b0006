import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { payRefundManually, refundsForFinance } from "./finance.js";
import type { TaskDepartment, TaskState } from "./model.js";
import { ManualRefundBody, NewTaskBody, OutcomeSchema, RefundIdParams, RefundQuery, RefundView, TaskIdParams, TaskQuery, TaskView } from "./schemas.js";
import { caseTasks, createTask, departmentTasks, workOnTask, type TaskDeps } from "./service.js";

const CaseIdParams = Type.Object({ caseId: Type.String({ maxLength: 64 }) });
/** Who works tasks: the departments, agents for follow-ups, and supervisors for any. */
const TASK_WORKERS = access("agent", "supervisor", "warehouse", "finance", "supplier_quality");
const WORK_DESCRIPTION = "Members of the task's department (a warehouse its own warehouse's tasks, supplier quality its supplier's) and supervisors. 409 already-owned when someone else took it, 409 conflict when it is finished.";

/**
 * Department tasks over HTTP, and finance's manual refunds. Registered by the server directly:
 * the services import cases, which imports tasks' index.
 */
export function taskRoutes(deps: TaskDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/cases/:caseId/tasks",
      {
        config: access("agent", "supervisor"),
        schema: {
          tags: ["tasks"],
          summary: "Hand work on a case to a department: the warehouse, finance, supplier quality, an agent",
          description: "The task is scoped to the warehouse (or supplier) of the case's goods and gets its own SLA clock. 409 when the same task is already open.",
          params: CaseIdParams,
          body: NewTaskBody,
          response: { 201: TaskView, ...problemResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createTask(deps, request.params.caseId, request.body, principalOf(request))),
    );

    app.get(
      "/cases/:caseId/tasks",
      {
        config: access("agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"),
        schema: {
          tags: ["tasks"],
          summary: "The tasks of a case, nearest SLA deadline first",
          description: "A department sees its own tasks of the case (a warehouse its warehouse's, supplier quality its supplier's).",
          params: CaseIdParams,
          response: { 200: Type.Object({ tasks: Type.Array(TaskView) }), ...problemResponses },
        },
      },
      async (request) => ({ tasks: await caseTasks(deps, request.params.caseId, principalOf(request)) }),
    );

    app.get(
      "/tasks",
      {
        config: access("agent", "supervisor", "warehouse", "finance", "supplier_quality", "ops_admin"),
        schema: {
          tags: ["tasks"],
          summary: "A department's work list, nearest SLA deadline first",
          description: "A warehouse sees its warehouse's tasks, supplier quality its supplier's, finance finance's; agents, supervisors and operations all.",
          querystring: TaskQuery,
          response: { 200: Type.Object({ tasks: Type.Array(TaskView) }), ...problemResponses },
        },
      },
      async (request) => {
        const q = request.query;
        return { tasks: await departmentTasks(deps, principalOf(request), { department: q.department as TaskDepartment | undefined, state: q.state as TaskState | undefined, mine: q.mine, limit: q.limit }) };
      },
    );

    app.post(
      "/tasks/:taskId/take",
      {
        config: TASK_WORKERS,
        schema: { tags: ["tasks"], summary: "Take a task: you own it until it is done", description: WORK_DESCRIPTION, params: TaskIdParams, response: { 200: TaskView, ...problemResponses } },
      },
      async (request) => workOnTask(deps, request.params.taskId, { action: "take" }, principalOf(request)),
    );

    app.post(
      "/tasks/:taskId/complete",
      {
        config: TASK_WORKERS,
        schema: {
          tags: ["tasks"],
          summary: "Complete a task with its outcome",
          description: `${WORK_DESCRIPTION} Completing confirm_receipt confirms the goods received on the case; completing manual_refund pays the refund by hand (as POST /refunds/{refundId}/manual); completing investigate records the root cause on the case.`,
          params: TaskIdParams,
          body: Type.Object({ outcome: OutcomeSchema }, { additionalProperties: false }),
          response: { 200: TaskView, ...problemResponses },
        },
      },
      async (request) => workOnTask(deps, request.params.taskId, { action: "complete", outcome: request.body.outcome }, principalOf(request)),
    );

    app.post(
      "/tasks/:taskId/cancel",
      {
        config: TASK_WORKERS,
        schema: {
          tags: ["tasks"],
          summary: "Cancel a task that is no longer needed",
          description: WORK_DESCRIPTION,
          params: TaskIdParams,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: TaskView, ...problemResponses },
        },
      },
      async (request) => workOnTask(deps, request.params.taskId, { action: "cancel", reason: request.body.reason }, principalOf(request)),
    );

    app.get(
      "/refunds",
      {
        config: access("finance", "ops_admin"),
        schema: {
          tags: ["refunds"],
          summary: "Refunds by state and failed attempts: state=failed&minAttempts=3 lists those finance pays by hand",
          querystring: RefundQuery,
          response: { 200: Type.Object({ refunds: Type.Array(RefundView) }), ...problemResponses },
        },
      },
      async (request) => ({ refunds: await refundsForFinance(deps.db, request.query) }),
    );

    app.post(
      "/refunds/:refundId/manual",
      {
        config: access("finance"),
        schema: {
          tags: ["refunds"],
          summary: "Book a refund the gateway gave up on as paid by bank transfer (线下打款)",
          description:
            "Books the payment once, through the same settlement as the gateway's answers (gateway reference manual:<reference>), moves the case to refunded and completes finance's task. The same reference again answers the same; 409 already-paid when it was paid by the gateway or with another reference, 409 conflict while the gateway still retries it.",
          params: RefundIdParams,
          body: ManualRefundBody,
          response: { 200: RefundView, ...problemResponses },
        },
      },
      async (request) => payRefundManually(deps, request.params.refundId, request.body, principalOf(request)),
    );
  };
}
