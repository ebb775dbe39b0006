import type { Queryable } from "../../db/database.js";

export async function latestPolicyVersion(db: Queryable) {
  return db.selectFrom("policy_versions").select(["version", "document", "note", "published_by", "published_at"]).orderBy("version", "desc").limit(1).executeTakeFirst();
}

export async function policyVersion(db: Queryable, version: number) {
  return db.selectFrom("policy_versions").select(["version", "document", "note", "published_by", "published_at"]).where("version", "=", version).executeTakeFirst();
}

export async function listPolicyVersions(db: Queryable) {
  return db.selectFrom("policy_versions").select(["version", "note", "published_by", "published_at"]).orderBy("version", "desc").execute();
}

export async function insertPolicyVersion(db: Queryable, row: { version: number; document: unknown; note: string; publishedBy: string }) {
  const inserted = await db
    .insertInto("policy_versions")
    .values({ version: row.version, document: JSON.stringify(row.document), note: row.note, published_by: row.publishedBy })
    .onConflict((oc) => oc.column("version").doNothing())
    .returning("version")
    .executeTakeFirst();
  return inserted !== undefined;
}
