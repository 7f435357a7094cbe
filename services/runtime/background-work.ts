/**
 * The work a server does besides answering MCP: the webhook intake (verify, dedupe, durable inbox,
 * asynchronous processing into memory) and the batch sync scheduler. Both need a configured
 * platform; both stop on shutdown before the API is disposed. Syncs are scheduled only where
 * MCP_SYNC is on (default): in a cluster, one sync runner per integration, never the serving pods.
 */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { MemorySink, PlatformDefinition, ToolContext } from "./contract.js";
import type { LoadedCredentials } from "./credentials.js";
import type { RuntimeEnvironment } from "./environment.js";
import type { PlatformConnection } from "./platform-connection.js";
import type { BodyRoute } from "./surface/raw-routes.js";

export interface BackgroundWork {
  /** the POST route for the platform's webhooks, when settings.webhook_path is set */
  readonly webhookRoute?: { readonly path: string; readonly handle: BodyRoute };
  runSyncNow?(object: string): Promise<unknown>;
  /** `deliverUntil` (epoch ms): how long the webhook inbox may keep delivering before it stops */
  stop(options?: { readonly deliverUntil?: number }): Promise<void>;
}

/**
 * The intake (node:sqlite, the worker) and the scheduler (croner, checkpoints) are imported only by
 * servers that use them: a server without webhooks or syncs starts faster and smaller.
 */
export async function startBackgroundWork(options: {
  readonly definition: PlatformDefinition<unknown>;
  readonly env: RuntimeEnvironment;
  readonly loaded: LoadedCredentials;
  readonly connection: PlatformConnection<unknown>;
  readonly context: ToolContext<unknown> | { readonly unavailable: string };
  readonly memory: MemorySink;
  /** a sink handed in by the caller (tests, the sync CLI) counts as a memory service */
  readonly memoryOverridden: boolean;
  /** the integration's public webhook URL (webhook-url.ts), when known */
  readonly webhookUrl?: URL;
  readonly registry: Registry;
  readonly log: Logger;
}): Promise<BackgroundWork> {
  const { definition, env, context, registry, log } = options;
  const webhooks = env.settings.webhook_path === undefined ? undefined : (await import("./webhook-wiring.js")).startWebhookIntake(options);

  const syncs = definition.syncs ?? [];
  const syncsConfigured = syncs.length > 0 && env.settings.batch_sync_interval !== undefined;
  // without a memory service a sync would move its checkpoints past records stored nowhere
  const hasMemory = env.memory !== undefined || options.memoryOverridden;
  const scheduler =
    "api" in context && hasMemory && syncsConfigured && env.syncEnabled
      ? (await import("../sync/scheduler.js")).scheduleSyncs({
          platform: definition.facts.name,
          syncs,
          settings: env.settings,
          context,
          dataDir: env.dataDir,
          registry,
          log,
        })
      : undefined;
  if (syncsConfigured && scheduler === undefined) {
    if (!env.syncEnabled) {
      // a cluster's serving replica: the integration's sync runner owns the syncs and their checkpoints
      log.info("batch syncs are not scheduled here: MCP_SYNC=off (the integration's sync runner runs them)");
    } else {
      log.warn(hasMemory ? "batch syncs are not scheduled: the platform is not configured" : "batch syncs are not scheduled: no memory service (MEMORY_URL) to store records in");
    }
  }

  return {
    ...(webhooks ? { webhookRoute: webhooks.route } : {}),
    ...(scheduler ? { runSyncNow: (object: string) => scheduler.runNow(object) } : {}),
    async stop(options = {}) {
      await Promise.all([webhooks?.stop(options), scheduler?.stop()]);
    },
  };
}
