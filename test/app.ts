import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildServer } from "../src/http/server.js";
import { markRefundPaid } from "../src/modules/cases/index.js";
import { localDiskStorage } from "../src/modules/evidence/index.js";
import { createApiKey, createStaff, login, makeCredentials, type Credentials, type StaffRole } from "../src/modules/people/index.js";
import { ensureDefaultPolicy, makePolicySource } from "../src/modules/policy/index.js";
import { GATEWAY_MAX_ATTEMPTS, simulatedGateway, settleRefund, submitDueRefunds, type SimulatedGateway } from "../src/modules/refunds/index.js";
import { openManualRefundTask } from "../src/modules/tasks/finance.js";
import { channelsOf, notificationRouter, relayAll, sendAllDue, simulatedProviders, webhookChannel, type SimulatedProviders } from "../src/modules/notify/index.js";
import type { DatabaseHandle } from "../src/db/database.js";
import { caseTimerHandlers } from "../src/modules/cases/timeouts.js";
import { fireDueTimers } from "../src/jobs/timers.js";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase } from "./db.js";

/** A controllable clock: tests move time, code under test reads it. */
export function testClock(start = "2026-11-20T04:00:00.000Z") {
  let now = new Date(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    set: (iso: string) => void (now = new Date(iso)),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
  });
}
export type TestClock = ReturnType<typeof testClock>;

export interface TestApp {
  server: FastifyInstance;
  database: DatabaseHandle;
  clock: TestClock;
  gateway: SimulatedGateway;
  apiKey: string;
  credentials: Credentials;
  tokenFor(customerId: string): Promise<string>;
  /**
   * Adds a member of staff with this role (leader, warehouse and supplier roles need their party:
   * pass leaderId, warehouseId or supplierId) and logs them in. Returns their id and bearer token.
   */
  staff(role: StaffRole, options?: { leaderId?: string; supplierId?: string; warehouseId?: string; onDuty?: boolean; skills?: string[]; regions?: string[]; capacity?: number; id?: string }): Promise<{ id: string; token: string }>;
  /** runs the refund worker until nothing is due and every gateway answer is booked */
  payRefunds(): Promise<void>;
  /** fires every timer due at the test clock's now (SLA warnings and breaches, platform timeouts); returns how many fired */
  fireTimers(): Promise<number>;
  /** the simulated SMS, WeChat and e-mail providers: what they sent, and `down` to take one offline */
  providers: SimulatedProviders;
  /** runs the outbox relay until every event is routed; returns how many events it published */
  relayOutbox(): Promise<number>;
  /** sends every notification due at the test clock's now (webhooks for real); returns the attempts made */
  sendNotifications(): Promise<number>;
  close(): Promise<void>;
}

/** The real server on a fresh database of its own, driven with inject() (no sockets). */
export async function startTestApp(options: { failureRate?: number } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const { db } = database;
  const clock = testClock();
  await ensureDefaultPolicy(db);
  const credentials = makeCredentials(db, new TextEncoder().encode("test-secret-test-secret-test-secret"), clock);
  const server = await buildServer({ db, credentials, policies: makePolicySource(db), storage: localDiskStorage(await mkdtemp(join(tmpdir(), "anxin-evidence-"))), clock, webhookAllowPrivateTargets: true });
  const gateway = simulatedGateway({ failureRate: options.failureRate ?? 0, latencyMs: 0 });
  const answers: Promise<void>[] = [];
  const workerDeps = { db, gateway, clock, onPaid: markRefundPaid, maxAttempts: GATEWAY_MAX_ATTEMPTS, onGaveUp: openManualRefundTask };
  gateway.onResult((r) => answers.push(settleRefund(workerDeps, r)));
  const { key } = await createApiKey(db, "test integrator");
  const providers = simulatedProviders();
  const notifyDeps = { db, clock, consumers: [notificationRouter()], channels: channelsOf(providers.sms, providers.wechat, providers.email, webhookChannel({ clock, timeoutMs: 2_000, allowPrivateTargets: true })) };
  let staffCount = 0;
  return {
    server,
    database,
    clock,
    gateway,
    apiKey: key,
    credentials,
    tokenFor: async (customerId) => (await credentials.issueCustomerToken(customerId)).token,
    async staff(role, options = {}) {
      const n = ++staffCount;
      const loginName = `${role}-${n}`;
      const created = await createStaff(db, { ...options, login: loginName, name: `${role} ${n}`, role, password: "correct horse battery" });
      const session = await login({ db, credentials, clock }, loginName, "correct horse battery");
      return { id: created.id, token: session.token };
    },
    async payRefunds() {
      for (let round = 0; round < 20; round++) {
        const submitted = await submitDueRefunds(workerDeps);
        await new Promise((r) => setTimeout(r, 5));
        await Promise.all(answers.splice(0));
        if (submitted === 0) return;
      }
    },
    fireTimers: () => fireDueTimers({ db, clock, handlers: caseTimerHandlers(), nodeId: "test" }),
    providers,
    relayOutbox: () => relayAll(notifyDeps),
    sendNotifications: () => sendAllDue(notifyDeps),
    async close() {
      await server.close();
      await database.close();
    },
  };
}

export const json = (r: LightMyRequestResponse) => r.json() as Record<string, any>;
