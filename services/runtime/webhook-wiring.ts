/**
 * Mounting the webhook intake (services/runtime/webhooks/intake.ts) at `${webhook_path}/events`.
 * The intake verifies, deduplicates and writes events to the durable inbox before answering; its
 * worker then calls `process`, which is ours: the definition turns the event into memory records
 * and the memory sink stores them (a failure leaves the event in the inbox for a retry). With a
 * memory server (MEMORY_URL) the webhook state (WebhookContext.state) lives there, shared by every
 * replica; the inbox's kv table keeps a copy.
 */
import type { Logger } from "pino";
import { createMemoryStateClient } from "../memory/state-client.js";
import type { Registry } from "prom-client";
import type { MemorySink, PlatformDefinition, ToolContext, WebhookEvent } from "./contract.js";
import { notConfiguredReason, type LoadedCredentials } from "./credentials.js";
import type { RuntimeEnvironment } from "./environment.js";
import { unavailableWebhookRoute, webhookRoute, type BodyRoute } from "./surface/raw-routes.js";
import { WebhookIntake } from "./webhooks/intake.js";

export interface WebhookWiring {
  readonly route: { readonly path: string; readonly handle: BodyRoute };
  /** stops taking webhooks, delivers the inbox until `deliverUntil` (epoch ms) at most, then stops */
  stop(options?: { readonly deliverUntil?: number }): Promise<void>;
}

export function startWebhookIntake(options: {
  readonly definition: PlatformDefinition<unknown>;
  readonly env: RuntimeEnvironment;
  readonly loaded: LoadedCredentials;
  readonly context: ToolContext<unknown> | { readonly unavailable: string };
  readonly memory: MemorySink;
  readonly registry: Registry;
  readonly log: Logger;
  /** the integration's public webhook URL (webhook-url.ts): what the platform calls and signs */
  readonly webhookUrl?: URL;
}): WebhookWiring | undefined {
  const { definition, env, context, log } = options;
  const webhookPath = env.settings.webhook_path;
  if (webhookPath === undefined) return undefined;
  const path = `${webhookPath}/events`;
  const webhook = definition.webhook;
  if (webhook === undefined) {
    log.warn({ webhookPath }, "webhook_path is set but this platform definition handles no webhooks");
    return undefined;
  }
  if ("unavailable" in context) {
    const reason = notConfiguredReason(options.loaded) ?? context.unavailable;
    return { route: { path, handle: unavailableWebhookRoute(reason) }, stop: async () => undefined };
  }
  const intakeLog = log.child({ component: "webhooks" });
  const intake = new WebhookIntake({
    platform: definition.facts.name,
    definition: webhook,
    credentials: options.loaded.credentials,
    settings: withWebhookShare(env),
    ...(options.webhookUrl ? { webhookUrl: options.webhookUrl.href } : {}),
    dataDir: env.dataDir,
    ...(env.memory ? { sharedState: createMemoryStateClient({ url: env.memory.url, platform: definition.facts.name, ...(env.memory.token ? { token: env.memory.token } : {}) }) } : {}),
    log,
    registry: options.registry,
    worker: env.inbox,
    process: async (event: WebhookEvent) => {
      const records = await webhook.toMemory(event, { ...context, log: intakeLog.child({ event: event.type }) });
      if (records.length > 0) await options.memory.store(records);
    },
  });
  intake.start();
  return {
    route: { path, handle: webhookRoute(intake, options.webhookUrl ? { publicUrl: options.webhookUrl } : {}) },
    stop: (options) => intake.stop(options),
  };
}

/**
 * The intake limits to settings.rate_limits.webhook_events_per_minute; each serving replica gets
 * its share of that figure (MCP_WEBHOOK_RATE_DIVISOR), so the gateway spreading deliveries over
 * the replicas admits about the configured rate in all.
 */
function withWebhookShare(env: RuntimeEnvironment): RuntimeEnvironment["settings"] {
  const perMinute = env.rateShare.webhookEventsPerMinute;
  if (perMinute === undefined) return env.settings;
  return { ...env.settings, rate_limits: { ...env.settings.rate_limits, webhook_events_per_minute: perMinute } };
}
