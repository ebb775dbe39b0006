import type { Db } from "../db/database.js";
import { fileClaim } from "../modules/cases/index.js";
import type { PolicySource } from "../modules/policy/index.js";

/** What demo customers complain about, and what they ask for: a mix policy decides at once or sends to a person. */
const COMPLAINTS = [
  { problemType: "damaged", wantedResolution: "refund_only", description: "外箱压坏，里面的东西碎了" },
  { problemType: "spoiled", wantedResolution: "refund_only", description: "打开就有异味，已经坏了" },
  { problemType: "short_weight", wantedResolution: "partial_refund", description: "称了一下比标的少很多" },
  { problemType: "missing_items", wantedResolution: "reship", description: "少了一件" },
  { problemType: "wrong_item", wantedResolution: "exchange", description: "发来的不是我买的" },
  { problemType: "poor_quality", wantedResolution: "refund_only", description: "口感很差，和描述不符" },
  { problemType: "foreign_object", wantedResolution: "refund_only", description: "里面有头发" },
] as const;

/**
 * Files some claims on a fresh demo installation (none are there yet), through the same path a
 * customer's phone takes, so the queue, the leader's list and the dashboard have work on them
 * at the first start. Claims policy refuses (a window passed, say) are skipped.
 */
export async function seedDemoCases(deps: { db: Db; policies: PolicySource; clock: () => Date }, count: number): Promise<number> {
  const existing = await deps.db.selectFrom("cases").select("id").limit(1).executeTakeFirst();
  if (existing) return 0;
  const lines = await deps.db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select(["o.id as orderId", "o.customer_id as customerId", "i.line_no as lineNo"])
    .where("i.picked_up_at", "is not", null)
    .where("i.picked_up_at", ">", new Date(deps.clock().getTime() - 2 * 86_400_000))
    .orderBy("i.picked_up_at", "desc")
    .limit(count * 4)
    .execute();
  const seen = new Set<string>();
  let filed = 0;
  for (const line of lines) {
    if (filed >= count || seen.has(line.customerId)) continue;
    seen.add(line.customerId);
    const complaint = COMPLAINTS[filed % COMPLAINTS.length]!;
    const answer = await fileClaim(
      deps,
      line.customerId,
      { orderId: line.orderId, items: [{ lineNo: line.lineNo, quantity: 1 }], ...complaint, evidenceIds: [], answers: {} },
      `demo-seed-${line.orderId}-${line.lineNo}`,
    ).catch(() => null); // a claim the order no longer allows: try the next
    if (answer && answer.status < 300) filed += 1;
  }
  return filed;
}
