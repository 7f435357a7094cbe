/**
 * Runs one batch sync now, from a terminal:
 *
 *   npx tsx services/sync/cli.ts <platform> <object> [--from-start]
 *
 * It assembles the platform exactly as its server does (same environment variables, credentials,
 * HTTP client, rate limit, data directory and so the same checkpoints), stores into the memory
 * server, and shows a progress bar on stderr. The memory server is MEMORY_URL (with
 * MEMORY_INGEST_TOKEN) when set, otherwise the running local fleet's, read from the file `npm start`
 * writes in its data directory (services/local/run-file.ts). The data directory is INBOX_DIR's
 * parent when set (as in a pod), otherwise the local fleet's `<FLEET_DATA_DIR or .data>/<platform>`,
 * where the platform's local server keeps the same checkpoints. Credentials come from the
 * environment, else the repository's `.env`, as for npm start. Ctrl-C aborts: the checkpoint stays at
 * the last page fully stored, and the next run (or the server's schedule) resumes there.
 * Exit code: 0 success, 1 failed or unusable setup, 130 aborted.
 */
import path from "node:path";
import { Registry } from "prom-client";
import { isPlatformName, PLATFORM_NAMES } from "../fleet/platform-names.js";
import { resolveLocalCredentials } from "../esc/local-credentials.js";
import { fleetFilePath, loadFleet, REPO_ROOT } from "../fleet/load.js";
import { stableJson } from "../fleet/plan.js";
import { localDataDir, readRunFile } from "../local/run-file.js";
import { loadPlatformDefinition } from "../platforms/index.js";
import { loadCredentials } from "../runtime/credentials.js";
import { parseRuntimeEnvironment } from "../runtime/environment.js";
import { selectMemorySink } from "../runtime/memory-sink.js";
import { createRuntimeLogger } from "../runtime/observability/logger.js";
import { createSecretScrubber } from "../runtime/observability/secret-scrubber.js";
import { connectPlatform } from "../runtime/platform-connection.js";
import { contextFactory } from "../runtime/tool-context.js";
import { openCheckpointStore } from "./checkpoints.js";
import { terminalProgress } from "./progress.js";
import { runSync } from "./runner.js";

const USAGE = `usage: npx tsx services/sync/cli.ts <platform> <object> [--from-start]   (platforms: ${PLATFORM_NAMES.join(", ")})`;

class UsageError extends Error {}

async function main(argv: readonly string[], processEnv: NodeJS.ProcessEnv): Promise<number> {
  const [name, object, ...rest] = argv;
  const unknown = rest.filter((arg) => arg !== "--from-start");
  if (name === undefined || object === undefined || unknown.length > 0) throw new UsageError(USAGE);
  if (!isPlatformName(name)) throw new UsageError(`unknown platform "${name}"; ${USAGE}`);

  const integration = loadFleet(fleetFilePath(processEnv)).integrations.find((i) => i.platform === name);
  if (integration === undefined) throw new UsageError(`${fleetFilePath(processEnv)} has no integration "${name}"`);
  // the platform's credentials as npm start reads them: the environment, else the repository's .env
  const local = (await resolveLocalCredentials({ integrations: [integration], env: processEnv, dotenvPath: path.join(REPO_ROOT, ".env") })).get(name);
  const env: NodeJS.ProcessEnv = { ...processEnv, ...local?.values };
  // Parsed like the server's environment, so data dir, API base URL and MEMORY_URL mean the same;
  // this process serves no MCP, so agent auth is irrelevant here.
  const fleetDataDir = localDataDir(env);
  const localFleet = env.MEMORY_URL?.trim() ? undefined : readRunFile(fleetDataDir);
  const fleetMemory = localFleet?.found ? localFleet.info.memory : undefined;
  const runtimeEnv = parseRuntimeEnvironment(name, {
    ...env,
    ...(fleetMemory ? { MEMORY_URL: fleetMemory.url, MEMORY_INGEST_TOKEN: env.MEMORY_INGEST_TOKEN?.trim() || fleetMemory.ingestToken } : {}),
    INBOX_DIR: env.INBOX_DIR?.trim() || path.join(fleetDataDir, name, "inbox"),
    MCP_INTEGRATION: env.MCP_INTEGRATION ?? stableJson(integration.settings),
    MCP_AUTH_MODE: "none",
    MCP_HOST: "127.0.0.1",
  });
  if (runtimeEnv.memory === undefined) {
    // The server's fallback sink discards records; a sync into it would advance the checkpoint past data never stored.
    const why = localFleet === undefined ? "" : localFleet.found ? `the local fleet (${localFleet.file}) runs no memory server; ` : `${localFleet.reason}; `;
    throw new UsageError(
      `no memory server to store into: ${why}start the local fleet (npm start; with --data-dir elsewhere, set FLEET_DATA_DIR to it) ` +
        "or set MEMORY_URL (and MEMORY_INGEST_TOKEN if it requires one)",
    );
  }
  const definition = await loadPlatformDefinition(name);
  const sync = definition?.syncs?.find((s) => s.object === object);
  if (definition === undefined || sync === undefined) {
    const defined = definition?.syncs?.map((s) => s.object).join(", ") || "none";
    throw new UsageError(`${name} has no sync for "${object}" (defined: ${defined})`);
  }

  const loaded = loadCredentials(definition.facts, runtimeEnv.settings, env);
  const scrubber = createSecretScrubber(loaded.secretValues);
  const logger = createRuntimeLogger({
    level: env.LOG_LEVEL ? runtimeEnv.logLevel : process.stderr.isTTY ? "warn" : "info",
    scrubber,
    base: { platform: name, component: "sync-cli" },
  });
  const log = logger.log;
  if (!(runtimeEnv.settings.sync_objects ?? []).includes(object)) {
    log.warn({ object, configured: runtimeEnv.settings.sync_objects ?? [] }, "object is not in sync_objects: the server does not schedule it");
  }
  const registry = new Registry();
  const memory = selectMemorySink({ memory: runtimeEnv.memory, log, producesRecords: true });
  const connection = connectPlatform(definition, loaded, runtimeEnv, { registry, log, scrubber });
  if (!connection.configured) throw new UsageError(`${name}: ${connection.reason}`);

  const controller = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\ninterrupted: stopping after the page in flight (the checkpoint is kept)\n");
    controller.abort(new Error("interrupted"));
    process.once("SIGINT", () => process.exit(130));
  });
  const context = contextFactory(connection, { memory, settings: runtimeEnv.settings })(log, controller.signal);
  if ("unavailable" in context) throw new UsageError(`${name}: ${context.unavailable}`);

  const checkpoints = openCheckpointStore(runtimeEnv.dataDir);
  try {
    const report = await runSync({
      platform: name,
      sync,
      context,
      checkpoints,
      log,
      registry,
      fromStart: rest.includes("--from-start"),
      progress: terminalProgress({ label: `${name}/${object}` }),
    });
    const from = report.resumedFrom === undefined ? "the beginning" : `checkpoint ${report.resumedFrom}`;
    process.stderr.write(
      `${name}/${object}: ${report.outcome} from ${from}: ${report.processed} records stored, ${report.failed} failed, ` +
        `${report.pages} pages in ${(report.durationMs / 1000).toFixed(1)} s; checkpoint now ${report.checkpoint ?? "none"} (${runtimeEnv.dataDir})\n` +
        (report.error ? `  ${scrubber.scrub(report.error)}\n` : ""),
    );
    return report.outcome === "success" ? 0 : report.outcome === "aborted" ? 130 : 1;
  } finally {
    checkpoints.close();
    await logger.flush();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (error) {
  process.stderr.write(`${error instanceof UsageError ? error.message : `sync failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
