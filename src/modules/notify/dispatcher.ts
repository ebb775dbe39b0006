/**
 * The outbox relay: takes the events every change wrote to the outbox and hands them to the
 * consumers, in the transaction that marks them published. The notification router is the first
 * consumer; a NATS publisher plugs in beside it.
 */
import type { Db, Tx } from "../../db/database.js";
import { caseIdOf, routeEvent, type CaseFacts, type OutboxEvent, type RoutingContext } from "./model.js";
import { activeSupervisors, caseFacts, claimOutbox, insertDeliveries, liveSubscriptions, markPublished, type NewDelivery } from "./store.js";

/**
 * Something that takes the outbox's events as the relay publishes them. `consume` runs inside
 * the relay's transaction, before the events are marked published: what it writes through `tx`
 * commits together with the marking, and a throw leaves the whole batch for the next run. So a
 * consumer sees an event at least once, and must shrug off seeing it again: the router's unique
 * delivery key does; a NATS publisher would publish with the event id as `Nats-Msg-Id` so that
 * JetStream drops the duplicate. It must not query through anything but `tx` (PGlite has one
 * session, and the relay holds it).
 */
export interface OutboxConsumer {
  readonly name: string;
  consume(tx: Tx, events: readonly OutboxEvent[], now: Date): Promise<void>;
}

export interface RelayDeps {
  db: Db;
  clock: () => Date;
  consumers: readonly OutboxConsumer[];
}

/** The default batch: big enough to keep up with intake, small enough to hold few locks briefly. */
export const RELAY_BATCH = 200;

/**
 * Publishes one batch of the oldest unpublished events. Safe on several nodes at once: each
 * claims rows with SKIP LOCKED, so no event goes to two relays, and one relay never waits for
 * another. Returns how many events it published.
 */
export async function relayOutbox(deps: RelayDeps, limit = RELAY_BATCH): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const rows = await claimOutbox(tx, limit);
    if (rows.length === 0) return 0;
    const events: OutboxEvent[] = rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      aggregateId: r.aggregate_id,
      payload: r.payload,
      // when the change happened, as its writer said; the row's own clock only as a fallback
      occurredAt: typeof r.payload.at === "string" ? r.payload.at : r.created_at.toISOString(),
    }));
    for (const consumer of deps.consumers) await consumer.consume(tx, events, now);
    await markPublished(tx, events.map((e) => e.id), now);
    return events.length;
  });
}

/** Topics whose routing needs the people around the case. */
const NEEDS_CASE = new Set(["case.stage_changed", "case.submitted", "message.posted", "sla.warning"]);
const NEEDS_SUPERVISORS = new Set(["sla.breached", "case.escalated", "sla.warning"]);

/**
 * The consumer that turns events into notification deliveries, one row per recipient and
 * channel. It looks up what routing needs in a few batch queries, routes each event (pure,
 * model.ts) and inserts the deliveries once.
 */
export function notificationRouter(): OutboxConsumer {
  return {
    name: "notifications",
    async consume(tx, events, now) {
      const caseIds = [...new Set(events.filter((e) => NEEDS_CASE.has(e.topic)).map(caseIdOf).filter((id): id is string => id !== null))];
      const facts = new Map<string, CaseFacts>(
        (await caseFacts(tx, caseIds)).map((c) => [c.id, { caseId: c.id, customerId: c.customer_id, ownerId: c.owner_id, leaderId: c.leader_id }]),
      );
      const supervisors = events.some((e) => NEEDS_SUPERVISORS.has(e.topic)) ? (await activeSupervisors(tx)).map((s) => ({ id: s.id, onDuty: s.on_duty })) : [];
      const subscriptions = await liveSubscriptions(tx);
      const deliveries: NewDelivery[] = [];
      for (const event of events) {
        const caseId = caseIdOf(event);
        const ctx: RoutingContext = { kase: caseId ? (facts.get(caseId) ?? null) : null, supervisors, subscriptions };
        for (const d of routeEvent(event, ctx)) deliveries.push({ outbox_id: event.id, topic: event.topic, case_id: caseId, ...d });
      }
      await insertDeliveries(tx, deliveries, now);
    },
  };
}
