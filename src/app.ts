import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { buildServer } from "./http/server.js";
import { loggable } from "./http/errors.js";
import { markRefundPaid } from "./modules/cases/index.js";
import { caseTimerHandlers } from "./modules/cases/timeouts.js";
import { startAssignmentSweep } from "./modules/handling/sweep.js";
import { fireDueTimers, processNodeId, startTimerWorker } from "./jobs/timers.js";
import { localDiskStorage } from "./modules/evidence/index.js";
import { loadSigningSecret, makeCredentials, type Credentials } from "./modules/people/credentials.js";
import { ensureDefaultPolicy, makePolicySource } from "./modules/policy/index.js";
import { GATEWAY_MAX_ATTEMPTS, simulatedGateway, startRefundWorker, type PaymentGateway } from "./modules/refunds/index.js";
import { openManualRefundTask } from "./modules/tasks/finance.js";
import { channelsOf, simulatedProviders, startNotificationWorkers, webhookChannel } from "./modules/notify/index.js";

export interface App {
  server: FastifyInstance;
  database: DatabaseHandle;
  credentials: Credentials;
  /** fires every timer due now in this process (the worker does it every second); returns how many fired */
  fireTimers(): Promise<number>;
  stop(): Promise<void>;
}

/** Wires the modules together: database, policy, credentials, HTTP, refund worker. */
export async function createApp(config: Config, options: { gateway?: PaymentGateway; clock?: () => Date; logger?: boolean | object } = {}): Promise<App> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  const { db } = database;
  const clock = options.clock ?? (() => new Date());
  await ensureDefaultPolicy(db);
  const credentials = makeCredentials(db, await loadSigningSecret(db, config.tokenSecret), clock);
  const policies = makePolicySource(db);
  const server = await buildServer({
    db,
    credentials,
    policies,
    storage: localDiskStorage(config.evidenceDir),
    webhookAllowPrivateTargets: config.webhookAllowPrivateTargets,
    webDir: config.webDir,
    clock,
    logger: options.logger ?? {
      level: config.logLevel,
      // credentials and personal data never reach the log
      redact: ["req.headers.authorization", 'req.headers["x-api-key"]', "req.headers.cookie"],
    },
  });
  const gateway = options.gateway ?? simulatedGateway({ failureRate: config.gatewayFailureRate });
  const stopWorker = startRefundWorker({
    db,
    gateway,
    clock,
    onPaid: markRefundPaid,
    // after this many failures the gateway stops retrying and finance pays by hand
    maxAttempts: GATEWAY_MAX_ATTEMPTS,
    onGaveUp: openManualRefundTask,
    onError: (e) => server.log.error({ err: e instanceof Error ? loggable(e) : String(e) }, "refund worker"),
  });
  // the outbox relay and the notification sender; SMS, WeChat and e-mail are simulated providers
  const providers = simulatedProviders({ failureRate: config.notifyFailureRate });
  const stopNotifications = startNotificationWorkers({
    db,
    clock,
    channels: channelsOf(providers.sms, providers.wechat, providers.email, webhookChannel({ clock, allowPrivateTargets: config.webhookAllowPrivateTargets })),
    onError: (e) => server.log.error({ err: e instanceof Error ? loggable(e) : String(e) }, "notifications"),
  });
  // SLA warnings and breaches and the platform's timeouts: durable rows, each fired once by one node
  const timerDeps = {
    db,
    clock,
    handlers: caseTimerHandlers(),
    nodeId: processNodeId(),
    onError: (e: unknown, timer?: { id: string; kind: string }) => server.log.error({ err: e instanceof Error ? loggable(e) : String(e), timerId: timer?.id, timerKind: timer?.kind }, "timer"),
  };
  const stopTimers = startTimerWorker(timerDeps);
  // cases that waited for a free agent go to one as soon as someone is (came on duty, finished a case)
  const stopSweep = startAssignmentSweep({ db, clock, onError: (e) => server.log.error({ err: e instanceof Error ? loggable(e) : String(e) }, "assignment sweep") });
  return {
    server,
    database,
    credentials,
    fireTimers: () => fireDueTimers(timerDeps),
    async stop() {
      await server.close();
      await stopTimers();
      await stopSweep();
      await stopWorker();
      await stopNotifications();
      await database.close();
    },
  };
}
