import { defineConfig } from "vitest/config";

// Two projects: pure unit tests, and tests against a real database (PGlite by default,
// the PostgreSQL server when TEST_DATABASE=postgres). The db project starts each file
// from a prepared, migrated template so no test pays for creating a database.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
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
    ],
  },
});
