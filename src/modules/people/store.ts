import type { Queryable } from "../../db/database.js";

const PROFILE = ["id", "login", "name", "role", "phone", "leader_id", "supplier_id", "warehouse_id", "skills", "regions", "capacity", "on_duty", "disabled_at", "created_at"] as const;

export async function staffByLogin(db: Queryable, login: string) {
  return db.selectFrom("staff").select([...PROFILE, "password_hash"]).where("login", "=", login).executeTakeFirst();
}

export async function staffById(db: Queryable, id: string) {
  return db.selectFrom("staff").select(PROFILE).where("id", "=", id).executeTakeFirst();
}
export type StaffRow = NonNullable<Awaited<ReturnType<typeof staffById>>>;

export async function listStaff(db: Queryable, filter: { role?: string; onDuty?: boolean }) {
  let q = db.selectFrom("staff").select(PROFILE).orderBy("role").orderBy("id");
  if (filter.role) q = q.where("role", "=", filter.role);
  if (filter.onDuty !== undefined) q = q.where("on_duty", "=", filter.onDuty);
  return q.execute();
}

export async function insertSession(db: Queryable, s: { id: string; staff_id: string; created_at: Date; expires_at: Date }) {
  await db.insertInto("staff_sessions").values(s).execute();
}

export async function revokeSession(db: Queryable, id: string, at: Date) {
  await db.updateTable("staff_sessions").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).execute();
}

/** Ends every session of a member of staff, e.g. when they are disabled or their password changes. */
export async function revokeSessionsOf(db: Queryable, staffId: string, at: Date) {
  await db.updateTable("staff_sessions").set({ revoked_at: at }).where("staff_id", "=", staffId).where("revoked_at", "is", null).execute();
}
