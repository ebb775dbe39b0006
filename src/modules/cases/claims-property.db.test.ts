import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database.js";
import { openTestDatabase } from "../../../test/db.js";
import { testClock } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";
import { ingestOrder } from "../orders/index.js";
import { ensureDefaultPolicy, makePolicySource } from "../policy/index.js";
import { Problem } from "../../http/problem.js";
import { actOnCase, fileClaim } from "./service.js";

let database: DatabaseHandle;
const clock = testClock("2026-11-20T05:00:00.000Z");
beforeAll(async () => {
  database = await openTestDatabase();
  await ensureDefaultPolicy(database.db);
});
afterAll(async () => database.close());

type Op = { kind: "claim"; line: 1 | 2; units: number } | { kind: "cancel"; pick: number };

describe("claims against the database", () => {
  it("never lets claims on an order exceed what was bought or paid, whatever the sequence of claims and cancellations", async () => {
    const deps = { db: database.db, policies: makePolicySource(database.db), clock };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("claim" as const), line: fc.constantFrom(1 as const, 2 as const), units: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 50_000 }), fc.array(op, { minLength: 1, maxLength: 12 }), async (quantity, paidFen, ops) => {
        const customerId = `C-P${run++}`;
        const order = makeOrder({ customerId, items: [{ quantity, unitPriceFen: paidFen, paidFen }, {}] });
        await ingestOrder(database.db, order, clock());
        const open: string[] = [];
        let k = 0;
        for (const o of ops) {
          if (o.kind === "claim") {
            try {
              // a damaged claim without photo goes to review: it holds its units until cancelled
              const r = await fileClaim(deps, customerId, { orderId: order.id, items: [{ lineNo: o.line, quantity: o.units }], problemType: "damaged", wantedResolution: "refund_only", description: "", evidenceIds: [], answers: {} }, `p-${order.id}-${k++}`);
              open.push(r.body.id);
            } catch (e) {
              expect(e).toBeInstanceOf(Problem);
              expect((e as Problem).slug).toBe("quantity-exceeded");
            }
          } else if (open.length) {
            const [id] = open.splice(o.pick % open.length, 1);
            await actOnCase(deps, id!, { type: "cancel" }, { kind: "customer", customerId });
          }
        }
        const lines = await database.db.selectFrom("order_items").select(["line_no", "quantity", "paid_fen", "claimed_quantity", "claimed_fen"]).where("order_id", "=", order.id).execute();
        const held = await database.db
          .selectFrom("case_items as ci")
          .innerJoin("cases as c", "c.id", "ci.case_id")
          .innerJoin("order_items as i", "i.id", "ci.order_item_id")
          .select(["i.line_no", "ci.quantity", "ci.amount_fen"])
          .where("c.order_id", "=", order.id)
          .where("c.state", "not in", ["cancelled", "rejected"])
          .execute();
        for (const l of lines) {
          const mine = held.filter((h) => h.line_no === l.line_no);
          expect(l.claimed_quantity).toBe(mine.reduce((s, h) => s + h.quantity, 0));
          expect(l.claimed_fen).toBe(mine.reduce((s, h) => s + h.amount_fen, 0));
          expect(l.claimed_quantity).toBeLessThanOrEqual(l.quantity);
          expect(l.claimed_fen).toBeLessThanOrEqual(l.paid_fen);
        }
      }),
      { numRuns: 25 },
    );
  });
});
