import { defineConfig } from "vitest/config";

// Three projects: pure unit tests, tests against a real database (PGlite by default,
// the PostgreSQL server when TEST_DATABASE=postgres). The db project starts each file
// from a prepared, migrated template so no test pays for creating a database; and browser tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/*.e2e.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "db",
          include: ["src/**/*.db.test.ts", "test/**/*.db.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // each role's main flow in Debian's Chromium against the running server and the built app
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          globalSetup: ["test/global-setup.ts", "test/e2e/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
