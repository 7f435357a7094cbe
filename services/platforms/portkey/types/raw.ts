/**
 * Portkey Admin API responses (api.portkey.ai/v1, Portkey's OpenAPI spec), parsed, never trusted.
 * Only the fields we hand out are kept: a virtual key's schema has no field for the provider key
 * it stands for, so nothing secret survives parsing. Group counts arrive as strings.
 */
import { z } from "zod";

const count = z.union([z.number(), z.string()]).transform((value) => Number(value));

export const graphSchema = z.object({
  object: z.literal("analytics-graph"),
  summary: z.record(z.string(), z.number()),
  data_points: z.array(z.object({ timestamp: z.string() }).catchall(z.number().nullable())),
});
export type RawGraph = z.infer<typeof graphSchema>;

export const groupSchema = z.object({
  object: z.literal("list"),
  total: z.number().int(),
  data: z.array(
    z.object({
      ai_model: z.string().optional(),
      user: z.string().optional(),
      metadata_value: z.string().optional(),
      requests: count.optional(),
      cost: count.optional(),
      avg_tokens: count.optional(),
      last_seen: z.string().optional(),
    }),
  ),
});
export type RawGroup = z.infer<typeof groupSchema>;

export const configSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  workspace_id: z.string().nullish(),
  status: z.string(),
  created_at: z.string(),
  last_updated_at: z.string().nullish(),
});
export const configListSchema = z.object({ success: z.boolean().optional(), data: z.array(configSummarySchema) });
export type RawConfigSummary = z.infer<typeof configSummarySchema>;

/** A config body is free-form routing JSON (targets, strategy, retry, cache); it is redacted before it is shown. */
export const configDetailSchema = z.object({
  success: z.boolean().optional(),
  data: z.object({ config: z.record(z.string(), z.unknown()) }).catchall(z.unknown()),
});
export type RawConfigDetail = z.infer<typeof configDetailSchema>;

export const virtualKeySchema = z.object({
  name: z.string(),
  slug: z.string(),
  note: z.string().nullish(),
  status: z.string(),
  created_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  usage_limits: z
    .object({ credit_limit: z.number().nullish(), type: z.string().nullish(), alert_threshold: z.number().nullish(), periodic_reset: z.string().nullish() })
    .nullish(),
  rate_limits: z.array(z.object({ type: z.string(), unit: z.string(), value: z.number() })).nullish(),
});
export const virtualKeyListSchema = z.object({ object: z.literal("list").optional(), total: z.number().int(), data: z.array(virtualKeySchema) });
export type RawVirtualKey = z.infer<typeof virtualKeySchema>;

export const promptSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  collection_id: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  last_updated_at: z.string().nullish(),
});
export const promptListSchema = z.object({ data: z.array(promptSchema), total: z.number().int() });
export type RawPrompt = z.infer<typeof promptSchema>;

export const renderSchema = z.object({
  success: z.boolean(),
  data: z
    .object({
      model: z.string().nullish(),
      messages: z.array(z.object({ role: z.string(), content: z.unknown() }).catchall(z.unknown())).optional(),
      prompt: z.string().optional(),
    })
    .catchall(z.unknown()),
});
export type RawRender = z.infer<typeof renderSchema>;

export const logSchema = z.object({
  _id: z.string().nullable(),
  created_at: z.string().nullable(),
  request: z.object({ url: z.string(), method: z.string(), body: z.record(z.string(), z.unknown()).optional() }),
  response: z.object({ status: z.number().int(), responseTime: z.number(), body: z.record(z.string(), z.unknown()).optional() }),
  metrics: z
    .object({
      ai_org: z.string().nullish(),
      ai_model: z.string().nullish(),
      req_units: z.number().nullish(),
      res_units: z.number().nullish(),
      total_units: z.number().nullish(),
      cost: z.number().nullish(),
      cost_currency: z.string().nullish(),
      response_status_code: z.number().nullish(),
      is_success: z.boolean().nullish(),
      cache_status: z.string().nullish(),
      trace_id: z.string().nullish(),
      config_id: z.string().nullish(),
      prompt_slug: z.string().nullish(),
      virtual_key: z.string().nullish(),
      workspace_slug: z.string().nullish(),
    })
    .optional(),
});
export type RawLog = z.infer<typeof logSchema>;

export const feedbackResultSchema = z.object({ status: z.string(), message: z.string().optional(), feedback_ids: z.array(z.string()).optional() });

// Log exports (beta; Portkey's OpenAPI: /logs/exports, ExportItem, UpdateExportResponse,
// ExportTaskResponse, DownloadLogsResponse, LogExportsRequestedData)

export const logExportCreatedSchema = z.object({ id: z.string().min(1), total: z.number().int().nonnegative().optional(), object: z.string().optional() });
export const logExportTaskSchema = z.object({ message: z.string().optional(), object: z.string().optional() });
export const LOG_EXPORT_STATUSES = ["draft", "in_progress", "success", "failed", "stopped"] as const;
export const logExportSchema = z.object({
  id: z.string().min(1),
  status: z.enum(LOG_EXPORT_STATUSES),
  description: z.string().nullish(),
  created_at: z.string().optional(),
  last_updated_at: z.string().optional(),
  requested_data: z.array(z.string()).optional(),
});
export type RawLogExport = z.infer<typeof logExportSchema>;
export const logExportDownloadSchema = z.object({ signed_url: z.string().min(1) });

const numeric = z.union([z.number(), z.string()]).transform((value) => Number(value)).pipe(z.number());
/** One line of an exported logs file (JSONL), with the requested_data columns we ask for. */
export const logExportRowSchema = z.object({
  id: z.string().optional(),
  trace_id: z.string().nullish(),
  created_at: z.string().optional(),
  request: z.unknown().optional(),
  response: z.unknown().optional(),
  is_success: z.union([z.boolean(), z.number(), z.string()]).nullish(),
  ai_org: z.string().nullish(),
  ai_model: z.string().nullish(),
  req_units: numeric.nullish(),
  res_units: numeric.nullish(),
  total_units: numeric.nullish(),
  cost: numeric.nullish(),
  cost_currency: z.string().nullish(),
  response_time: numeric.nullish(),
  response_status_code: numeric.nullish(),
  config: z.string().nullish(),
  prompt_slug: z.string().nullish(),
  metadata: z.unknown().optional(),
});
export type RawLogExportRow = z.infer<typeof logExportRowSchema>;
