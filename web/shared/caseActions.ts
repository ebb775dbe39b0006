import { api, call, type paths } from "./api";

export type CaseActionBody = paths["/api/v1/cases/{caseId}/actions"]["post"]["requestBody"]["content"]["application/json"];

/** FNV-1a over the text from two seeds: a short, stable fingerprint (crypto.subtle needs https off loopback). */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/**
 * Moves a case on, safely retried: the Idempotency-Key is derived from the case as the person saw
 * it (its id and last change) and the action, so pressing again after a lost answer replays the
 * first answer instead of failing with 409, while the next action on the changed case gets a new key.
 */
export function sendCaseAction(kase: { id: string; updatedAt: string }, body: CaseActionBody) {
  const key = `act-${fingerprint(JSON.stringify([kase.id, kase.updatedAt, body]))}`;
  return call(api.POST("/api/v1/cases/{caseId}/actions", { params: { path: { caseId: kase.id }, header: { "idempotency-key": key } }, body }));
}
