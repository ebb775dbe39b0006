import type { Tx } from "../../db/database.js";
import { appendOutbox } from "../../db/outbox.js";
import { scheduleTimer, type DueTimer, type TimerHandlers } from "../../jobs/timers.js";
import { isOpenState } from "../handling/index.js";
// escalation needs cases, so it is not behind handling's index (this file is wired by app.ts only)
import { escalateCase } from "../handling/escalation.js";
import { SLA_BREACH, SLA_WARNING, clockOfTimer, markBreached, recordBreach, warnClock } from "../sla/index.js";
import { AUTO_APPROVE, RETURN_EXPIRY, UNHANDLED_RULE, caseWasAnswered, platformApprovalFen } from "./deadlines.js";
import { appendEvents, lockCase } from "./store.js";
import { applyEvents, type Actor } from "./transitions.js";

/*
 * What happens when a case's timer fires. Each handler runs in the timer's own transaction,
 * locks the case first (the same order as every case change: case, then its clocks, so a handler
 * and a request never wait for each other in a cycle), re-checks that the reason for the timer
 * still holds, and acts, does nothing, or arms the timer again for a moment that moved later.
 */

const SLA_ACTOR: Actor = { id: "system:sla" };
const TIMEOUT_ACTOR: Actor = { id: "system:timeout" };

/** The handlers of every timer kind cases and their SLA clocks arm, for the timer worker. */
export function caseTimerHandlers(): TimerHandlers {
  return {
    [SLA_WARNING]: onSlaWarning,
    [SLA_BREACH]: onSlaBreach,
    [AUTO_APPROVE]: onAutoApprove,
    [RETURN_EXPIRY]: onReturnExpiry,
  };
}

/**
 * A clock's warning time came: the clock is marked warned and `sla.warning` goes to the outbox
 * (the notification router tells the case's owner), unless it stopped, already warned, or is
 * paused or resumed meanwhile (see `warnClock`).
 */
export async function onSlaWarning(tx: Tx, timer: DueTimer, now: Date): Promise<void> {
  const clock = await clockOfTimer(tx, timer);
  if (!clock) return;
  const kase = await lockCase(tx, clock.case_id);
  if (!kase) return;
  await appendOutbox(tx, await warnClock(tx, String(clock.id), now));
}

/**
 * A clock's deadline passed: the clock is marked breached, the breach recorded (whose case it
 * was), the case's escalation level raised, and — where the stage's policy says so and the
 * clock still runs on an open case — the case escalated to the least-loaded supervisor on duty,
 * who becomes its owner.
 */
export async function onSlaBreach(tx: Tx, timer: DueTimer, now: Date): Promise<void> {
  const clock = await clockOfTimer(tx, timer);
  if (!clock) return;
  const kase = await lockCase(tx, clock.case_id);
  if (!kase) return;
  const breached = await markBreached(tx, String(clock.id), now);
  if (!breached) return;
  const { kind, department } = breached.clock;
  await appendEvents(tx, [
    {
      case_id: kase.id,
      at: now,
      type: "sla_breached",
      actor: SLA_ACTOR.id,
      from_state: null,
      to_state: null,
      data: { clockId: String(clock.id), kind, department, taskId: clock.task_id, deadlineAt: clock.deadline_at?.toISOString() ?? null, onBreach: clock.on_breach },
    },
  ]);
  let level = kase.escalation_level + 1;
  let escalatedTo: string | null = null;
  if (breached.running && breached.clock.on_breach === "reassign_supervisor" && isOpenState(kase.state)) {
    const escalated = await escalateCase(tx, kase, { reason: `SLA ${kind} (${department}) missed its deadline`, actor: SLA_ACTOR, authorId: null }, now);
    level = escalated.level;
    escalatedTo = escalated.ownerId !== kase.owner_id ? escalated.ownerId : null;
  } else {
    await tx.updateTable("cases").set((eb) => ({ escalation_level: level, updated_at: now, revision: eb("revision", "+", 1) })).where("id", "=", kase.id).execute();
  }
  await appendOutbox(tx, await recordBreach(tx, { clock: breached.clock, ownerId: kase.owner_id, escalatedTo, escalationLevel: level, now }));
}

/**
 * A claim in review that nobody answered is approved in the customer's favour (policy
 * `handling`), within the amount the policy allowed when the timer was armed. A case that moved
 * on, or that staff answered meanwhile (a response as the SLA clocks count one: `responseOf`),
 * is left alone; taking it, notes and the like do not count.
 */
export async function onAutoApprove(tx: Tx, timer: DueTimer, now: Date): Promise<void> {
  const kase = await lockCase(tx, timer.subjectId);
  if (!kase || kase.state !== "in_review") return;
  if (await caseWasAnswered(tx, kase.id)) return;
  const amountFen = platformApprovalFen(kase);
  if (amountFen > Number(timer.payload.maxFen ?? 0)) return;
  await applyEvents(tx, kase, [{ type: "approve", amountFen, note: "nobody handled the claim in time: approved by the platform" }], TIMEOUT_ACTOR, now, {
    rule: UNHANDLED_RULE,
    policyVersion: timer.payload.policyVersion ?? kase.policy_version,
  });
}

/**
 * The customer never sent the goods back by the return deadline: the case closes as expired
 * (nothing refunded, the claimed units released). A deadline moved later re-arms the timer.
 */
export async function onReturnExpiry(tx: Tx, timer: DueTimer, now: Date): Promise<void> {
  const kase = await lockCase(tx, timer.subjectId);
  if (!kase || kase.state !== "awaiting_return") return;
  if (kase.return_due_at && kase.return_due_at.getTime() > now.getTime()) {
    await scheduleTimer(tx, { kind: RETURN_EXPIRY, subjectId: kase.id, dueAt: kase.return_due_at });
    return;
  }
  await applyEvents(tx, kase, [{ type: "expire_return" }], TIMEOUT_ACTOR, now, { returnDueAt: kase.return_due_at?.toISOString() ?? null });
}
