import * as path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // the components package as infra/ imports it, from its sources (no build needed for tests)
  resolve: {
    alias: [{ find: /^@crossarch\/components\/(.*)$/, replacement: path.resolve(import.meta.dirname, "components/entries/$1.ts") }],
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/policy/**/*.test.ts"],
    environment: "node",
    // Pulumi mocks keep process-global runtime state: isolate each file in its own process.
    pool: "forks",
    testTimeout: 20_000,
    reporters: ["default", "./test/plain-summary-reporter.ts"],
  },
});
