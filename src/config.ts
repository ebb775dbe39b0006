/** Everything configurable, read once from the environment. */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  evidenceDir: string;
  host: string;
  port: number;
  tokenSecret: string | undefined;
  logLevel: string;
  poolSize: number;
  gatewayFailureRate: number;
  /** share of simulated SMS, WeChat and e-mail sends that fail (and are retried) */
  notifyFailureRate: number;
  /** ANXIN_WEBHOOK_ALLOW_PRIVATE=true lets webhooks call loopback and private addresses (development) */
  webhookAllowPrivateTargets: boolean;
  demoOrders: number;
  /** the built web app served at / */
  webDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.ANXIN_DATA_DIR ?? ".data/pglite",
    evidenceDir: env.ANXIN_EVIDENCE_DIR ?? ".data/evidence",
    host: env.HOST ?? "127.0.0.1",
    port: int(env.PORT, 3000),
    tokenSecret: env.ANXIN_TOKEN_SECRET || undefined,
    logLevel: env.LOG_LEVEL ?? "info",
    // a few connections per core: more only queue inside PostgreSQL (bench:intake, pool 20 vs 8)
    poolSize: int(env.DB_POOL_SIZE, 8),
    gatewayFailureRate: Number(env.ANXIN_GATEWAY_FAILURE_RATE ?? "0.05"),
    notifyFailureRate: Number(env.ANXIN_NOTIFY_FAILURE_RATE ?? "0.02"),
    webhookAllowPrivateTargets: env.ANXIN_WEBHOOK_ALLOW_PRIVATE === "true",
    demoOrders: int(env.ANXIN_DEMO_ORDERS, 20_000),
    webDir: env.ANXIN_WEB_DIR ?? "web/dist",
  };
}

function int(v: string | undefined, fallback: number): number {
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}
