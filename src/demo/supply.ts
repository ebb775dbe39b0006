import type { DemoSku, DemoSupplier } from "./catalogue.js";
import { hashInt, hashUnit } from "./random.js";
import type { DemoDriver, DemoPickupPoint, DemoRoute, DemoWorld } from "./world.js";

/**
 * Facts of one delivery day that many orders share: each route's sorting, departure and
 * driver, each pickup point's arrival, each SKU's batches. They come from hashes of the
 * seed and the names, so every order of that day sees the same truck and the same batch.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** China Standard Time, UTC+8: the platform's clock. */
const CST_OFFSET = 8 * HOUR;

/** Chances that shape the noise, per route-day, pickup-point-day, order or line. */
export const DEMO_RATES = {
  /** a whole route runs late (breakdown, weather) */
  lateRouteDay: 0.01,
  /** one stop is reached late */
  latePointDay: 0.02,
  /** the order never reaches the pickup point (missed in sorting, lost on the way) */
  neverDelivered: 0.005,
  /** one line is out of stock at the supplier and not shipped (缺货) */
  outOfStockLine: 0.003,
  /** delivered but not (yet) collected by the customer */
  notPickedUp: 0.03,
  /** a dairy SKU has a discounted near-expiry batch that day */
  nearExpiryBatchDay: 0.3,
} as const;

const ROUTE_DELAYS = ["车辆故障，更换车辆后继续配送", "暴雨天气，道路积水绕行", "交通管制，线路临时改道", "中心仓分拣延误，晚发车"];
const STOP_DELAYS = ["小区门禁限制车辆进入，改为步行配送", "前一站卸货排队", "团长临时不在，改约时间交接"];

export interface RouteDay {
  route: DemoRoute;
  driver: DemoDriver;
  sortStart: number;
  departAt: number;
  /** why the whole route runs late, when it does */
  delay: string | null;
}

export interface PointDay {
  arriveAt: number;
  /** why the stop is late, when it is */
  delay: string | null;
}

export interface BatchFacts {
  id: string;
  supplier: DemoSupplier;
  producedOn: string;
  bestBefore?: string;
  nearExpiry: boolean;
}

/** Midnight (CST) of a 'YYYY-MM-DD' day, as epoch ms. */
export function cstMidnight(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) - CST_OFFSET;
}

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant in CST with whole seconds, e.g. 2026-11-23T21:14:05+08:00. */
export function cstInstant(ms: number): string {
  // Formatting millions of instants with Date.toISOString is the generator's hot spot.
  const local = ms + CST_OFFSET;
  const dayNo = Math.floor(local / (24 * HOUR));
  let prefix = dayPrefixes.get(dayNo);
  if (prefix === undefined) {
    prefix = new Date(dayNo * 24 * HOUR).toISOString().slice(0, 11);
    if (dayPrefixes.size > 10_000) dayPrefixes.clear();
    dayPrefixes.set(dayNo, prefix);
  }
  const seconds = Math.floor((local - dayNo * 24 * HOUR) / 1000);
  return `${prefix}${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}+08:00`;
}

/** The CST calendar day of an instant, e.g. 2026-11-23. */
export function cstDay(ms: number): string {
  return new Date(ms + CST_OFFSET).toISOString().slice(0, 10);
}

/** The facts of one delivery day, computed on first use and kept for that day only. */
export class DeliveryDay {
  readonly date: string;
  readonly compactDate: string;
  /** the time the pickup point is promised to have the goods (次日12点前到自提点) */
  readonly promisedAt: number;
  private readonly routes = new Map<string, RouteDay>();
  private readonly points = new Map<string, PointDay>();
  private readonly batches = new Map<string, BatchFacts>();

  constructor(
    private readonly world: DemoWorld,
    readonly midnight: number,
  ) {
    this.date = cstDay(midnight);
    this.compactDate = this.date.replaceAll("-", "");
    this.promisedAt = midnight + 12 * HOUR;
  }

  private hash(...parts: (string | number)[]): number {
    return hashUnit(this.world.seed, this.date, ...parts);
  }
  private hashInt(min: number, max: number, ...parts: (string | number)[]): number {
    return hashInt(this.world.seed, min, max, this.date, ...parts);
  }

  route(route: DemoRoute): RouteDay {
    let facts = this.routes.get(route.id);
    if (!facts) {
      const spares = this.world.spareDrivers;
      const standIn = this.hash("stand-in", route.id) < 0.05 && spares.length > 0;
      facts = {
        route,
        driver: standIn ? spares[this.hashInt(0, spares.length - 1, "spare", route.id)]! : route.driver,
        sortStart: this.midnight + 30 * MINUTE + this.hashInt(0, 60, "sort", route.id) * MINUTE,
        departAt: this.midnight + 5 * HOUR + this.hashInt(0, 50, "depart", route.id) * MINUTE,
        delay: this.hash("late-route", route.id) < DEMO_RATES.lateRouteDay ? ROUTE_DELAYS[this.hashInt(0, ROUTE_DELAYS.length - 1, "why", route.id)]! : null,
      };
      this.routes.set(route.id, facts);
    }
    return facts;
  }

  point(point: DemoPickupPoint): PointDay {
    let facts = this.points.get(point.id);
    if (!facts) {
      const run = this.route(point.route);
      const stopLate = this.hash("late-stop", point.id) < DEMO_RATES.latePointDay;
      const delay = run.delay ?? (stopLate ? STOP_DELAYS[this.hashInt(0, STOP_DELAYS.length - 1, "why", point.id)]! : null);
      // On time the last stop is reached by about 10:30; a late stop comes after the promise.
      const arriveAt = delay
        ? this.promisedAt + this.hashInt(10, 300, "late-by", point.id) * MINUTE
        : run.departAt + (30 + point.stop * 22 + this.hashInt(0, 15, "arrive", point.id)) * MINUTE;
      facts = { arriveAt, delay };
      this.points.set(point.id, facts);
    }
    return facts;
  }

  /** How many batches of a SKU arrive that day: popular goods come in several. */
  batchCount(sku: DemoSku): number {
    return sku.popularity >= 7 ? 3 : sku.popularity >= 4 ? 2 : 1;
  }

  /** Whether a dairy SKU also has a discounted near-expiry batch (临期特价) that day. */
  hasNearExpiryBatch(sku: DemoSku): boolean {
    return sku.handling === "dairy" && sku.shelfDays >= 7 && this.hash("near-expiry", sku.code) < DEMO_RATES.nearExpiryBatchDay;
  }

  /** Batch `number` of a SKU (1…batchCount; 9 is the near-expiry batch); undefined for digital goods. */
  batch(sku: DemoSku, number: number): BatchFacts | undefined {
    if (sku.handling === "digital") return undefined;
    const key = `${sku.code}-${number}`;
    let facts = this.batches.get(key);
    if (!facts) {
      facts = this.makeBatch(sku, number);
      this.batches.set(key, facts);
    }
    return facts;
  }

  private makeBatch(sku: DemoSku, number: number): BatchFacts {
    const supplier = sku.suppliers[this.hashInt(0, sku.suppliers.length - 1, "supplier", sku.code, number)]!;
    const nearExpiry = number === 9;
    const daysBefore = (min: number, max: number) => this.hashInt(min, max, "produced", sku.code, number);
    let producedDaysAgo: number;
    switch (sku.handling) {
      case "produce":
      case "meat":
        producedDaysAgo = daysBefore(1, 2);
        break;
      case "seafood":
      case "made_to_order":
        producedDaysAgo = 0;
        break;
      case "eggs":
        producedDaysAgo = daysBefore(1, 6);
        break;
      case "dairy":
        producedDaysAgo = nearExpiry ? sku.shelfDays - daysBefore(1, 2) : daysBefore(1, Math.max(1, Math.floor(sku.shelfDays / 3)));
        break;
      case "frozen":
        producedDaysAgo = daysBefore(10, 120);
        break;
      case "ambient":
      case "digital":
        producedDaysAgo = daysBefore(15, Math.max(15, Math.min(200, Math.floor(sku.shelfDays / 3))));
        break;
      case "periodical": {
        // A periodical's batch is the month's issue, the same all month.
        const issue = `${this.date.slice(0, 8)}01`;
        return { id: `B${issue.replaceAll("-", "")}-${sku.code}-01`, supplier: sku.suppliers[0]!, producedOn: issue, nearExpiry: false };
      }
    }
    const produced = this.midnight - producedDaysAgo * 24 * HOUR;
    return {
      id: `B${this.compactDate}-${sku.code}-${String(number).padStart(2, "0")}`,
      supplier,
      producedOn: cstDay(produced),
      bestBefore: cstDay(produced + sku.shelfDays * 24 * HOUR),
      nearExpiry,
    };
  }
}
