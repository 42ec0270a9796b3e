import { defineConfig } from "vitest/config";

// Unit tests are pure and run in parallel. Integration, end-to-end and browser tests share one
// PostgreSQL database, one Redis and real processes, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts", "tests/browser/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
    ],
  },
});
