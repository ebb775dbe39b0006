import { Type, type Static } from "typebox";
import { createHash } from "node:crypto";
import { canonicalJson } from "../../shared/canonical-json.js";

/** An id as the platform sends it: printable, bounded, no spaces. */
export const ExternalId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:#-]+$" });
const Fen = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: "amount in fen (分)" });
const Instant = Type.String({ format: "date-time" });
const Day = Type.String({ format: "date" });
const Name = Type.String({ maxLength: 200 });
const Phone = Type.String({ maxLength: 32 });

const Named = Type.Object({ id: ExternalId, name: Type.Optional(Name) }, { additionalProperties: false });

export const CategoryFlags = Type.Object(
  {
    fresh: Type.Optional(Type.Boolean({ description: "fresh or perishable (鲜活易腐)" })),
    madeToOrder: Type.Optional(Type.Boolean({ description: "made to the customer's order (定作)" })),
    digital: Type.Optional(Type.Boolean({ description: "digital goods, downloaded or unsealed (数字化商品)" })),
    periodical: Type.Optional(Type.Boolean({ description: "newspapers and periodicals (报纸、期刊)" })),
    nearExpiryConfirmed: Type.Optional(Type.Boolean({ description: "sold as near expiry, confirmed by the buyer at purchase" })),
    defectiveConfirmed: Type.Optional(Type.Boolean({ description: "sold with a stated defect, confirmed by the buyer at purchase" })),
  },
  { additionalProperties: false },
);

export const SupplyChain = Type.Object(
  {
    batch: Type.Optional(
      Type.Object(
        { id: ExternalId, producedOn: Type.Optional(Day), bestBefore: Type.Optional(Day) },
        { additionalProperties: false },
      ),
    ),
    supplier: Type.Optional(Named),
    warehouse: Type.Optional(Type.Object({ id: ExternalId, name: Type.Optional(Name), city: Type.Optional(Name) }, { additionalProperties: false })),
    sortedAt: Type.Optional(Instant),
    route: Type.Optional(Named),
    driver: Type.Optional(Type.Object({ id: ExternalId, name: Type.Optional(Name), phone: Type.Optional(Phone) }, { additionalProperties: false })),
    deliveredAt: Type.Optional(Instant),
    pickedUpAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

export const OrderItemInput = Type.Object(
  {
    lineNo: Type.Integer({ minimum: 1, maximum: 999 }),
    sku: ExternalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    category: Type.Optional(Type.String({ maxLength: 64 })),
    flags: Type.Optional(CategoryFlags),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPriceFen: Fen,
    paidFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: "fen paid for the line after discounts; defaults to quantity × unit price" })),
    weightG: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    supply: Type.Optional(SupplyChain),
  },
  { additionalProperties: false },
);

export const DeliveryEvent = Type.Object(
  {
    at: Instant,
    kind: Type.String({ minLength: 1, maxLength: 40, description: "e.g. sorted, departed, arrived, delayed, picked_up" }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    itemLineNo: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const OrderInput = Type.Object(
  {
    id: ExternalId,
    customer: Type.Object(
      { id: ExternalId, name: Type.Optional(Name), phone: Type.Optional(Phone), address: Type.Optional(Type.String({ maxLength: 500 })) },
      { additionalProperties: false },
    ),
    pickupPoint: Type.Optional(
      Type.Object(
        {
          id: ExternalId,
          name: Type.Optional(Name),
          city: Type.Optional(Name),
          address: Type.Optional(Type.String({ maxLength: 500 })),
          leader: Type.Optional(Type.Object({ id: ExternalId, name: Type.Optional(Name), phone: Type.Optional(Phone) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    placedAt: Instant,
    promisedAt: Type.Optional(Instant),
    shippingFen: Type.Optional(Fen),
    paidFen: Fen,
    paymentMethod: Type.Optional(Type.Union([Type.Literal("wechat"), Type.Literal("alipay"), Type.Literal("card"), Type.Literal("balance")])),
    items: Type.Array(OrderItemInput, { minItems: 1, maxItems: 200 }),
    deliveryEvents: Type.Optional(Type.Array(DeliveryEvent, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type OrderInput = Static<typeof OrderInput>;
export type OrderItemInput = Static<typeof OrderItemInput>;

/** The largest order total accepted: what a PostgreSQL integer holds. */
export const MAX_ORDER_FEN = 2_147_483_647;

export interface OrderTotals {
  goodsFen: number;
  discountFen: number;
  shippingFen: number;
  linePaid: number[];
}

/** Errors in an order that the schema cannot see: sums that do not add up, duplicate lines. */
export function checkOrder(order: OrderInput): { ok: true; totals: OrderTotals } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const lines = new Set<number>();
  let goodsFen = 0;
  const linePaid: number[] = [];
  for (const item of order.items) {
    if (lines.has(item.lineNo)) errors.push(`items: line ${item.lineNo} appears twice`);
    lines.add(item.lineNo);
    const gross = item.quantity * item.unitPriceFen;
    const paid = item.paidFen ?? gross;
    if (paid > gross) errors.push(`items[line ${item.lineNo}]: paidFen ${paid} exceeds quantity × unitPriceFen ${gross}`);
    const s = item.supply;
    if (s?.pickedUpAt && s.deliveredAt && Date.parse(s.pickedUpAt) < Date.parse(s.deliveredAt))
      errors.push(`items[line ${item.lineNo}]: pickedUpAt is before deliveredAt`);
    goodsFen += gross;
    linePaid.push(paid);
  }
  // amounts are stored as PostgreSQL integers
  if (goodsFen > MAX_ORDER_FEN) errors.push(`the goods total ${goodsFen} fen exceeds the largest order accepted (${MAX_ORDER_FEN} fen)`);
  const shippingFen = order.shippingFen ?? 0;
  const itemsPaid = linePaid.reduce((a, b) => a + b, 0);
  if (itemsPaid + shippingFen !== order.paidFen)
    errors.push(`paidFen ${order.paidFen} must equal the items' paidFen (${itemsPaid}) plus shippingFen (${shippingFen})`);
  for (const e of order.deliveryEvents ?? [])
    if (e.itemLineNo !== undefined && !lines.has(e.itemLineNo)) errors.push(`deliveryEvents: no line ${e.itemLineNo}`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, totals: { goodsFen, discountFen: goodsFen - itemsPaid, shippingFen, linePaid } };
}

/** Stable hash of an order's content: a re-sent identical order changes nothing. */
export function orderContentHash(order: OrderInput): string {
  return createHash("sha256").update(canonicalJson(order)).digest("hex").slice(0, 32);
}

export const orderItemId = (orderId: string, lineNo: number) => `${orderId}#${lineNo}`;

/** What customers have claimed of one stored line. */
export interface ClaimedLine {
  id: string;
  claimedQuantity: number;
  claimedFen: number;
}

/**
 * Why a new version of an order may not replace the stored one: a claimed line that it drops,
 * or that it gives fewer units or less paid money than customers have already claimed.
 */
export function claimConflicts(order: OrderInput, linePaid: number[], claimed: ClaimedLine[]): string[] {
  const lines = new Map(order.items.map((item, i) => [orderItemId(order.id, item.lineNo), { item, paid: linePaid[i] ?? 0 }]));
  const conflicts: string[] = [];
  for (const c of claimed) {
    const line = lines.get(c.id);
    if (!line) conflicts.push(`${c.id}: claimed line cannot be removed`);
    else if (line.item.quantity < c.claimedQuantity || line.paid < c.claimedFen)
      conflicts.push(`line ${line.item.lineNo}: ${c.claimedQuantity} unit(s) / ${c.claimedFen} fen already claimed`);
  }
  return conflicts;
}
