import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Files that bind the fleet's fixed loopback ports (8080, 9000-9020): `npm start` end to end and the
 * live status page. Their ports overlap, so they run one at a time, after every other file.
 */
const FIXED_PORT_FILES = ["test/local/**/*.e2e.test.ts", "test/local/status-page.browser.test.ts"];

/**
 * Files that need a module graph of their own: a module mock (process-roles), and the Pulumi
 * program's tests, which reset modules, stub the environment and drive Pulumi's process-wide runtime.
 */
const ISOLATED_FILES = ["test/infra/**/*.test.ts", "test/runtime/process-roles.test.ts"];

/**
 * Every other file listens on port 0, keeps no state outside what it starts and stops, and shares
 * its worker's module cache with the files that worker ran before (isolate: false): a fresh worker
 * per file re-imported the MCP SDK, zod, the official platform clients and the runtime for each of
 * ~160 files, most of the suite's CPU time. Vitest's default worker count is one fewer than the
 * cores, a single worker on a 2-core machine, which leaves a core idle while a file waits on the
 * servers and CLIs it spawns; two workers there.
 */
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...FIXED_PORT_FILES, ...ISOLATED_FILES],
          isolate: false,
          maxWorkers: WORKERS,
        },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED_FILES, maxWorkers: WORKERS } },
      // maxWorkers 1 and the default groupOrder: vitest runs this group after the two above
      { extends: true, test: { name: "fixed-ports", include: FIXED_PORT_FILES, fileParallelism: false } },
    ],
  },
});
