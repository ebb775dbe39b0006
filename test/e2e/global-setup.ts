import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { CHROMIUM, E2E_WEB_DIR } from "./harness.js";

/**
 * The browser tests need Debian's Chromium (scripts/ensure-chromium.sh installs it) and the
 * built app: built here unless E2E_BUILD=skip and a build is there already.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  if (process.env.E2E_BUILD === "skip" && existsSync(join(E2E_WEB_DIR, "index.html"))) return;
  execFileSync("npx", ["vite", "build", "--logLevel", "warn", "--outDir", E2E_WEB_DIR], { stdio: "inherit" });
}
