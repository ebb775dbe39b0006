import { createApp } from "./app.js";
import { readConfig } from "./config.js";
import { demoApiKey, demoCustomers, loadDemoData } from "./demo/load.js";
import { seedDemoCases } from "./demo/cases.js";
import { makePolicySource } from "./modules/policy/index.js";
import { DEMO_STAFF_PASSWORD, ensureDemoStaff } from "./demo/staff.js";

/** Starts the server; with --demo, on demo data, printing credentials to try it with. */
async function main() {
  const config = readConfig();
  const demo = process.argv.includes("--demo");
  const app = await createApp(config);
  const log = (line: string) => app.server.log.info(line);
  if (demo) await loadDemoData(app.database, config.demoOrders, new Date(), log);
  const address = await app.server.listen({ host: config.host, port: config.port });

  const lines = [
    "",
    `Anxin (安心) is running at ${address} on ${app.database.kind === "pglite" ? `embedded PGlite (${config.dataDir})` : "PostgreSQL"}`,
    `  web app:   ${address}/login (desk)   ${address}/m/login (leader's phone)`,
    `  API docs:  ${address}/docs    OpenAPI: ${address}/openapi.json`,
  ];
  if (demo) {
    const db = app.database.db;
    lines.push(`  integrator API key (X-Api-Key): ${await demoApiKey(db)}`);
    const customers = await demoCustomers(db, 3);
    for (const c of customers) {
      const { token } = await app.credentials.issueCustomerToken(c.customerId);
      lines.push(`  customer ${c.name} (${c.customerId}), recent order ${c.orderId}:`, `    phone app: ${address}/m/customer#token=${token}`, `    API:       Authorization: Bearer ${token}`);
    }
    const staff = await ensureDemoStaff(db, customers[0]);
    // first start only: some claims, so the queue, the leader's list and the dashboard have work on them
    const seeded = await seedDemoCases({ db, policies: makePolicySource(db), clock: () => new Date() }, 24);
    if (seeded) log(`filed ${seeded} demo claims`);
    lines.push(`  staff logins (web app, or POST /api/v1/auth/login), password "${DEMO_STAFF_PASSWORD}":`);
    for (const s of staff) lines.push(`    ${s.login.padEnd(11)} ${s.role.padEnd(17)} ${s.name}${s.scope ? ` (${s.scope})` : ""}`);
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.server.log.info(`${signal}: finishing in-flight requests`);
    await app.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
