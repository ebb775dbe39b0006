import { createHash, randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Db } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import { visibleTo } from "../cases/index.js";
import type { Principal, StaffRole } from "../people/index.js";
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
const LIMITED_SCOPE: readonly StaffRole[] = ["leader", "warehouse", "supplier_quality"];

/**
 * The bytes of a photo, if the viewer may see it: a customer their own photos; staff whose scope
 * is limited (leaders, warehouse, supplier quality) only photos attached to a case they see.
 */
export async function readPhoto(deps: { db: Db; storage: EvidenceStorage }, evidenceId: string, viewer: Principal) {
  let q = deps.db.selectFrom("evidence").select(["mime", "storage_key", "customer_id"]).where("id", "=", evidenceId);
  if (viewer.kind === "customer") q = q.where("customer_id", "=", viewer.customerId);
  else if (viewer.kind === "staff" && LIMITED_SCOPE.includes(viewer.role))
    q = q.where((eb) => eb.exists(eb.selectFrom("case_evidence as ce").innerJoin("cases", "cases.id", "ce.case_id").select("ce.case_id").whereRef("ce.evidence_id", "=", "evidence.id").where(visibleTo(viewer))));
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const bytes = await deps.storage.get(row.storage_key);
  return bytes ? { mime: row.mime, bytes } : null;
}
