/**
 * The OpenRouter API client: typed functions over the runtime's PlatformHttp (auth, pacing,
 * retries, deadlines, typed errors), every response parsed with its schema.
 *
 * Why not @openrouter/sdk: the endpoints we call are few and plain JSON; the generated SDK would
 * bring its own retry layer and a dependency for what is a handful of GETs and one POST, and its
 * camel-cased models would still need parsing into our own shapes.
 */
import { expiringCache } from "../../../runtime/cache.js";
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import {
  type RawActivityItem,
  type RawChatCompletion,
  type RawCreditsResponse,
  type RawEndpointsResponse,
  type RawGeneration,
  type RawKeyResponse,
  type RawModel,
  type RawProvidersResponse,
  activityResponseSchema,
  chatCompletionSchema,
  creditsResponseSchema,
  endpointsResponseSchema,
  generationResponseSchema,
  keyResponseSchema,
  modelsResponseSchema,
  providersResponseSchema,
} from "../types/raw.js";

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  /** USD per million tokens: OpenRouter routes only to endpoints at or below these prices */
  readonly maxPrice: { readonly prompt: number; readonly completion: number };
}

export interface OpenrouterApi {
  /** the highest prompt or completion price (USD per million tokens) openrouter_ask_model may spend on */
  readonly maxPricePerMTok: number;
  /** the model catalogue (cached for a few minutes: it changes a few times a day) */
  listModels(signal?: AbortSignal): Promise<readonly RawModel[]>;
  /** one model's provider endpoints; `modelId` is "author/slug" */
  modelEndpoints(modelId: string, signal?: AbortSignal): Promise<RawEndpointsResponse>;
  listProviders(signal?: AbortSignal): Promise<RawProvidersResponse>;
  keyStatus(signal?: AbortSignal): Promise<RawKeyResponse>;
  credits(signal?: AbortSignal): Promise<RawCreditsResponse>;
  generation(id: string, signal?: AbortSignal): Promise<RawGeneration>;
  /** per endpoint and day, the last 30 completed UTC days, or one `date` of them (management key) */
  activity(date: string | undefined, signal?: AbortSignal): Promise<readonly RawActivityItem[]>;
  /** one non-streaming chat completion: costs money, never retried after it may have run */
  chatCompletion(request: ChatRequest, signal?: AbortSignal): Promise<RawChatCompletion>;
}

const MODELS_TTL_MS = 5 * 60_000;

/** Safe by default: without OPENROUTER_MAX_PRICE_PER_MTOK, no model above $5 per million tokens is asked. */
export const DEFAULT_MAX_PRICE_PER_MTOK = 5;

export function maxPriceFrom(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_PRICE_PER_MTOK;
  const price = Number(value);
  if (value.trim() === "" || !Number.isFinite(price) || price < 0) {
    throw new Error(`OPENROUTER_MAX_PRICE_PER_MTOK must be a non-negative number of USD per million tokens, got "${value}"`);
  }
  return price;
}

export function createApi({ http, credentials }: ApiFactoryContext): OpenrouterApi {
  const models = expiringCache<readonly RawModel[]>({ maxEntries: 1, ttlMs: MODELS_TTL_MS });
  return {
    maxPricePerMTok: maxPriceFrom(credentials.OPENROUTER_MAX_PRICE_PER_MTOK),
    listModels: (signal) =>
      models.getOrLoad("all", async () => (await http.json({ method: "GET", url: "/models", signal }, modelsResponseSchema)).data),

    modelEndpoints: (modelId, signal) => {
      const [author, ...slug] = modelId.split("/");
      const path = [author ?? "", slug.join("/")].map(encodeURIComponent).join("/");
      return http.json({ method: "GET", url: `/models/${path}/endpoints`, signal }, endpointsResponseSchema);
    },

    listProviders: (signal) => http.json({ method: "GET", url: "/providers", signal }, providersResponseSchema),
    keyStatus: (signal) => http.json({ method: "GET", url: "/key", signal }, keyResponseSchema),
    credits: (signal) => http.json({ method: "GET", url: "/credits", signal }, creditsResponseSchema),

    generation: async (id, signal) => (await http.json({ method: "GET", url: "/generation", query: { id }, signal }, generationResponseSchema)).data,

    activity: async (date, signal) => (await http.json({ method: "GET", url: "/activity", query: { date }, signal }, activityResponseSchema)).data,

    chatCompletion: (request, signal) =>
      http.json(
        {
          method: "POST",
          url: "/chat/completions",
          body: {
            model: request.model,
            messages: request.messages,
            max_tokens: request.maxTokens,
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            stream: false,
            usage: { include: true },
            provider: { max_price: { prompt: request.maxPrice.prompt, completion: request.maxPrice.completion } },
          },
          signal,
        },
        chatCompletionSchema,
      ),
  };
}
