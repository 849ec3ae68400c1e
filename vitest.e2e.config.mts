import * as path from "node:path";
import { defineConfig } from "vitest/config";

// The end-to-end test: real engine, one file, steps in order, long but bounded timeouts.
export default defineConfig({
  // the components package as infra/ imports it, from its sources (no build needed for tests)
  resolve: {
    alias: [{ find: /^@crossarch\/components\/(.*)$/, replacement: path.resolve(import.meta.dirname, "components/entries/$1.ts") }],
  },
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    reporters: ["default", "./test/plain-summary-reporter.ts"],
  },
});
