import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { checkOrder, OrderInput } from "../modules/orders/model.js";
import { demoOrders, generateDemoOrders } from "./generator.js";

const sample = demoOrders(5000, 42);

describe("demo order generator", () => {
  it("gives the same orders for the same seed, and others for another seed", () => {
    const again = [...generateDemoOrders({ seed: 42, orders: 5000, days: 25 })];
    expect(again).toEqual(sample);
    const other = demoOrders(50, 43);
    expect(other.map((o) => o.customer.id)).not.toEqual(sample.slice(0, 50).map((o) => o.customer.id));
  });

  it("produces exactly the number of orders asked for, with unique ids", () => {
    expect(sample).toHaveLength(5000);
    expect(new Set(sample.map((o) => o.id)).size).toBe(5000);
    expect([...generateDemoOrders({ seed: 1, orders: 7, days: 3 })]).toHaveLength(7);
  });

  it("generates only orders that pass the schema and add up", () => {
    for (const order of sample) {
      expect(Value.Check(OrderInput, order), order.id).toBe(true);
      const checked = checkOrder(order);
      expect(checked.ok ? [] : checked.errors, order.id).toEqual([]);
    }
  });

  it("runs late on about 3% of orders and never delivers about 0.5%", () => {
    let late = 0;
    let neverDelivered = 0;
    let deliveredNotPickedUp = 0;
    let delivered = 0;
    for (const order of sample) {
      const physical = order.items.filter((i) => !i.flags?.digital);
      if (physical.length === 0) continue;
      const arrivals = physical.map((i) => i.supply?.deliveredAt).filter((at): at is string => at !== undefined);
      if (arrivals.length === 0) {
        neverDelivered++;
        continue;
      }
      delivered++;
      if (arrivals.some((at) => Date.parse(at) > Date.parse(order.promisedAt ?? ""))) late++;
      if (!physical.some((i) => i.supply?.pickedUpAt)) deliveredNotPickedUp++;
    }
    expect(late / sample.length).toBeGreaterThan(0.015);
    expect(late / sample.length).toBeLessThan(0.05);
    expect(neverDelivered / sample.length).toBeGreaterThan(0.001);
    expect(neverDelivered / sample.length).toBeLessThan(0.012);
    expect(deliveredNotPickedUp / delivered).toBeGreaterThan(0.01);
    expect(deliveredNotPickedUp / delivered).toBeLessThan(0.06);
  });

  it("follows the group-buying day: ordered before the 23:00 cutoff, sorted overnight, picked up after delivery", () => {
    for (const order of sample) {
      const promised = Date.parse(order.promisedAt ?? "");
      const placed = Date.parse(order.placedAt);
      expect(promised - placed).toBeGreaterThan(13 * 3600_000); // placed by 23:00 the evening before a noon promise
      for (const item of order.items) {
        const s = item.supply ?? {};
        if (s.sortedAt) expect(Date.parse(s.sortedAt)).toBeGreaterThan(placed);
        if (s.pickedUpAt) expect(Date.parse(s.pickedUpAt)).toBeGreaterThanOrEqual(Date.parse(s.deliveredAt ?? ""));
        if (s.batch) expect(s.batch.id).toMatch(/^B\d{8}-[A-Z0-9]+-\d{2}$/);
      }
      const times = (order.deliveryEvents ?? []).map((e) => e.at);
      expect(times).toEqual([...times].sort());
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(6);
    }
  });

  it("keeps each customer at their usual pickup point, and each batch's facts the same in every order", () => {
    const pointOf = new Map<string, string | undefined>();
    const batches = new Map<string, string>();
    for (const order of sample) {
      const usual = pointOf.get(order.customer.id) ?? order.pickupPoint?.id;
      expect(order.pickupPoint?.id).toBe(usual);
      pointOf.set(order.customer.id, usual);
      for (const item of order.items) {
        const b = item.supply?.batch;
        if (!b) continue;
        const facts = JSON.stringify([item.sku, item.supply?.supplier?.id, b.producedOn, b.bestBefore]);
        expect(batches.get(b.id) ?? facts).toBe(facts);
        batches.set(b.id, facts);
      }
    }
    expect(new Set(sample.map((o) => o.pickupPoint?.id)).size).toBeLessThanOrEqual(200);
    expect(pointOf.size).toBeLessThan(sample.length);
  });

  it("sells near-expiry goods only as confirmed, discounted dairy", () => {
    const nearExpiry = sample.flatMap((o) => o.items).filter((i) => i.flags?.nearExpiryConfirmed);
    expect(nearExpiry.length).toBeGreaterThan(0);
    for (const item of nearExpiry) {
      expect(item.category).toBe("乳品");
      expect(item.name).toContain("临期");
    }
  });

  it("leaves out what has not happened yet at asOf", () => {
    const asOf = new Date("2026-11-02T09:00:00+08:00");
    const orders = [...generateDemoOrders({ seed: 5, orders: 400, days: 4, asOf })];
    expect(orders.length).toBeLessThan(400);
    for (const order of orders) {
      expect(Date.parse(order.placedAt)).toBeLessThanOrEqual(asOf.getTime());
      for (const e of order.deliveryEvents ?? []) expect(Date.parse(e.at)).toBeLessThanOrEqual(asOf.getTime());
      for (const item of order.items) if (item.supply?.pickedUpAt) expect(Date.parse(item.supply.pickedUpAt)).toBeLessThanOrEqual(asOf.getTime());
    }
  });
});
