import type { OrderInput, OrderItemInput } from "../modules/orders/model.js";
import { CATALOGUE, type DemoSku } from "./catalogue.js";
import { createRng, cumulate, pickWeighted, type Rng } from "./random.js";
import { DEMO_RATES, DeliveryDay, cstInstant, cstMidnight } from "./supply.js";
import { buildWorld, CITY, type DemoPickupPoint, type DemoWorld } from "./world.js";

/**
 * A deterministic stream of orders from a regional community-group-buying platform in 长沙.
 * Residents order until the 23:00 cutoff; the goods are sorted at the warehouse overnight,
 * driven to the pickup point in the morning and collected during the day. The same options
 * always give the same orders, and orders are produced one at a time, so millions cost no memory.
 */
export interface DemoOrderOptions {
  seed: number;
  /** how many orders in all */
  orders: number;
  /** delivery days the orders spread over (default 30) */
  days?: number;
  /** first delivery day, YYYY-MM-DD (default 2026-11-01); its orders are placed the evening before */
  startDate?: string;
  /** when given, events after this instant have not happened yet, and orders placed later are left out */
  asOf?: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const skuWeights = cumulate(CATALOGUE.map((s) => s.popularity));
const ITEM_COUNT_WEIGHTS = cumulate([35, 25, 18, 11, 7, 4]);
const PAYMENT_METHODS = cumulate([80, 10, 8, 2]);
const PAYMENT_NAMES = ["wechat", "alipay", "balance", "card"] as const;

/** Generates the orders, day by day. */
export function* generateDemoOrders(options: DemoOrderOptions): Generator<OrderInput> {
  const days = options.days ?? 30;
  if (!Number.isInteger(days) || days < 1) throw new RangeError("days must be a positive integer");
  if (!Number.isInteger(options.orders) || options.orders < 0) throw new RangeError("orders must be a non-negative integer");
  const world = buildWorld(options.seed);
  const rng = createRng([options.seed, 2]);
  const first = cstMidnight(options.startDate ?? "2026-11-01");
  const asOf = options.asOf?.getTime() ?? Infinity;
  const perDay = ordersPerDay(options.orders, days, first);
  for (let d = 0; d < days; d++) {
    const day = new DeliveryDay(world, first + d * DAY);
    const count = perDay[d] ?? 0;
    for (let seq = 1; seq <= count; seq++) {
      const order = makeOrder(world, rng, day, seq, asOf);
      if (order) yield order;
    }
  }
}

/** N demo orders as an array, for tests. */
export function demoOrders(count: number, seed = 1, options: Partial<DemoOrderOptions> = {}): OrderInput[] {
  return [...generateDemoOrders({ days: Math.max(1, Math.min(30, Math.ceil(count / 200))), ...options, seed, orders: count })];
}

/** Splits the total over the days, a little busier from Friday to Sunday; the parts add up exactly. */
function ordersPerDay(total: number, days: number, first: number): number[] {
  const weights = Array.from({ length: days }, (_, d) => {
    const weekday = new Date(first + d * DAY + 8 * HOUR).getUTCDay();
    return weekday === 0 || weekday >= 5 ? 1.15 : 1;
  });
  const cumulative = cumulate(weights);
  const sum = cumulative[days - 1] ?? 1;
  return cumulative.map((c, d) => Math.round((total * c) / sum) - Math.round((total * (cumulative[d - 1] ?? 0)) / sum));
}

function makeOrder(world: DemoWorld, rng: Rng, day: DeliveryDay, seq: number, asOf: number): OrderInput | null {
  const point = world.pickupPoints[pickWeighted(world.pickupPointWeights, rng.next())]!;
  // A few households buy most often: the square skews the pick towards the low indexes.
  const customer = world.customer(point, Math.floor(point.households * rng.next() ** 2));
  const placedAt = day.midnight - DAY + placementMinute(rng) * MINUTE + rng.int(0, 59) * 1000;
  if (placedAt > asOf) return null;

  const skus = pickSkus(rng, 1 + pickWeighted(ITEM_COUNT_WEIGHTS, rng.next()));
  const run = day.route(point.route);
  const stop = day.point(point);
  const lost = rng.chance(DEMO_RATES.neverDelivered) ? (rng.chance(0.5) ? "missed" : "lost") : null;
  const pickedUpAt = lost || rng.chance(DEMO_RATES.notPickedUp) ? null : stop.arriveAt + (10 + Math.floor(rng.next() ** 2 * 600)) * MINUTE;
  const known = (at: number | null): at is number => at !== null && at <= asOf;
  const events: NonNullable<OrderInput["deliveryEvents"]> = [];
  const event = (at: number, kind: string, note: string, itemLineNo?: number) => {
    if (known(at)) events.push({ at: cstInstant(at), kind, note, ...(itemLineNo ? { itemLineNo } : {}) });
  };

  let lastSorted = 0;
  const items: OrderItemInput[] = skus.map((sku, i) => {
    const lineNo = i + 1;
    const line = makeLine(rng, day, sku, lineNo);
    if (sku.handling === "digital") {
      line.supply = { supplier: { id: sku.suppliers[0]!.id, name: sku.suppliers[0]!.name }, deliveredAt: cstInstant(placedAt + rng.int(1, 3) * MINUTE) };
      return line;
    }
    const outOfStock = rng.chance(DEMO_RATES.outOfStockLine);
    const sortedAt = lost === "missed" || outOfStock ? null : run.sortStart + rng.int(0, 200) * MINUTE;
    if (sortedAt) lastSorted = Math.max(lastSorted, sortedAt);
    if (outOfStock) event(run.sortStart, "out_of_stock", `${sku.name} 供应商缺货，本商品未发货`, lineNo);
    const delivered = !lost && !outOfStock;
    line.supply = {
      ...line.supply,
      warehouse: { id: point.route.warehouse.id, name: point.route.warehouse.name, city: point.route.warehouse.city },
      route: { id: point.route.id, name: point.route.name },
      driver: { id: run.driver.id, name: run.driver.name, phone: run.driver.phone },
      ...(known(sortedAt) ? { sortedAt: cstInstant(sortedAt) } : {}),
      ...(delivered && known(stop.arriveAt) ? { deliveredAt: cstInstant(stop.arriveAt) } : {}),
      ...(delivered && known(pickedUpAt) ? { pickedUpAt: cstInstant(pickedUpAt) } : {}),
    };
    return line;
  });

  const physical = skus.some((s) => s.handling !== "digital");
  if (physical) {
    const warehouse = point.route.warehouse.name;
    if (lastSorted) event(lastSorted, "sorted", `${warehouse}分拣完成`);
    if (lost === "missed") event(run.departAt, "exception", `${warehouse}分拣漏发，包裹未随车`);
    if (lost !== "missed") event(run.departAt, "departed", `${run.driver.name}（${point.route.name}）已发车`);
    if (stop.delay && !lost) event(day.promisedAt - rng.int(20, 60) * MINUTE, "delayed", `${stop.delay}，预计晚于12:00送达`);
    if (lost === "lost") event(stop.arriveAt, "exception", `到站未找到包裹，疑似配送途中遗失`);
    if (!lost) event(stop.arriveAt, "arrived", `已送达${point.name}`);
    if (!lost && pickedUpAt) event(pickedUpAt, "picked_up", "顾客已取货");
    events.sort((a, b) => a.at.localeCompare(b.at));
  }

  const shippingFen = applyCoupon(rng, items, physical);
  return {
    id: `GB${day.compactDate}${String(seq).padStart(6, "0")}`,
    customer: { id: customer.id, name: customer.name, phone: customer.phone, address: customer.address },
    pickupPoint: pickupPointOf(point),
    placedAt: cstInstant(placedAt),
    promisedAt: cstInstant(day.promisedAt),
    shippingFen,
    paidFen: items.reduce((sum, item) => sum + (item.paidFen ?? 0), shippingFen),
    paymentMethod: PAYMENT_NAMES[pickWeighted(PAYMENT_METHODS, rng.next())]!,
    items,
    deliveryEvents: events,
  };
}

/** Minute of the evening before delivery: a morning trickle, an afternoon, and the rush before the 23:00 cutoff. */
function placementMinute(rng: Rng): number {
  const u = rng.next();
  if (u < 0.2) return rng.int(7 * 60, 12 * 60 - 1);
  if (u < 0.45) return rng.int(12 * 60, 19 * 60 - 1);
  return rng.int(19 * 60, 23 * 60 - 1);
}

function pickSkus(rng: Rng, count: number): DemoSku[] {
  const chosen = new Set<DemoSku>();
  while (chosen.size < count) chosen.add(CATALOGUE[pickWeighted(skuWeights, rng.next())]!);
  return [...chosen];
}

function makeLine(rng: Rng, day: DeliveryDay, sku: DemoSku, lineNo: number): OrderItemInput {
  const single = sku.handling === "made_to_order" || sku.handling === "digital" || sku.weightG >= 5000;
  const u = rng.next();
  const quantity = single ? 1 : u < 0.72 ? 1 : u < 0.92 ? 2 : u < 0.97 ? 3 : rng.int(4, 5);
  const nearExpiry = day.hasNearExpiryBatch(sku) && rng.chance(0.3);
  const batch = day.batch(sku, nearExpiry ? 9 : rng.int(1, day.batchCount(sku)));
  // 临期特价: near-expiry dairy is sold at half price, the buyer confirming the date at purchase.
  const unitPriceFen = nearExpiry ? Math.round(sku.priceFen / 20) * 10 : sku.priceFen;
  const gross = quantity * unitPriceFen;
  const specialOffer = !nearExpiry && rng.chance(0.12);
  const paidFen = specialOffer ? gross - Math.floor((gross * rng.int(5, 30)) / 100) : gross;
  const fresh =
    sku.handling === "produce" || sku.handling === "meat" || sku.handling === "seafood" ||
    ((sku.handling === "dairy" || sku.handling === "eggs") && sku.shelfDays <= 30);
  const flags = {
    ...(fresh ? { fresh: true } : {}),
    ...(sku.handling === "made_to_order" ? { madeToOrder: true } : {}),
    ...(sku.handling === "digital" ? { digital: true } : {}),
    ...(sku.handling === "periodical" ? { periodical: true } : {}),
    ...(nearExpiry ? { nearExpiryConfirmed: true } : {}),
  };
  return {
    lineNo,
    sku: sku.sku,
    name: nearExpiry ? `【临期特价】${sku.name}` : sku.name,
    category: sku.category,
    ...(Object.keys(flags).length ? { flags } : {}),
    quantity,
    unitPriceFen,
    paidFen,
    // weightG is the line's nominal weight: unit weight times quantity
    ...(sku.weightG ? { weightG: sku.weightG * quantity } : {}),
    ...(batch
      ? {
          supply: {
            batch: { id: batch.id, producedOn: batch.producedOn, ...(batch.bestBefore ? { bestBefore: batch.bestBefore } : {}) },
            supplier: { id: batch.supplier.id, name: batch.supplier.name },
          },
        }
      : {}),
  };
}

/**
 * 满减 coupons on some larger baskets, spread over the lines in proportion to what each line
 * pays (cumulative flooring, so the shares add up to the coupon exactly). Returns the
 * shipping fee: baskets of goods under ¥10 pay ¥2, everything else ships free.
 */
function applyCoupon(rng: Rng, items: OrderItemInput[], physical: boolean): number {
  const subtotal = items.reduce((sum, item) => sum + (item.paidFen ?? 0), 0);
  if (subtotal >= 3900 && rng.chance(0.15)) {
    const coupon = subtotal >= 9900 ? 1000 : subtotal >= 6900 ? 600 : 300;
    let before = 0;
    for (const item of items) {
      const paid = item.paidFen ?? 0;
      const share = Math.floor((coupon * (before + paid)) / subtotal) - Math.floor((coupon * before) / subtotal);
      before += paid;
      item.paidFen = paid - share;
    }
  }
  return physical && subtotal < 1000 ? 200 : 0;
}

function pickupPointOf(point: DemoPickupPoint): NonNullable<OrderInput["pickupPoint"]> {
  return {
    id: point.id,
    name: point.name,
    city: CITY,
    address: point.address,
    leader: { id: point.leader.id, name: point.leader.name, phone: point.leader.phone },
  };
}
