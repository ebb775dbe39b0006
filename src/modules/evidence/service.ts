import { createHash, randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Db } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import type { EvidenceStorage } from "./storage.js";

/** Photo formats phones produce; the type is read from the bytes, never from the file name. */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"] as const;

export interface StoredEvidence {
  id: string;
  mime: string;
  bytes: number;
  sha256: string;
  createdAt: string;
}

/** Stores one photo of a customer's. Bytes first, then the row: a crash leaves an orphan file, never a dangling row. */
export async function storePhoto(deps: { db: Db; storage: EvidenceStorage; clock: () => Date }, customerId: string, bytes: Buffer): Promise<StoredEvidence> {
  if (bytes.length === 0) throw new Problem(422, "evidence-invalid", "Empty upload", "the photo has no bytes");
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !(PHOTO_TYPES as readonly string[]).includes(sniffed.mime))
    throw new Problem(415, "unsupported-media-type", "Not a photo", `expected one of ${PHOTO_TYPES.join(", ")}; the bytes look like ${sniffed?.mime ?? "nothing known"}`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const id = `ev_${randomUUID()}`;
  const now = deps.clock();
  const storageKey = `${now.toISOString().slice(0, 10)}/${id}.${sniffed.ext}`;
  await deps.storage.put(storageKey, bytes);
  await deps.db
    .insertInto("evidence")
    .values({ id, customer_id: customerId, mime: sniffed.mime, bytes: bytes.length, sha256, storage_key: storageKey, created_at: now })
    .execute();
  return { id, mime: sniffed.mime, bytes: bytes.length, sha256, createdAt: now.toISOString() };
}

/** A photo's bytes, for its owner only. */
export async function readPhoto(deps: { db: Db; storage: EvidenceStorage }, evidenceId: string, customerId: string | null) {
  let q = deps.db.selectFrom("evidence").select(["mime", "storage_key", "customer_id"]).where("id", "=", evidenceId);
  if (customerId) q = q.where("customer_id", "=", customerId);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const bytes = await deps.storage.get(row.storage_key);
  return bytes ? { mime: row.mime, bytes } : null;
}
