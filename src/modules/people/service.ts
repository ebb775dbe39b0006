import { randomBytes } from "node:crypto";
import type { Db } from "../../db/database.js";
import { Problem, notFound, unauthenticated } from "../../http/problem.js";
import { STAFF_SESSION_TTL_SECONDS, type Credentials } from "./credentials.js";
import type { StaffRole } from "./model.js";
import { DECOY_HASH, hashPassword, verifyPassword } from "./passwords.js";
import { insertSession, revokeSession, revokeSessionsOf, staffById, staffByLogin, type StaffRow } from "./store.js";

export interface PeopleDeps {
  db: Db;
  credentials: Credentials;
  clock: () => Date;
}

export interface NewStaff {
  id?: string;
  login: string;
  name: string;
  role: StaffRole;
  password: string;
  phone?: string | null;
  leaderId?: string | null;
  supplierId?: string | null;
  warehouseId?: string | null;
  skills?: string[];
  regions?: string[];
  capacity?: number;
  onDuty?: boolean;
}

/** Adds a member of staff; a leader, supplier or warehouse role needs the party it is scoped to. */
export async function createStaff(db: Db, s: NewStaff): Promise<StaffRow> {
  const scope = { leader: s.leaderId, supplier_quality: s.supplierId, warehouse: s.warehouseId } as Partial<Record<StaffRole, string | null | undefined>>;
  if (s.role in scope && !scope[s.role]) throw new Problem(422, "validation", "Scope required", `a ${s.role} must be tied to the ${s.role === "leader" ? "leader" : s.role === "warehouse" ? "warehouse" : "supplier"} they work for`);
  if (await staffByLogin(db, s.login)) throw new Problem(409, "conflict", "Login taken", `the login ${s.login} is in use`);
  await mustExist(db, "leaders", s.leaderId);
  await mustExist(db, "suppliers", s.supplierId);
  await mustExist(db, "warehouses", s.warehouseId);
  const id = s.id ?? `S-${randomBytes(4).toString("hex")}`;
  const values = {
    id,
    login: s.login,
    name: s.name,
    role: s.role,
    password_hash: await hashPassword(s.password),
    phone: s.phone ?? null,
    leader_id: s.leaderId ?? null,
    supplier_id: s.supplierId ?? null,
    warehouse_id: s.warehouseId ?? null,
    skills: s.skills ?? [],
    regions: s.regions ?? [],
    capacity: s.capacity ?? 20,
    on_duty: s.onDuty ?? false,
  };
  try {
    await db.insertInto("staff").values(values).execute();
  } catch (e) {
    // two requests for the same login at once: the second finds it taken
    if ((e as { code?: string }).code === "23505") throw new Problem(409, "conflict", "Login taken", `the login ${s.login} is in use`);
    throw e;
  }
  return (await staffById(db, id))!;
}

/** A party a member of staff is tied to must be known (it arrives with the orders that name it). */
async function mustExist(db: Db, table: "leaders" | "suppliers" | "warehouses", id: string | null | undefined) {
  if (!id) return;
  const row = await db.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst();
  if (!row) throw new Problem(422, "validation", "Unknown party", `no ${table.slice(0, -1)} ${id} is known yet`);
}

/** Checks a password and opens a session. Wrong login and wrong password look (and take) the same. */
export async function login(deps: PeopleDeps, loginName: string, password: string) {
  const row = await staffByLogin(deps.db, loginName);
  const ok = await verifyPassword(row?.password_hash ?? DECOY_HASH, password);
  if (!row || !ok || row.disabled_at) throw unauthenticated("the login or the password is wrong");
  const now = deps.clock();
  const sessionId = `ss_${randomBytes(12).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_TTL_SECONDS * 1000);
  await insertSession(deps.db, { id: sessionId, staff_id: row.id, created_at: now, expires_at: expiresAt });
  const token = await deps.credentials.issueStaffToken(row.id, sessionId, expiresAt);
  const { password_hash: _hash, ...staff } = row;
  return { token, expiresAt: expiresAt.toISOString(), staff };
}

export async function logout(deps: PeopleDeps, sessionId: string) {
  await revokeSession(deps.db, sessionId, deps.clock());
  deps.credentials.forgetSession(sessionId);
}

export interface StaffChange {
  name?: string;
  role?: StaffRole;
  password?: string;
  phone?: string | null;
  skills?: string[];
  regions?: string[];
  capacity?: number;
  onDuty?: boolean;
  disabled?: boolean;
}

/** Changes a member of staff. A new password or disabling ends their sessions. */
export async function updateStaff(deps: PeopleDeps, id: string, c: StaffChange): Promise<StaffRow> {
  const current = await staffById(deps.db, id);
  if (!current) throw notFound("staff", id);
  const scopedTo = { leader: current.leader_id, warehouse: current.warehouse_id, supplier_quality: current.supplier_id } as Partial<Record<StaffRole, string | null>>;
  if (c.role && c.role in scopedTo && !scopedTo[c.role]) throw new Problem(422, "validation", "Scope required", `${current.login} is not tied to a party a ${c.role} works for; add them anew with it`);
  const now = deps.clock();
  const set = {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.role !== undefined ? { role: c.role } : {}),
    ...(c.password !== undefined ? { password_hash: await hashPassword(c.password) } : {}),
    ...(c.phone !== undefined ? { phone: c.phone } : {}),
    ...(c.skills !== undefined ? { skills: c.skills } : {}),
    ...(c.regions !== undefined ? { regions: c.regions } : {}),
    ...(c.capacity !== undefined ? { capacity: c.capacity } : {}),
    ...(c.onDuty !== undefined ? { on_duty: c.onDuty } : {}),
    ...(c.disabled !== undefined ? { disabled_at: c.disabled ? now : null, ...(c.disabled ? { on_duty: false } : {}) } : {}),
  };
  if (Object.keys(set).length) {
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("staff").set(set).where("id", "=", id).execute();
      if (c.password !== undefined || c.disabled) await revokeSessionsOf(tx, id, now);
    });
    deps.credentials.forgetStaff(id);
  }
  return (await staffById(deps.db, id))!;
}

/** The staff profile as the API shows it. */
export function staffView(s: StaffRow) {
  return {
    id: s.id,
    login: s.login,
    name: s.name,
    role: s.role,
    phone: s.phone,
    leaderId: s.leader_id,
    supplierId: s.supplier_id,
    warehouseId: s.warehouse_id,
    skills: s.skills,
    regions: s.regions,
    capacity: s.capacity,
    onDuty: s.on_duty,
    disabled: s.disabled_at !== null,
  };
}
