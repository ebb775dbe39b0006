import type { OrderInput } from "../src/modules/orders/index.js";

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

type ItemOverrides = Partial<OrderInput["items"][number]>;

/**
 * A consistent order for tests: two lines by default (fresh strawberries, tissues), placed the
 * evening before `deliveredAt`, picked up an hour after delivery. Override what the test is about.
 */
export function makeOrder(o: { id?: string; customerId?: string; pickupPoint?: OrderInput["pickupPoint"]; placedAt?: string; promisedAt?: string; deliveredAt?: string | null; pickedUpAt?: string | null; items?: ItemOverrides[] } = {}): OrderInput {
  const deliveredAt = o.deliveredAt === undefined ? "2026-11-20T01:00:00.000Z" : o.deliveredAt;
  const pickedUpAt = o.pickedUpAt === undefined ? (deliveredAt ? new Date(Date.parse(deliveredAt) + 3_600_000).toISOString() : null) : o.pickedUpAt;
  const supply = {
    batch: { id: "B20261119-STRW-01", producedOn: "2026-11-19", bestBefore: "2026-11-23" },
    supplier: { id: "SUP-01", name: "长沙鲜果园果业有限公司" },
    warehouse: { id: "WH-01", name: "长沙望城中心仓", city: "长沙" },
    sortedAt: "2026-11-19T20:00:00.000Z",
    route: { id: "RT-03", name: "岳麓3号线" },
    driver: { id: "DRV-07", name: "张师傅", phone: "13800001234" },
    ...(deliveredAt ? { deliveredAt } : {}),
    ...(pickedUpAt ? { pickedUpAt } : {}),
  };
  const base: OrderInput["items"] = [
    { lineNo: 1, sku: "STRW-500", name: "丹东99草莓 500g", category: "水果", flags: { fresh: true }, quantity: 2, unitPriceFen: 2990, paidFen: 5980, weightG: 500, supply },
    { lineNo: 2, sku: "TISSUE-10", name: "清风抽纸 10包", category: "日用", quantity: 1, unitPriceFen: 1990, paidFen: 1990, supply },
  ];
  const items = (o.items ?? base.map((): ItemOverrides => ({}))).map((over, i) => {
    const item = { ...(base[i] ?? base[1]!), lineNo: i + 1, ...over };
    return { ...item, paidFen: over.paidFen ?? (over.quantity !== undefined || over.unitPriceFen !== undefined ? item.quantity * item.unitPriceFen : item.paidFen) };
  });
  return {
    id: o.id ?? nextId("ORD"),
    customer: { id: o.customerId ?? "C-1001", name: "李女士", phone: "13912345678", address: "长沙市岳麓区梅溪湖街道金茂悦小区3栋1201" },
    pickupPoint: o.pickupPoint ?? { id: "PP-001", name: "金茂悦小区自提点", city: "长沙", leader: { id: "LD-001", name: "王团长", phone: "13700007777" } },
    placedAt: o.placedAt ?? "2026-11-19T13:30:00.000Z",
    ...(o.promisedAt !== undefined ? { promisedAt: o.promisedAt } : { promisedAt: "2026-11-20T02:00:00.000Z" }),
    shippingFen: 0,
    paidFen: items.reduce((s, i) => s + (i.paidFen ?? 0), 0),
    paymentMethod: "wechat",
    items,
    deliveryEvents: deliveredAt ? [{ at: "2026-11-19T20:00:00.000Z", kind: "sorted" }, { at: deliveredAt, kind: "arrived" }] : [],
  };
}
