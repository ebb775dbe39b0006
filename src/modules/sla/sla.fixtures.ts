import { expect } from "vitest";
import { json, type TestApp } from "../../../test/app.js";
import { claimOnFreshOrder } from "../../../test/claims.js";
import type { makeOrder } from "../../../test/factories.js";

/*
 * Small helpers for the SLA database tests: claims filed at a chosen moment, and what the API
 * and the tables say about their clocks and timers.
 */

/** A moment in China time, "YYYY-MM-DD HH:MM[:SS]". 2026-03-02 is a Monday. */
export const cn = (local: string) => new Date(`${local.replace(" ", "T")}${local.length === 16 ? ":00" : ""}+08:00`);

/**
 * Files a claim at `at` (China time) for an order delivered the day before: by default damaged
 * tissues without a photo, which policy sends to a person (in review). Each call is a new
 * customer, so no history (abuse, standing) carries over between claims.
 */
export async function fileClaim(t: TestApp, at: string, claim: Record<string, unknown> = {}, order: Parameters<typeof makeOrder>[0] = {}) {
  t.clock.set(cn(at).toISOString());
  const deliveredAt = new Date(cn(at).getTime() - 86_400_000).toISOString();
  const placedAt = new Date(cn(at).getTime() - 2 * 86_400_000).toISOString();
  return claimOnFreshOrder(t, "SLA", { problemType: "damaged", wantedResolution: "refund_only", ...claim }, { deliveredAt, placedAt, promisedAt: deliveredAt, ...order });
}

/** GET /cases/:id/sla as this caller, clocks by kind. */
export async function clocksByKind(t: TestApp, caseId: string, token: string) {
  const res = await t.server.inject({ method: "GET", url: `/api/v1/cases/${caseId}/sla`, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  const clocks = json(res).clocks as { kind: string; status: string; deadlineAt: string | null; remainingMinutes: number; id: string }[];
  return Object.fromEntries(clocks.map((c) => [c.kind, c]));
}

/** POST /cases/:id/actions as this caller. */
export async function act(t: TestApp, caseId: string, token: string, body: Record<string, unknown>) {
  const res = await t.server.inject({ method: "POST", url: `/api/v1/cases/${caseId}/actions`, headers: { authorization: `Bearer ${token}` }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
}

/** The pending (neither fired nor cancelled) timers of these subjects. */
export async function pendingTimers(t: TestApp, subjectIds: string[]) {
  const rows = await t.database.db.selectFrom("timers").select(["kind", "subject_id", "due_at"]).where("subject_id", "in", subjectIds).where("fired_at", "is", null).where("cancelled_at", "is", null).execute();
  return rows;
}

/** Outbox topics of a case, in order. */
export async function outboxTopics(t: TestApp, caseId: string) {
  const rows = await t.database.db.selectFrom("outbox").select("topic").where("aggregate_id", "=", caseId).orderBy("id").execute();
  return rows.map((r) => r.topic);
}
