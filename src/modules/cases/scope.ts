import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../people/index.js";

/**
 * Which cases a caller sees (least privilege, seed 001): a customer their own; a leader those of
 * the pickup points they run; supplier quality those with their supplier's goods; a warehouse
 * those with goods from their warehouse; agents, supervisors, finance, operations and
 * integrators all. A case outside the scope is answered as if it did not exist.
 */
export function visibleTo(p: Principal) {
  return (eb: ExpressionBuilder<Database, "cases">): Expression<SqlBool> => {
    if (p.kind === "customer") return eb("cases.customer_id", "=", p.customerId);
    if (p.kind === "integrator") return sql<SqlBool>`true`;
    switch (p.role) {
      case "leader":
        return eb("cases.pickup_point_id", "in", eb.selectFrom("pickup_points").select("pickup_points.id").where("pickup_points.leader_id", "=", p.leaderId ?? ""));
      case "supplier_quality":
        return withItemsWhere(eb, "oi.supplier_id", p.supplierId);
      case "warehouse":
        return withItemsWhere(eb, "oi.warehouse_id", p.warehouseId);
      case "agent":
      case "supervisor":
      case "finance":
      case "ops_admin":
        return sql<SqlBool>`true`;
    }
  };
}

/** Cases with at least one item whose supplier or warehouse is the given party. */
function withItemsWhere(eb: ExpressionBuilder<Database, "cases">, column: "oi.supplier_id" | "oi.warehouse_id", partyId: string | null): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom("case_items as ci")
      .innerJoin("order_items as oi", "oi.id", "ci.order_item_id")
      .select("ci.case_id")
      .whereRef("ci.case_id", "=", "cases.id")
      .where(column, "=", partyId ?? ""),
  );
}
