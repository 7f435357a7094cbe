import { Cron } from "croner";
import { z } from "zod";
import { CATALOG, PLATFORM_NAMES, isPlatformName, type PlatformName } from "./catalog.js";

/** Ports the seed reserves for MCP servers. */
export const PORT_RANGE = { min: 9000, max: 9020 } as const;

const cronExpression = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({
      code: "custom",
      message: `bad cron expression "${value}": expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    });
    return;
  }
  try {
    new Cron(value, { paused: true, timezone: "UTC" });
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `bad cron expression "${value}": ${(error as Error).message}`,
    });
  }
});

const webhookPath = z
  .string()
  .regex(
    /^\/webhook\/[a-z0-9][a-z0-9_-]*$/,
    'must look like "/webhook/<name>" (lowercase letters, digits, "_" or "-"; no trailing slash)',
  );

const perMinute = z.number().int("must be a whole number").positive("must be a positive number");

export const rateLimitsSchema = z.strictObject({
  api_calls_per_minute: perMinute.optional(),
  webhook_events_per_minute: perMinute.optional(),
});

const positiveAmount = (unit: string) => z.number().positive(`must be a positive number of ${unit}`);

/**
 * What is kept how long. `memories_days` (memory only): memories older than this (by when they
 * happened) are deleted, per source platform, `default` for every source not named; unset keeps
 * them. `inbox_done_hours` / `inbox_dead_days` (servers that take webhooks): how long processed
 * events and dead letters stay in the inbox (defaults 1 hour and 30 days).
 */
export const retentionSchema = z.strictObject({
  memories_days: z
    .record(z.string(), positiveAmount("days"))
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (key === "default" || isPlatformName(key)) continue;
        ctx.addIssue({ code: "custom", path: [key], message: `"${key}" is neither "default" nor a platform (${PLATFORM_NAMES.join(", ")})` });
      }
    })
    .optional(),
  inbox_done_hours: positiveAmount("hours").optional(),
  inbox_dead_days: positiveAmount("days").optional(),
});

export type RetentionSettings = z.infer<typeof retentionSchema>;

export const integrationSchema = z.strictObject({
  enabled: z.boolean(),
  mcp_server_port: z
    .number()
    .int("must be a whole number")
    .min(PORT_RANGE.min, `port must be within ${PORT_RANGE.min}-${PORT_RANGE.max}`)
    .max(PORT_RANGE.max, `port must be within ${PORT_RANGE.min}-${PORT_RANGE.max}`),
  webhook_path: webhookPath.optional(),
  batch_sync_interval: cronExpression.optional(),
  event_subscriptions: z.array(z.string().min(1)).optional(),
  sync_objects: z.array(z.string().min(1)).optional(),
  rate_limits: rateLimitsSchema.optional(),
  read_only: z.boolean().optional(),
  toolsets: z.array(z.string().min(1)).optional(),
  /** fleet endpoint only: expose fleet_find_tools and fleet_call_tool instead of every server's tools */
  tool_search: z.boolean().optional(),
  replicas: z.number().int("must be a whole number").min(1).max(20).optional(),
  retention: retentionSchema.optional(),
});

export const monitoringSchema = z.strictObject({
  health_check_interval: z.number().positive("must be a positive number of seconds").default(60),
  alert_thresholds: z
    .strictObject({
      response_time_ms: z.number().positive().default(5000),
      error_rate_percent: z.number().min(0).max(100).default(5),
      uptime_percent: z.number().min(0).max(100).default(99),
    })
    .default({ response_time_ms: 5000, error_rate_percent: 5, uptime_percent: 99 }),
  metrics_retention_days: z.number().int().positive().default(30),
});

const platformName = z.string().refine(isPlatformName, {
  error: (issue) => `unknown platform "${String(issue.input)}"; known platforms: ${PLATFORM_NAMES.join(", ")}`,
});

export const fleetFileSchema = z.strictObject({
  integrations: z.record(platformName, integrationSchema),
  monitoring: monitoringSchema.default({
    health_check_interval: 60,
    alert_thresholds: { response_time_ms: 5000, error_rate_percent: 5, uptime_percent: 99 },
    metrics_retention_days: 30,
  }),
});

export interface ConsistencyIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Checks across integrations (unique ports and webhook paths, webhook paths only where the
 * platform sends webhooks) and of one integration against its platform (one memory replica). Runs on the raw document, tolerating entries that are malformed in
 * other ways, so one run reports every problem at once.
 */
export function consistencyIssues(document: unknown): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const integrations = (document as { integrations?: unknown } | null)?.integrations;
  if (!integrations || typeof integrations !== "object") return issues;
  const portOwner = new Map<number, string>();
  const pathOwner = new Map<string, string>();
  for (const [platform, raw] of Object.entries(integrations as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object") continue;
    const { mcp_server_port: port, webhook_path: webhookPath, replicas, event_subscriptions: subscriptions } = raw as Record<string, unknown>;
    if (isPlatformName(platform) && Array.isArray(subscriptions)) issues.push(...subscriptionIssues(platform, subscriptions));
    const retention = (raw as { retention?: unknown }).retention;
    if (platform !== "memory" && retention && typeof retention === "object" && "memories_days" in retention) {
      issues.push({ path: ["integrations", platform, "retention", "memories_days"], message: "only the memory integration keeps memories (set it under integrations.memory.retention)" });
    }
    if (platform === "memory" && typeof replicas === "number" && replicas !== 1) {
      issues.push({
        path: ["integrations", platform, "replicas"],
        message:
          `the memory server runs exactly 1 replica (got ${replicas}): its embedded store lives on one ReadWriteOnce volume ` +
          "that only one pod can mount, and a second pod with a store of its own would answer searches differently",
      });
    }
    if (typeof port === "number") {
      const owner = portOwner.get(port);
      if (owner !== undefined) {
        issues.push({
          path: ["integrations", platform, "mcp_server_port"],
          message: `duplicate port ${port}: already assigned to "${owner}"`,
        });
      } else {
        portOwner.set(port, platform);
      }
    }
    if (typeof webhookPath === "string") {
      const owner = pathOwner.get(webhookPath);
      if (owner !== undefined) {
        issues.push({
          path: ["integrations", platform, "webhook_path"],
          message: `webhook path "${webhookPath}" is already used by "${owner}"`,
        });
      } else {
        pathOwner.set(webhookPath, platform);
      }
      if (isPlatformName(platform) && !CATALOG[platform].sendsWebhooks) {
        issues.push({
          path: ["integrations", platform, "webhook_path"],
          message: `${CATALOG[platform].title} sends no webhooks; remove webhook_path`,
        });
      }
    }
  }
  return issues;
}

/**
 * event_subscriptions filter what is stored, in the platform's own vocabulary: a name the platform's
 * server does not know would silently filter everything out, so it is an error naming the known ones.
 */
function subscriptionIssues(platform: PlatformName, subscriptions: readonly unknown[]): ConsistencyIssue[] {
  const facts = CATALOG[platform];
  const path = ["integrations", platform, "event_subscriptions"];
  const known = facts.webhook?.subscriptions ?? [];
  if (known.length === 0) {
    const why = facts.sendsWebhooks ? "every webhook it is sent is stored" : "it sends no webhooks";
    return subscriptions.length === 0 ? [] : [{ path, message: `${facts.title} has no event subscriptions to choose (${why}); remove event_subscriptions` }];
  }
  return subscriptions.flatMap((name, index) =>
    typeof name === "string" && !known.includes(name)
      ? [{ path: [...path, String(index)], message: `${facts.title} has no event subscription "${name}"; known: ${known.join(", ")}` }]
      : [],
  );
}

export type IntegrationSettings = z.infer<typeof integrationSchema>;
export type MonitoringSettings = z.infer<typeof monitoringSchema>;
export type FleetFile = z.infer<typeof fleetFileSchema>;
