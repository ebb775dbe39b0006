import { createHash } from "node:crypto";
import type { Queryable } from "./database.js";
import { Problem } from "../http/problem.js";
import { canonicalJson } from "../shared/canonical-json.js";

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Hash of a request body that ignores key order, so a retried request matches itself. */
export function requestHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/**
 * Runs `work` once per (scope, key), inside the caller's transaction. The key row is claimed
 * first: a concurrent request with the same key waits on it and then replays the stored
 * response. If `work` fails, the transaction (and the claim) roll back and a retry runs afresh.
 */
export async function once<T>(
  tx: Queryable,
  scope: string,
  key: string,
  hash: string,
  work: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  const claimed = await tx
    .insertInto("idempotency_keys")
    .values({ scope, key, request_hash: hash, status_code: 0, response: "null" })
    .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  if (!claimed) {
    const stored = await tx
      .selectFrom("idempotency_keys")
      .select(["request_hash", "status_code", "response"])
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    if (stored.request_hash !== hash)
      throw new Problem(422, "idempotency-key-reused", "Idempotency key reused", "this Idempotency-Key was already used for a different request");
    return { status: stored.status_code, body: stored.response as T, replayed: true };
  }
  const result = await work();
  await tx
    .updateTable("idempotency_keys")
    .set({ status_code: result.status, response: JSON.stringify(result.body) })
    .where("scope", "=", scope)
    .where("key", "=", key)
    .execute();
  return { ...result, replayed: false };
}
