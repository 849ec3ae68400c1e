import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/policy/**/*.test.ts"],
    environment: "node",
    // Pulumi mocks keep process-global runtime state: isolate each file in its own process.
    pool: "forks",
    testTimeout: 20_000,
    reporters: ["default", "./test/plain-summary-reporter.ts"],
  },
});
