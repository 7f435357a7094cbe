/**
 * What our Portkey tools and memories hand out. Costs in USD (Portkey reports cents). Anything
 * free-form that can hold a credential (a config's targets, a log's request and response bodies) is
 * passed through `redact`, which replaces the value of every key that names a secret, and bodies
 * are cut to a few kilobytes.
 */
import { z } from "zod";
import type { RawConfigSummary, RawGraph, RawGroup, RawLog, RawLogExportRow, RawPrompt, RawVirtualKey } from "./raw.js";

export const APP_URL = "https://app.portkey.ai";

/** key names whose values are credentials, whatever the nesting */
const SECRET_KEY = /(api[_-]?key|secret|token|password|passwd|authorization|credential|private[_-]?key|access[_-]?key|^key$)/i;
/** identifiers that only name a secret stored in Portkey (a virtual key's slug), not the secret */
const NAMES_A_SECRET = /^(virtual_key|virtualKey|secret_reference_id|api_key_id|max_tokens|prompt_tokens|completion_tokens|total_tokens)$/;
export const REDACTED = "[redacted]";

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SECRET_KEY.test(key) && !NAMES_A_SECRET.test(key) ? REDACTED : redact(inner)]),
    );
  }
  return value;
}

export const BODY_LIMIT_CHARS = 4_000;

/** A body as JSON text, redacted, at most BODY_LIMIT_CHARS characters (says when it was cut). */
export function truncatedBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  const text = JSON.stringify(redact(body));
  return text.length <= BODY_LIMIT_CHARS ? text : `${text.slice(0, BODY_LIMIT_CHARS)}… [truncated, ${text.length} characters in all]`;
}

export const centsToUsd = (cents: number): number => Math.round(cents) / 100;

export const dataPointOutput = z.object({ timestamp: z.string(), values: z.record(z.string(), z.number().nullable()) });
export const graphOutput = z.object({
  metric: z.string(),
  unit: z.string(),
  summary: z.record(z.string(), z.number()),
  dataPoints: z.array(dataPointOutput),
});

/** the unit of each metric's numbers, after conversion */
export const METRIC_UNITS = {
  cost: "USD (total, and avg per request)",
  requests: "requests",
  tokens: "tokens (total, and avg per request)",
  latency: "milliseconds (avg, p50, p90, p99)",
  errors: "failed requests",
  error_rate: "percent of requests that failed",
} as const;

export function toGraph(metric: keyof typeof METRIC_UNITS, raw: RawGraph): z.infer<typeof graphOutput> {
  const convert = (values: Record<string, number | null>) =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value !== null && metric === "cost" ? centsToUsd(value) : value]));
  return {
    metric,
    unit: METRIC_UNITS[metric],
    summary: convert(raw.summary) as Record<string, number>,
    dataPoints: raw.data_points.map(({ timestamp, ...values }) => ({ timestamp, values: convert(values as Record<string, number | null>) })),
  };
}

export const groupRowOutput = z.object({
  key: z.string().describe("the model, user or metadata value"),
  requests: z.number().optional(),
  costUsd: z.number().optional(),
  avgTokens: z.number().optional(),
  lastSeen: z.string().optional(),
});

export function toGroupRows(raw: RawGroup): z.infer<typeof groupRowOutput>[] {
  return raw.data.map((row) => ({
    key: row.ai_model ?? row.user ?? row.metadata_value ?? "(none)",
    ...(row.requests !== undefined && { requests: row.requests }),
    ...(row.cost !== undefined && { costUsd: centsToUsd(row.cost) }),
    ...(row.avg_tokens !== undefined && { avgTokens: row.avg_tokens }),
    ...(row.last_seen !== undefined && { lastSeen: row.last_seen }),
  }));
}

export const configSummaryOutput = z.object({
  id: z.string(),
  slug: z.string().describe("the id to pass as x-portkey-config or to portkey_get_config"),
  name: z.string(),
  status: z.string(),
  workspaceId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

export function toConfigSummary(raw: RawConfigSummary): z.infer<typeof configSummaryOutput> {
  return {
    id: raw.id,
    slug: raw.slug,
    name: raw.name,
    status: raw.status,
    ...(raw.workspace_id ? { workspaceId: raw.workspace_id } : {}),
    createdAt: raw.created_at,
    ...(raw.last_updated_at ? { updatedAt: raw.last_updated_at } : {}),
  };
}

export const virtualKeyOutput = z.object({
  slug: z.string().describe("the virtual key's id (what configs and requests name); never the provider key itself"),
  name: z.string(),
  status: z.string(),
  note: z.string().optional(),
  createdAt: z.string().optional(),
  expiresAt: z.string().optional(),
  creditLimit: z.number().optional(),
  limitType: z.string().optional(),
  periodicReset: z.string().optional(),
  rateLimits: z.array(z.string()).optional(),
});

export function toVirtualKey(raw: RawVirtualKey): z.infer<typeof virtualKeyOutput> {
  const limits = raw.usage_limits;
  return {
    slug: raw.slug,
    name: raw.name,
    status: raw.status,
    ...(raw.note ? { note: raw.note } : {}),
    ...(raw.created_at ? { createdAt: raw.created_at } : {}),
    ...(raw.expires_at ? { expiresAt: raw.expires_at } : {}),
    ...(limits?.credit_limit !== undefined && limits.credit_limit !== null && { creditLimit: limits.credit_limit }),
    ...(limits?.type ? { limitType: limits.type } : {}),
    ...(limits?.periodic_reset ? { periodicReset: limits.periodic_reset } : {}),
    ...(raw.rate_limits && raw.rate_limits.length > 0 ? { rateLimits: raw.rate_limits.map((r) => `${r.value} ${r.type} per ${r.unit}`) } : {}),
  };
}

export const promptOutput = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  model: z.string().optional(),
  status: z.string().optional(),
  collectionId: z.string().optional(),
  updatedAt: z.string().optional(),
});

export function toPrompt(raw: RawPrompt): z.infer<typeof promptOutput> {
  return {
    id: raw.id,
    slug: raw.slug,
    name: raw.name,
    ...(raw.model ? { model: raw.model } : {}),
    ...(raw.status ? { status: raw.status } : {}),
    ...(raw.collection_id ? { collectionId: raw.collection_id } : {}),
    ...(raw.last_updated_at ?? raw.created_at ? { updatedAt: (raw.last_updated_at ?? raw.created_at)! } : {}),
  };
}

export const logOutput = z.object({
  id: z.string().optional(),
  createdAt: z.string().optional(),
  url: z.string(),
  method: z.string(),
  status: z.number(),
  latencyMs: z.number(),
  provider: z.string().optional(),
  model: z.string().optional(),
  promptTokens: z.number().optional(),
  completionTokens: z.number().optional(),
  totalTokens: z.number().optional(),
  costUsd: z.number().optional(),
  cacheStatus: z.string().optional(),
  traceId: z.string().optional(),
  configId: z.string().optional(),
  promptSlug: z.string().optional(),
  virtualKey: z.string().optional().describe("the virtual key's slug, not a secret"),
  requestBody: z.string().optional().describe(`JSON, credentials redacted, cut at ${BODY_LIMIT_CHARS} characters`),
  responseBody: z.string().optional().describe(`JSON, credentials redacted, cut at ${BODY_LIMIT_CHARS} characters`),
});

export function toLog(raw: RawLog): z.infer<typeof logOutput> {
  const m = raw.metrics;
  const requestBody = truncatedBody(raw.request.body);
  const responseBody = truncatedBody(raw.response.body);
  return {
    ...(raw._id ? { id: raw._id } : {}),
    ...(raw.created_at ? { createdAt: raw.created_at } : {}),
    // the URL Portkey logs is sanitized; its query string is dropped all the same
    url: raw.request.url.split("?")[0] ?? raw.request.url,
    method: raw.request.method,
    status: raw.response.status,
    latencyMs: raw.response.responseTime,
    ...(m?.ai_org ? { provider: m.ai_org } : {}),
    ...(m?.ai_model ? { model: m.ai_model } : {}),
    ...(typeof m?.req_units === "number" && { promptTokens: m.req_units }),
    ...(typeof m?.res_units === "number" && { completionTokens: m.res_units }),
    ...(typeof m?.total_units === "number" && { totalTokens: m.total_units }),
    ...(typeof m?.cost === "number" && { costUsd: centsToUsd(m.cost) }),
    ...(m?.cache_status ? { cacheStatus: m.cache_status } : {}),
    ...(m?.trace_id ? { traceId: m.trace_id } : {}),
    ...(m?.config_id ? { configId: m.config_id } : {}),
    ...(m?.prompt_slug ? { promptSlug: m.prompt_slug } : {}),
    ...(m?.virtual_key ? { virtualKey: m.virtual_key } : {}),
    ...(requestBody !== undefined && { requestBody }),
    ...(responseBody !== undefined && { responseBody }),
  };
}

export const exportedLogOutput = z.object({
  id: z.string().optional(),
  traceId: z.string().optional(),
  createdAt: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  status: z.number().optional(),
  success: z.boolean().optional(),
  latencyMs: z.number().optional(),
  promptTokens: z.number().optional(),
  completionTokens: z.number().optional(),
  totalTokens: z.number().optional(),
  costUsd: z.number().optional(),
  configId: z.string().optional(),
  promptSlug: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional().describe("credential-like keys redacted"),
  requestBody: z.string().optional().describe(`JSON, credentials redacted, cut at ${BODY_LIMIT_CHARS} characters`),
  responseBody: z.string().optional().describe(`JSON, credentials redacted, cut at ${BODY_LIMIT_CHARS} characters`),
});

/** An exported body arrives as JSON or as JSON text; text that is not JSON is cut like the rest. */
function exportedBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") {
    try {
      return truncatedBody(JSON.parse(body));
    } catch {
      return body.length <= BODY_LIMIT_CHARS ? body : `${body.slice(0, BODY_LIMIT_CHARS)}… [truncated, ${body.length} characters in all]`;
    }
  }
  return truncatedBody(body);
}

export function toExportedLog(raw: RawLogExportRow): z.infer<typeof exportedLogOutput> {
  const requestBody = exportedBody(raw.request);
  const responseBody = exportedBody(raw.response);
  const success = raw.is_success === undefined || raw.is_success === null ? undefined : raw.is_success === true || raw.is_success === 1 || raw.is_success === "1" || raw.is_success === "true";
  const metadata = raw.metadata !== null && typeof raw.metadata === "object" && !Array.isArray(raw.metadata) ? (redact(raw.metadata) as Record<string, unknown>) : undefined;
  const num = (value: number | null | undefined) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  const fields = {
    id: raw.id,
    traceId: raw.trace_id ?? undefined,
    createdAt: raw.created_at,
    provider: raw.ai_org ?? undefined,
    model: raw.ai_model ?? undefined,
    status: num(raw.response_status_code),
    success,
    latencyMs: num(raw.response_time),
    promptTokens: num(raw.req_units),
    completionTokens: num(raw.res_units),
    totalTokens: num(raw.total_units),
    costUsd: num(raw.cost) === undefined ? undefined : centsToUsd(raw.cost as number),
    configId: raw.config ?? undefined,
    promptSlug: raw.prompt_slug ?? undefined,
    metadata,
    requestBody,
    responseBody,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== "")) as z.infer<typeof exportedLogOutput>;
}
