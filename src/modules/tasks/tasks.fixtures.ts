import { expect } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { json, type TestApp } from "../../../test/app.js";
import { claimOnFreshOrder } from "../../../test/claims.js";
import type { makeOrder } from "../../../test/factories.js";

/*
 * Small helpers for the task database tests: claims filed by a customer of their own (no history
 * carries over), calls as a given token, and what the tables say about tasks.
 */

/** A moment in China time, "YYYY-MM-DD HH:MM". 2026-11-23 is a Monday. */
export const cn = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`).toISOString();

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Files a claim on a fresh order of a fresh customer; returns the case as the customer sees it and their token. */
export async function fileClaim(t: TestApp, claim: Record<string, unknown>, order: Parameters<typeof makeOrder>[0] = {}) {
  const { kase, token } = await claimOnFreshOrder(t, "TASK", claim, order);
  return { kase, token };
}

/** A no-reason return of unopened tissues (from warehouse WH-01, supplier SUP-01), shipped back by the customer. */
export async function returnInTransit(t: TestApp, claim: Record<string, unknown> = {}) {
  const filed = await fileClaim(t, { problemType: "changed_mind", wantedResolution: "return_refund", answers: { sealIntact: true, opened: false }, ...claim });
  expect(filed.kase.state).toBe("awaiting_return");
  const shipped = await call(t, filed.token, "POST", `/api/v1/cases/${filed.kase.id}/actions`, { action: "ship_return", trackingNo: "SF100200300" });
  expect(json(shipped).state).toBe("return_in_transit");
  return filed.kase.id as string;
}

/** Damaged tissues without a photo: policy leaves the claim to a person. */
export async function caseInReview(t: TestApp) {
  const filed = await fileClaim(t, { problemType: "damaged", wantedResolution: "refund_only", description: "纸巾包装破了" });
  expect(filed.kase.state).toBe("in_review");
  return filed.kase.id as string;
}

export function call(t: TestApp, token: string, method: "GET" | "POST", url: string, payload?: object): Promise<LightMyRequestResponse> {
  return t.server.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
}

/** GET /cases/:id/tasks as this caller; expects 200. */
export async function tasksOf(t: TestApp, token: string, caseId: string) {
  const res = await call(t, token, "GET", `/api/v1/cases/${caseId}/tasks`);
  expect(res.statusCode, res.body).toBe(200);
  return json(res).tasks as Record<string, any>[];
}

/** The SLA clock of a task, as stored. */
export async function clockOfTask(t: TestApp, taskId: string) {
  return t.database.db.selectFrom("sla_clocks").selectAll().where("task_id", "=", taskId).executeTakeFirstOrThrow();
}

/** Outbox topics of a case that start with `prefix`, in order. */
export async function topics(t: TestApp, caseId: string, prefix: string) {
  const rows = await t.database.db.selectFrom("outbox").select("topic").where("aggregate_id", "=", caseId).orderBy("id").execute();
  return rows.map((r) => r.topic).filter((topic) => topic.startsWith(prefix));
}

/** The case's timeline entry types, as staff see them. */
export async function timelineTypes(t: TestApp, token: string, caseId: string) {
  const res = await call(t, token, "GET", `/api/v1/cases/${caseId}`);
  return (json(res).timeline as { type: string }[]).map((e) => e.type);
}
