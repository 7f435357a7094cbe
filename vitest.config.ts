import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // servers under test bind fixed loopback ports in a few suites; files run in parallel workers
    pool: "forks",
  },
});
