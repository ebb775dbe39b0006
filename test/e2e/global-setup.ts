import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { CHROMIUM } from "./harness.js";

/** The browser tests need the built app and Debian's Chromium (scripts/ensure-chromium.sh installs it). */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  if (!existsSync("web/dist/index.html") || process.env.E2E_BUILD !== "skip") execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
}
