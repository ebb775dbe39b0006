import type { Db } from "../db/database.js";
import { createStaff, type NewStaff } from "../modules/people/index.js";

/** The demo installation's shared staff password; printed at start, never used elsewhere. */
export const DEMO_STAFF_PASSWORD = "anxin-demo-2026";

export interface DemoLogin {
  login: string;
  role: string;
  name: string;
  scope: string;
}

/**
 * One login per staff role, made once on a demo installation: two agents and a supervisor on
 * duty, the leader of the first demo customer's pickup point (so their cases show up at once),
 * the warehouse and the supplier that serve that customer's recent order.
 */
export async function ensureDemoStaff(db: Db, focus: { orderId: string } | undefined): Promise<DemoLogin[]> {
  const existing = await db.selectFrom("staff").select(["login", "role", "name", "leader_id", "supplier_id", "warehouse_id"]).orderBy("created_at").orderBy("login").execute();
  if (existing.length) return existing.map((s) => ({ login: s.login, role: s.role, name: s.name, scope: s.leader_id ?? s.supplier_id ?? s.warehouse_id ?? "" }));
  const order = focus
    ? await db
        .selectFrom("orders as o")
        .innerJoin("order_items as i", "i.order_id", "o.id")
        .select(["o.leader_id", "i.supplier_id", "i.warehouse_id"])
        .where("o.id", "=", focus.orderId)
        .executeTakeFirst()
    : undefined;
  const fallback = await db.selectFrom("order_items").select(["supplier_id", "warehouse_id"]).where("supplier_id", "is not", null).limit(1).executeTakeFirst();
  const leaderId = order?.leader_id ?? (await db.selectFrom("leaders").select("id").limit(1).executeTakeFirst())?.id;
  const leader = leaderId ? await db.selectFrom("leaders").select(["id", "name"]).where("id", "=", leaderId).executeTakeFirst() : undefined;
  const supplier = order?.supplier_id ?? fallback?.supplier_id;
  const warehouse = order?.warehouse_id ?? fallback?.warehouse_id;
  const people: Omit<NewStaff, "password">[] = [
    { login: "agent", name: "小王", role: "agent", onDuty: true },
    { login: "agent2", name: "小李", role: "agent", onDuty: true, skills: ["spoiled", "damaged", "short_weight", "quality_taste"] },
    { login: "supervisor", name: "陈姐", role: "supervisor", onDuty: true },
    ...(leader ? [{ login: "leader", name: leader.name || "团长", role: "leader" as const, leaderId: leader.id }] : []),
    ...(warehouse ? [{ login: "warehouse", name: "老刘", role: "warehouse" as const, warehouseId: warehouse }] : []),
    { login: "finance", name: "张会计", role: "finance" },
    ...(supplier ? [{ login: "quality", name: "赵工", role: "supplier_quality" as const, supplierId: supplier }] : []),
    { login: "ops", name: "周经理", role: "ops_admin" },
  ];
  const made: DemoLogin[] = [];
  for (const p of people) {
    const s = await createStaff(db, { ...p, password: DEMO_STAFF_PASSWORD });
    made.push({ login: s.login, role: s.role, name: s.name, scope: s.leader_id ?? s.supplier_id ?? s.warehouse_id ?? "" });
  }
  return made;
}
