import { Cron } from "croner";
import { z } from "zod";
// names only: the server runtime parses its settings with this module, and reading every platform's
// facts here would put them all in every server's bundle (cross-platform checks: consistency.ts)
import { PLATFORM_NAMES, isPlatformName } from "./platform-names.js";

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

export type IntegrationSettings = z.infer<typeof integrationSchema>;
export type MonitoringSettings = z.infer<typeof monitoringSchema>;
export type FleetFile = z.infer<typeof fleetFileSchema>;
