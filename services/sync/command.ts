/**
 * One batch sync, run now: the command behind both the repository's sync CLI (cli.ts: settings
 * from the fleet file, credentials from .env, the local fleet's memory server) and a server
 * image's `sync-cli.js` (images/bundle.ts: exactly one definition compiled in, everything from the
 * pod's environment, as the deployment plan sets it).
 *
 * It assembles the platform exactly as its server does (same environment variables, credentials,
 * HTTP client, rate limit, data directory and so the same checkpoints), stores into the memory
 * server and shows a progress bar on stderr. Ctrl-C aborts: the checkpoint stays at the last page
 * fully stored, and the next run (or the schedule) resumes there.
 * Exit code: 0 success, 1 failed or unusable setup, 130 aborted.
 */
import { Registry } from "prom-client";
import type { PlatformDefinition } from "../runtime/contract.js";
import { loadCredentials } from "../runtime/credentials.js";
import { parseRuntimeEnvironment } from "../runtime/environment.js";
import { selectMemorySink } from "../runtime/memory-sink.js";
import { createRuntimeLogger } from "../runtime/observability/logger.js";
import { createSecretScrubber } from "../runtime/observability/secret-scrubber.js";
import { connectPlatform } from "../runtime/platform-connection.js";
import { StartupError } from "../runtime/startup-error.js";
import { contextFactory } from "../runtime/tool-context.js";
import { openCheckpointStore } from "./checkpoints.js";
import { terminalProgress } from "./progress.js";
import { runSync } from "./runner.js";

/** Where the run's environment comes from beyond the process's own. */
export interface LocalSyncEnvironment {
  /** variables to add to the process environment (settings, credentials, data dir, memory server) */
  readonly env: NodeJS.ProcessEnv;
  /** when no memory server is found: what was looked at and how to start one */
  readonly noMemory: string;
}

export interface SyncSources {
  /** the platforms this command can sync, for the usage line and the name check */
  readonly platforms: readonly string[];
  readonly loadDefinition: (platform: string) => Promise<PlatformDefinition<unknown> | undefined>;
  /** the usage line */
  readonly usage: string;
  /**
   * A run outside a pod (the repository's CLI): the fleet file's settings, .env credentials, the
   * local fleet's memory server. Absent in an image, where the pod's environment has them all.
   */
  readonly localEnvironment?: (platform: string, env: NodeJS.ProcessEnv) => Promise<LocalSyncEnvironment>;
}

/** Bad arguments or a setup the sync cannot run with: printed as one line, exit code 1. */
export class SyncUsageError extends Error {}

/**
 * `<platform> <object> [--from-start]`; with one platform (an image) the platform may be left out:
 * `<object> [--from-start]`.
 */
export function parseSyncArguments(sources: Pick<SyncSources, "platforms" | "usage">, argv: readonly string[]): { platform: string; object: string; fromStart: boolean } {
  const positionals = argv.filter((arg) => !arg.startsWith("--"));
  const flags = argv.filter((arg) => arg.startsWith("--"));
  const unknown = flags.filter((flag) => flag !== "--from-start");
  const only = sources.platforms.length === 1 ? sources.platforms[0] : undefined;
  const [platform, object] = positionals.length === 1 && only !== undefined ? [only, positionals[0]] : positionals;
  if (platform === undefined || object === undefined || positionals.length > 2 || unknown.length > 0) throw new SyncUsageError(sources.usage);
  if (!sources.platforms.includes(platform)) {
    throw new SyncUsageError(only === undefined ? `unknown platform "${platform}"; ${sources.usage}` : `this image syncs ${only} only, not "${platform}"`);
  }
  return { platform, object, fromStart: flags.includes("--from-start") };
}

async function main(sources: SyncSources, argv: readonly string[], processEnv: NodeJS.ProcessEnv): Promise<number> {
  const { platform: name, object, fromStart } = parseSyncArguments(sources, argv);
  const local = sources.localEnvironment ? await sources.localEnvironment(name, processEnv) : undefined;
  const env: NodeJS.ProcessEnv = { ...processEnv, ...local?.env };
  if (!env.MCP_INTEGRATION?.trim()) throw new SyncUsageError("MCP_INTEGRATION is not set: the integration's settings, as JSON (the deployment plan sets it in every pod)");
  // Parsed like the server's environment, so data dir, API base URL and MEMORY_URL mean the same;
  // this process serves no MCP, so agent auth is irrelevant here.
  let runtimeEnv: ReturnType<typeof parseRuntimeEnvironment>;
  try {
    runtimeEnv = parseRuntimeEnvironment(name, { ...env, MCP_PLATFORM: name, MCP_AUTH_MODE: "none", MCP_HOST: "127.0.0.1" });
  } catch (error) {
    if (error instanceof StartupError) throw new SyncUsageError(error.message);
    throw error;
  }
  if (runtimeEnv.memory === undefined) {
    // The server's fallback sink discards records; a sync into it would advance the checkpoint past data never stored.
    throw new SyncUsageError(`no memory server to store into: ${local?.noMemory ?? "set MEMORY_URL (and MEMORY_INGEST_TOKEN if it requires one); the deployment plan sets both in every pod"}`);
  }
  const definition = await sources.loadDefinition(name);
  const sync = definition?.syncs?.find((s) => s.object === object);
  if (definition === undefined || sync === undefined) {
    const defined = definition?.syncs?.map((s) => s.object).join(", ") || "none";
    throw new SyncUsageError(`${name} has no sync for "${object}" (defined: ${defined})`);
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
  if (!connection.configured) throw new SyncUsageError(`${name}: ${connection.reason}`);

  const controller = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\ninterrupted: stopping after the page in flight (the checkpoint is kept)\n");
    controller.abort(new Error("interrupted"));
    process.once("SIGINT", () => process.exit(130));
  });
  const context = contextFactory(connection, { memory, settings: runtimeEnv.settings })(log, controller.signal);
  if ("unavailable" in context) throw new SyncUsageError(`${name}: ${context.unavailable}`);

  const checkpoints = openCheckpointStore(runtimeEnv.dataDir);
  try {
    const report = await runSync({ platform: name, sync, context, checkpoints, log, registry, fromStart, progress: terminalProgress({ label: `${name}/${object}` }) });
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

/** Runs the command on process.argv and sets process.exitCode. */
export async function runSyncCommand(sources: SyncSources): Promise<void> {
  try {
    process.exitCode = await main(sources, process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof SyncUsageError ? error.message : `sync failed: ${(error as Error).message}`}\n`);
    process.exitCode = 1;
  }
}
