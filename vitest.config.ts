import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * `npm start` end to end: each file binds fixed loopback ports (9000-9020) that overlap with the
 * others', so they run one at a time, after every other file.
 */
const FIXED_PORT_FILES = ["test/local/**/*.e2e.test.ts"];

/**
 * Files that need a module graph of their own: a module mock (process-roles), the Pulumi program's
 * tests, which reset modules, stub the environment and drive Pulumi's process-wide runtime, and the
 * status page in Chromium. That one binds the shipped fleet's ports 9000 and 9010 (its live fleet),
 * which no other file outside the e2e project binds, and installs Chromium when the machine has none
 * (minutes on a fresh CI machine); vitest queues this project's files before the shared ones, so
 * that install overlaps the rest of the suite instead of running after it.
 */
const ISOLATED_FILES = ["test/infra/**/*.test.ts", "test/runtime/process-roles.test.ts", "test/local/status-page.browser.test.ts"];

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
