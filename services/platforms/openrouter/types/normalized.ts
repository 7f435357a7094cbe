/**
 * What our tools return: prices turned into USD per million tokens (how people compare models),
 * nulls dropped, and nothing that could be a credential (a key label that is a masked key is left out).
 */
import { z } from "zod";
import type { RawActivityItem, RawEndpoint, RawGeneration, RawKeyResponse, RawModel, RawPricing } from "./raw.js";

/** USD per token (OpenRouter's string) -> USD per million tokens, rounded to a readable precision */
export function perMillion(pricePerToken: string | undefined): number | undefined {
  if (pricePerToken === undefined) return undefined;
  const value = Number(pricePerToken);
  if (!Number.isFinite(value)) return undefined;
  return Math.round(value * 1_000_000 * 1e6) / 1e6;
}

export const priceSchema = z.object({
  promptPerMTok: z.number().describe("USD per million prompt tokens (-1: variable, decided by the router)"),
  completionPerMTok: z.number().describe("USD per million completion tokens"),
  perRequest: z.number().optional().describe("USD per request, when the model charges one"),
});
export type Price = z.infer<typeof priceSchema>;

export function toPrice(pricing: RawPricing): Price {
  const request = Number(pricing.request ?? "0");
  return {
    promptPerMTok: perMillion(pricing.prompt) ?? 0,
    completionPerMTok: perMillion(pricing.completion) ?? 0,
    ...(request > 0 ? { perRequest: request } : {}),
  };
}

export const modelSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  contextLength: z.number().optional(),
  maxCompletionTokens: z.number().optional(),
  inputModalities: z.array(z.string()),
  outputModalities: z.array(z.string()),
  price: priceSchema,
  supportedParameters: z.array(z.string()),
  description: z.string().optional(),
  url: z.string(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function modelUrl(id: string): string {
  return `https://openrouter.ai/${id.split("/").map(encodeURIComponent).join("/")}`;
}

export function toModelSummary(model: RawModel, descriptionChars = 300): ModelSummary {
  const contextLength = model.context_length ?? model.top_provider?.context_length ?? undefined;
  const maxCompletion = model.top_provider?.max_completion_tokens ?? undefined;
  return {
    id: model.id,
    name: model.name,
    ...(contextLength != null ? { contextLength } : {}),
    ...(maxCompletion != null ? { maxCompletionTokens: maxCompletion } : {}),
    inputModalities: model.architecture.input_modalities,
    outputModalities: model.architecture.output_modalities,
    price: toPrice(model.pricing),
    supportedParameters: model.supported_parameters ?? [],
    ...(model.description ? { description: clip(model.description, descriptionChars) } : {}),
    url: modelUrl(model.id),
  };
}

export const endpointSummarySchema = z.object({
  provider: z.string(),
  name: z.string(),
  tag: z.string().optional(),
  quantization: z.string().optional(),
  contextLength: z.number().optional(),
  maxCompletionTokens: z.number().optional(),
  price: priceSchema,
  uptimeLast30m: z.number().optional().describe("percent of requests that succeeded in the last 30 minutes"),
  status: z.number().optional().describe("0: up; negative: degraded or down"),
  supportedParameters: z.array(z.string()),
});
export type EndpointSummary = z.infer<typeof endpointSummarySchema>;

export function toEndpointSummary(endpoint: RawEndpoint): EndpointSummary {
  return {
    provider: endpoint.provider_name,
    name: endpoint.name,
    ...(endpoint.tag ? { tag: endpoint.tag } : {}),
    ...(endpoint.quantization ? { quantization: endpoint.quantization } : {}),
    ...(endpoint.context_length != null ? { contextLength: endpoint.context_length } : {}),
    ...(endpoint.max_completion_tokens != null ? { maxCompletionTokens: endpoint.max_completion_tokens } : {}),
    price: toPrice(endpoint.pricing),
    ...(endpoint.uptime_last_30m != null ? { uptimeLast30m: endpoint.uptime_last_30m } : {}),
    ...(endpoint.status != null ? { status: endpoint.status } : {}),
    supportedParameters: endpoint.supported_parameters ?? [],
  };
}

export const keyStatusSchema = z.object({
  name: z.string().optional().describe("the key's name; left out when OpenRouter labels it with the masked key itself"),
  limitUsd: z.number().nullable().describe("spend limit in USD; null: unlimited"),
  remainingUsd: z.number().nullable().describe("what the limit still allows; null: unlimited"),
  limitReset: z.string().optional().describe("when the limit resets (daily, weekly, monthly)"),
  usageUsd: z.number(),
  usageTodayUsd: z.number().optional(),
  usageThisWeekUsd: z.number().optional(),
  usageThisMonthUsd: z.number().optional(),
  byokUsageUsd: z.number().optional(),
  freeTier: z.boolean(),
  managementKey: z.boolean(),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;

/** OpenRouter's default label is the key itself, masked ("sk-or-v1-116...0ce"): never echoed */
const KEY_LIKE = /^sk-/i;

export function toKeyStatus({ data }: RawKeyResponse): KeyStatus {
  const opt = (value: number | null | undefined) => (value == null ? undefined : value);
  const status: KeyStatus = {
    limitUsd: data.limit,
    remainingUsd: data.limit === null ? null : (data.limit_remaining ?? Math.max(0, data.limit - data.usage)),
    usageUsd: data.usage,
    freeTier: data.is_free_tier,
    managementKey: data.is_management_key === true || data.is_provisioning_key === true,
  };
  if (data.label && !KEY_LIKE.test(data.label)) status.name = data.label;
  if (data.limit_reset) status.limitReset = data.limit_reset;
  const today = opt(data.usage_daily);
  if (today !== undefined) status.usageTodayUsd = today;
  const week = opt(data.usage_weekly);
  if (week !== undefined) status.usageThisWeekUsd = week;
  const month = opt(data.usage_monthly);
  if (month !== undefined) status.usageThisMonthUsd = month;
  const byok = opt(data.byok_usage);
  if (byok !== undefined) status.byokUsageUsd = byok;
  return status;
}

export const generationStatsSchema = z.object({
  id: z.string(),
  model: z.string(),
  provider: z.string().optional(),
  createdAt: z.string(),
  costUsd: z.number(),
  promptTokens: z.number().optional(),
  completionTokens: z.number().optional(),
  reasoningTokens: z.number().optional(),
  latencyMs: z.number().optional().describe("time to first token"),
  generationTimeMs: z.number().optional(),
  finishReason: z.string().optional(),
  streamed: z.boolean().optional(),
  cancelled: z.boolean().optional(),
  byok: z.boolean().optional(),
  origin: z.string().optional(),
});
export type GenerationStats = z.infer<typeof generationStatsSchema>;

export function toGenerationStats(g: RawGeneration): GenerationStats {
  const entries: [keyof GenerationStats, unknown][] = [
    ["provider", g.provider_name],
    ["promptTokens", g.native_tokens_prompt ?? g.tokens_prompt],
    ["completionTokens", g.native_tokens_completion ?? g.tokens_completion],
    ["reasoningTokens", g.native_tokens_reasoning],
    ["latencyMs", g.latency],
    ["generationTimeMs", g.generation_time],
    ["finishReason", g.finish_reason ?? g.native_finish_reason],
    ["streamed", g.streamed],
    ["cancelled", g.cancelled],
    ["byok", g.is_byok],
    ["origin", g.origin || undefined],
  ];
  return {
    id: g.id,
    model: g.model,
    createdAt: g.created_at,
    costUsd: g.total_cost,
    ...Object.fromEntries(entries.filter(([, value]) => value !== null && value !== undefined)),
  };
}

export const activityRowSchema = z.object({
  date: z.string(),
  model: z.string(),
  providers: z.array(z.string()),
  requests: z.number(),
  spendUsd: z.number(),
  byokSpendUsd: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
});
export type ActivityRow = z.infer<typeof activityRowSchema>;

/** OpenRouter groups activity by endpoint; we add the endpoints of one model on one day together. */
export function activityByDayAndModel(items: readonly RawActivityItem[]): ActivityRow[] {
  const rows = new Map<string, ActivityRow>();
  for (const item of items) {
    const date = item.date.slice(0, 10);
    const key = `${date}\u0000${item.model}`;
    const row = rows.get(key) ?? { date, model: item.model, providers: [], requests: 0, spendUsd: 0, byokSpendUsd: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0 };
    if (item.provider_name && !row.providers.includes(item.provider_name)) row.providers.push(item.provider_name);
    row.requests += item.requests;
    row.spendUsd += item.usage;
    row.byokSpendUsd += item.byok_usage_inference ?? 0;
    row.promptTokens += item.prompt_tokens;
    row.completionTokens += item.completion_tokens;
    row.reasoningTokens += item.reasoning_tokens ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({ ...row, spendUsd: roundUsd(row.spendUsd), byokSpendUsd: roundUsd(row.byokSpendUsd) }))
    .sort((a, b) => (a.date === b.date ? b.spendUsd - a.spendUsd : a.date < b.date ? 1 : -1));
}

export function roundUsd(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
