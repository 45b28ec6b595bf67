import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB native handles and worker threads are happier in forked processes.
    pool: "forks",
    // Golden files (src/testing/golden.ts) are never rewritten in CI; locally UPDATE_GOLDEN=1 does.
    env: { RATELENS_TEST: "1" },
  },
});
