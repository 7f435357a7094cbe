/**
 * OpenRouter's responses as its REST API sends them (https://openrouter.ai/api/v1, snake_case;
 * the vendor SDK camel-cases the same fields). Every response is parsed, never trusted: prices
 * arrive as decimal strings in USD per token, nullable numbers stay nullable.
 */
import { z } from "zod";

/** "0.0000025": USD per token, as OpenRouter writes prices */
const price = z.string().regex(/^-?\d+(\.\d+)?(e-?\d+)?$/i, "a decimal price");

export const pricingSchema = z.object({
  prompt: price,
  completion: price,
  request: price.optional(),
  image: price.optional(),
  web_search: price.optional(),
  internal_reasoning: price.optional(),
  input_cache_read: price.optional(),
  input_cache_write: price.optional(),
});
export type RawPricing = z.infer<typeof pricingSchema>;

export const architectureSchema = z.object({
  modality: z.string().nullish(),
  input_modalities: z.array(z.string()).default([]),
  output_modalities: z.array(z.string()).default([]),
  tokenizer: z.string().nullish(),
  instruct_type: z.string().nullish(),
});

export const modelSchema = z.object({
  id: z.string().min(1),
  canonical_slug: z.string().nullish(),
  name: z.string(),
  created: z.number(),
  description: z.string().nullish(),
  context_length: z.number().nullable(),
  architecture: architectureSchema,
  pricing: pricingSchema,
  top_provider: z
    .object({ context_length: z.number().nullish(), max_completion_tokens: z.number().nullish(), is_moderated: z.boolean().nullish() })
    .nullish(),
  supported_parameters: z.array(z.string()).nullish(),
});
export type RawModel = z.infer<typeof modelSchema>;
export const modelsResponseSchema = z.object({ data: z.array(modelSchema) });

export const endpointSchema = z.object({
  name: z.string(),
  model_name: z.string().nullish(),
  context_length: z.number().nullish(),
  pricing: pricingSchema,
  provider_name: z.string(),
  tag: z.string().nullish(),
  quantization: z.string().nullish(),
  max_completion_tokens: z.number().nullish(),
  max_prompt_tokens: z.number().nullish(),
  supported_parameters: z.array(z.string()).nullish(),
  status: z.number().nullish(),
  uptime_last_30m: z.number().nullish(),
});
export type RawEndpoint = z.infer<typeof endpointSchema>;
export const endpointsResponseSchema = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    architecture: architectureSchema.nullish(),
    endpoints: z.array(endpointSchema),
  }),
});
export type RawEndpointsResponse = z.infer<typeof endpointsResponseSchema>;

export const providersResponseSchema = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      slug: z.string(),
      privacy_policy_url: z.string().nullish(),
      terms_of_service_url: z.string().nullish(),
      status_page_url: z.string().nullish(),
    }),
  ),
});
export type RawProvidersResponse = z.infer<typeof providersResponseSchema>;

/** GET /key: the calling key's limit and spend (the key itself is never returned, only a label) */
export const keyResponseSchema = z.object({
  data: z.object({
    label: z.string().nullish(),
    limit: z.number().nullable(),
    limit_remaining: z.number().nullish(),
    limit_reset: z.string().nullish(),
    usage: z.number(),
    usage_daily: z.number().nullish(),
    usage_weekly: z.number().nullish(),
    usage_monthly: z.number().nullish(),
    byok_usage: z.number().nullish(),
    is_free_tier: z.boolean(),
    is_provisioning_key: z.boolean().nullish(),
    is_management_key: z.boolean().nullish(),
  }),
});
export type RawKeyResponse = z.infer<typeof keyResponseSchema>;

export const creditsResponseSchema = z.object({ data: z.object({ total_credits: z.number(), total_usage: z.number() }) });
export type RawCreditsResponse = z.infer<typeof creditsResponseSchema>;

/** GET /generation?id=: one request's exact cost and timings */
export const generationResponseSchema = z.object({
  data: z.object({
    id: z.string(),
    total_cost: z.number(),
    created_at: z.string(),
    model: z.string(),
    origin: z.string().nullish(),
    usage: z.number().nullish(),
    is_byok: z.boolean().nullish(),
    provider_name: z.string().nullish(),
    streamed: z.boolean().nullish(),
    cancelled: z.boolean().nullish(),
    latency: z.number().nullish(),
    generation_time: z.number().nullish(),
    moderation_latency: z.number().nullish(),
    finish_reason: z.string().nullish(),
    native_finish_reason: z.string().nullish(),
    tokens_prompt: z.number().nullish(),
    tokens_completion: z.number().nullish(),
    native_tokens_prompt: z.number().nullish(),
    native_tokens_completion: z.number().nullish(),
    native_tokens_reasoning: z.number().nullish(),
    cache_discount: z.number().nullish(),
    app_id: z.number().nullish(),
  }),
});
export type RawGeneration = z.infer<typeof generationResponseSchema>["data"];

/** GET /activity: per day and endpoint, the last 30 completed UTC days (management key) */
export const activityItemSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  model: z.string(),
  model_permaslug: z.string().nullish(),
  endpoint_id: z.string().nullish(),
  provider_name: z.string().nullish(),
  usage: z.number(),
  byok_usage_inference: z.number().nullish(),
  requests: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  reasoning_tokens: z.number().nullish(),
});
export type RawActivityItem = z.infer<typeof activityItemSchema>;
export const activityResponseSchema = z.object({ data: z.array(activityItemSchema) });

/** POST /chat/completions, non-streaming */
export const chatCompletionSchema = z.object({
  id: z.string(),
  model: z.string(),
  provider: z.string().nullish(),
  created: z.number().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        finish_reason: z.string().nullish(),
        native_finish_reason: z.string().nullish(),
        message: z.object({ role: z.string(), content: z.string().nullable(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number(),
      cost: z.number().nullish(),
    })
    .nullish(),
});
export type RawChatCompletion = z.infer<typeof chatCompletionSchema>;
