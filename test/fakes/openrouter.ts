/**
 * OpenRouter's REST API on loopback (`/api/v1`): the model catalogue, a model's endpoints,
 * providers, `/key`, `/credits`, `/generation?id=`, `/activity` (management keys only) and
 * non-streaming `/chat/completions`, in OpenRouter's snake_case shapes (prices as decimal strings
 * in USD per token, `{ data: ... }` envelopes, `{ error: { code, message } }` errors).
 *
 * It checks what we send: the Bearer key, the query parameters each endpoint takes, and a strict
 * chat body (max_tokens and provider.max_price required, stream false). Like OpenRouter, it refuses
 * to route a completion to a model priced above `provider.max_price`. Anything else is answered
 * 400/404 and listed in `unexpected`, which tests assert is empty.
 */
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, type FakeRoute, jsonBody, startDeclared } from "../support/loopback.js";

export type RecordedRequest = FakeRequest;

export interface FakeModel {
  id: string;
  name: string;
  /** USD per token, as strings */
  prompt: string;
  completion: string;
  context_length?: number;
  input_modalities?: string[];
  output_modalities?: string[];
  supported_parameters?: string[];
  description?: string;
}

export type InjectedAnswer = FakeAnswer;

const chatBodySchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).min(1),
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(2).optional(),
  stream: z.literal(false),
  usage: z.strictObject({ include: z.literal(true) }),
  provider: z.strictObject({ max_price: z.strictObject({ prompt: z.number().nonnegative(), completion: z.number().nonnegative() }) }),
});

/** OpenRouter's `{ error: { code: <status>, message } }` */
function rejection(status: number, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, String(status), expected);
}

export class OpenrouterFake extends DeclaredPlatformFake {
  models: FakeModel[] = [];
  endpoints = new Map<string, unknown[]>();
  providers: unknown[] = [];
  key: Record<string, unknown> = { label: "sk-or-v1-116...0ce", limit: 20, limit_remaining: 14.5, limit_reset: "monthly", usage: 5.5, usage_daily: 0.5, usage_weekly: 2, usage_monthly: 5.5, byok_usage: 0, is_free_tier: false, is_provisioning_key: false, is_management_key: false };
  credits = { total_credits: 50, total_usage: 12.345 };
  generations = new Map<string, Record<string, unknown>>();
  activity: Record<string, unknown>[] = [];
  /** what the next chat completion answers */
  answer = "Paris.";
  private nextGeneration = 1;

  private constructor(http: DeclaredFake, private readonly apiKey: string, private readonly managementKey: string | undefined) {
    super(http);
  }

  static async start(options: { apiKey?: string; managementKey?: string } = {}): Promise<OpenrouterFake> {
    return startDeclared<OpenrouterFake>(
      (self) => ({
        errorBody: (rejected) => ({ error: { code: rejected.status, message: rejected.message } }),
        authorize: (request) => {
          const token = self().tokenOf(request);
          if (token !== self().apiKey && token !== self().managementKey) throw rejection(401, "No auth credentials found", true);
        },
        routes: OpenrouterFake.routes(self),
      }),
      (http) => new OpenrouterFake(http, options.apiKey ?? "sk-or-v1-test", options.managementKey),
    );
  }

  private static routes(self: () => OpenrouterFake): FakeRoute[] {
    const data = (request: RecordedRequest, allowed: readonly string[], body: () => unknown): FakeAnswer => {
      self().onlyQuery(request, allowed);
      return { body: { data: body() } };
    };
    return [
      { method: "GET", path: "/api/v1/models", handle: (r) => data(r, [], () => self().models.map((m) => self().present(m))) },
      { method: "GET", path: "/api/v1/models/:author/:slug/endpoints", handle: (r) => data(r, [], () => self().modelEndpoints(`${r.params.author}/${r.params.slug}`)) },
      { method: "GET", path: "/api/v1/providers", handle: (r) => data(r, [], () => self().providers) },
      { method: "GET", path: "/api/v1/key", handle: (r) => data(r, [], () => ({ ...self().key, is_management_key: self().isManagement(r) })) },
      { method: "GET", path: "/api/v1/credits", handle: (r) => data(r, [], () => self().credits) },
      {
        method: "GET",
        path: "/api/v1/generation",
        handle: (r) =>
          data(r, ["id"], () => {
            const generation = self().generations.get(r.query.get("id") ?? "");
            if (!generation) throw rejection(404, "Generation not found", true);
            return generation;
          }),
      },
      {
        method: "GET",
        path: "/api/v1/activity",
        handle: (r) =>
          data(r, ["date", "api_key_hash"], () => {
            if (!self().isManagement(r)) throw rejection(403, "Only management keys can fetch activity", true);
            const date = r.query.get("date");
            return self().activity.filter((item) => date === null || item.date === date);
          }),
      },
      { method: "POST", path: "/api/v1/chat/completions", handle: (r) => ({ body: self().chat(r) }) },
    ];
  }

  /** the API base, as OpenRouter's is https://openrouter.ai/api/v1 */
  override get url(): string {
    return `${this.http.url}/api/v1`;
  }

  addModel(model: FakeModel): void {
    this.models.push(model);
  }

  private tokenOf(request: RecordedRequest): string | undefined {
    return /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
  }

  private isManagement(request: RecordedRequest): boolean {
    const token = this.tokenOf(request);
    return token !== undefined && token === this.managementKey;
  }

  private modelEndpoints(id: string): unknown {
    const model = this.models.find((m) => m.id === id);
    const endpoints = this.endpoints.get(id);
    if (!model || !endpoints) throw rejection(404, `Model ${id} not found`, true);
    return { id, name: model.name, description: model.description ?? "", architecture: this.present(model).architecture, endpoints };
  }

  private onlyQuery(request: RecordedRequest, allowed: readonly string[]): void {
    for (const name of request.query.keys()) if (!allowed.includes(name)) throw rejection(400, `unknown query parameter ${name}`);
  }

  private present(model: FakeModel) {
    return {
      id: model.id,
      canonical_slug: model.id,
      name: model.name,
      created: 1_700_000_000,
      description: model.description ?? "",
      context_length: model.context_length ?? 128_000,
      architecture: { modality: "text->text", input_modalities: model.input_modalities ?? ["text"], output_modalities: model.output_modalities ?? ["text"], tokenizer: "Other", instruct_type: null },
      pricing: { prompt: model.prompt, completion: model.completion, request: "0", image: "0" },
      top_provider: { context_length: model.context_length ?? 128_000, max_completion_tokens: 16_384, is_moderated: false },
      per_request_limits: null,
      supported_parameters: model.supported_parameters ?? ["max_tokens", "temperature"],
    };
  }

  private chat(request: RecordedRequest): unknown {
    const body = jsonBody(request, chatBodySchema, "400");
    const model = this.models.find((m) => m.id === body.model);
    if (!model) throw rejection(400, `${body.model} is not a valid model ID`, true);
    const prompt = Number(model.prompt) * 1e6;
    const completion = Number(model.completion) * 1e6;
    if (prompt > body.provider.max_price.prompt || completion > body.provider.max_price.completion) {
      throw rejection(404, "No endpoints found matching your data policy and max price", true);
    }
    const promptTokens = body.messages.reduce((n, m) => n + Math.ceil(m.content.length / 4), 0);
    const completionTokens = Math.min(body.max_tokens, Math.ceil(this.answer.length / 4));
    const cost = (promptTokens * prompt + completionTokens * completion) / 1e6;
    const id = `gen-${1_764_000_000 + this.nextGeneration++}-fake`;
    this.generations.set(id, { id, total_cost: cost, created_at: "2026-11-20T12:00:00.000Z", model: body.model, origin: "", usage: cost, is_byok: false, provider_name: "FakeProvider", streamed: false, cancelled: false, latency: 420, generation_time: 900, finish_reason: "stop", native_finish_reason: "stop", tokens_prompt: promptTokens, tokens_completion: completionTokens, native_tokens_prompt: promptTokens, native_tokens_completion: completionTokens, native_tokens_reasoning: 0 });
    return {
      id,
      provider: "FakeProvider",
      model: body.model,
      object: "chat.completion",
      created: 1_764_000_000,
      choices: [{ index: 0, logprobs: null, finish_reason: "stop", native_finish_reason: "stop", message: { role: "assistant", content: this.answer, refusal: null } }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, cost },
    };
  }
}
