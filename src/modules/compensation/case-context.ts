import type { Tx } from "../../db/database.js";
import { caseItems, lockVisibleCase, readVisibleCase } from "../cases/index.js";
import { loadOrderView } from "../orders/index.js";
import type { Principal } from "../people/index.js";
import type { LiabilityCase } from "./model.js";

/**
 * What liability needs of a case, read through the cases and orders modules: the case (locked,
 * within the viewer's scope), its claimed lines and the supply chain each travelled. Imported by
 * routes.ts only: the module's index must not depend on cases, which depends on it.
 */
export async function loadLiabilityCase(tx: Tx, caseId: string, viewer: Principal, forUpdate = true): Promise<LiabilityCase | null> {
  // a reading needs no lock: it must not queue behind the case's changes
  const kase = forUpdate ? await lockVisibleCase(tx, caseId, viewer) : await readVisibleCase(tx, caseId, viewer);
  if (!kase) return null;
  const [items, order] = await Promise.all([caseItems(tx, caseId), loadOrderView(tx, kase.order_id)]);
  const lines = new Map(order?.items.map((i) => [i.id, i]) ?? []);
  return {
    caseId: kase.id,
    orderId: kase.order_id,
    customerId: kase.customer_id,
    problemType: kase.problem_type,
    leaderId: order?.leader?.id ?? null,
    items: items.map((ci) => {
      const supply = lines.get(ci.order_item_id)?.supply;
      return {
        orderItemId: ci.order_item_id,
        sku: ci.sku,
        batchId: supply?.batch?.id ?? null,
        supplierId: supply?.supplier?.id ?? null,
        warehouseId: supply?.warehouse?.id ?? null,
        routeId: supply?.route?.id ?? null,
        driverId: supply?.driver?.id ?? null,
        amountFen: ci.amount_fen,
      };
    }),
  };
}
