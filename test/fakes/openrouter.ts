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
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { z } from "zod";
import { listenOnLoopback, type LoopbackListener } from "../support/loopback.js";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  status?: number;
}

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

export interface InjectedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

const chatBodySchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).min(1),
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(2).optional(),
  stream: z.literal(false),
  usage: z.strictObject({ include: z.literal(true) }),
  provider: z.strictObject({ max_price: z.strictObject({ prompt: z.number().nonnegative(), completion: z.number().nonnegative() }) }),
});

class Rejection extends Error {
  constructor(readonly status: number, message: string, readonly expected = false) {
    super(message);
  }
}

export class OpenrouterFake {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  models: FakeModel[] = [];
  endpoints = new Map<string, unknown[]>();
  providers: unknown[] = [];
  key: Record<string, unknown> = { label: "sk-or-v1-116...0ce", limit: 20, limit_remaining: 14.5, limit_reset: "monthly", usage: 5.5, usage_daily: 0.5, usage_weekly: 2, usage_monthly: 5.5, byok_usage: 0, is_free_tier: false, is_provisioning_key: false, is_management_key: false };
  credits = { total_credits: 50, total_usage: 12.345 };
  generations = new Map<string, Record<string, unknown>>();
  activity: Record<string, unknown>[] = [];
  /** what the next chat completion answers */
  answer = "Paris.";
  private readonly injected: { path?: string; answer: InjectedAnswer }[] = [];
  private nextGeneration = 1;

  private constructor(private readonly listener: LoopbackListener, private readonly apiKey: string, private readonly managementKey: string | undefined) {}

  static async start(options: { apiKey?: string; managementKey?: string } = {}): Promise<OpenrouterFake> {
    let fake: OpenrouterFake | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    fake = new OpenrouterFake(await listenOnLoopback(server), options.apiKey ?? "sk-or-v1-test", options.managementKey);
    return fake;
  }

  /** the API base, as OpenRouter's is https://openrouter.ai/api/v1 */
  get url(): string {
    return `${this.listener.url}/api/v1`;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  failNext(answer: InjectedAnswer, path?: string): void {
    this.injected.push({ path, answer });
  }

  addModel(model: FakeModel): void {
    this.models.push(model);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    this.requests.push(recorded);
    const send = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
      recorded.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const index = this.injected.findIndex((entry) => entry.path === undefined || entry.path === url.pathname);
    if (index !== -1) {
      const [entry] = this.injected.splice(index, 1);
      if (entry) return send(entry.answer.status, entry.answer.body, entry.answer.headers);
    }
    try {
      send(200, this.route(recorded));
    } catch (error) {
      const rejection = error instanceof Rejection ? error : new Rejection(500, String(error));
      if (!rejection.expected) this.unexpected.push(`${recorded.method} ${recorded.path}: ${rejection.message}`);
      send(rejection.status, { error: { code: rejection.status, message: rejection.message } });
    }
  }

  private route(request: RecordedRequest): unknown {
    const { method, path } = request;
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const management = token !== undefined && token === this.managementKey;
    if (token !== this.apiKey && !management) throw new Rejection(401, "No auth credentials found", true);
    let match: RegExpExecArray | null;
    if (method === "GET" && path === "/api/v1/models") return this.noQuery(request, { data: this.models.map((m) => this.present(m)) });
    if (method === "GET" && (match = /^\/api\/v1\/models\/([^/]+)\/([^/]+)\/endpoints$/.exec(path))) {
      const id = `${decodeURIComponent(match[1] ?? "")}/${decodeURIComponent(match[2] ?? "")}`;
      const model = this.models.find((m) => m.id === id);
      const endpoints = this.endpoints.get(id);
      if (!model || !endpoints) throw new Rejection(404, `Model ${id} not found`, true);
      return this.noQuery(request, { data: { id, name: model.name, description: model.description ?? "", architecture: this.present(model).architecture, endpoints } });
    }
    if (method === "GET" && path === "/api/v1/providers") return this.noQuery(request, { data: this.providers });
    if (method === "GET" && path === "/api/v1/key") return this.noQuery(request, { data: { ...this.key, is_management_key: management } });
    if (method === "GET" && path === "/api/v1/credits") return this.noQuery(request, { data: this.credits });
    if (method === "GET" && path === "/api/v1/generation") {
      this.onlyQuery(request, ["id"]);
      const generation = this.generations.get(request.query.get("id") ?? "");
      if (!generation) throw new Rejection(404, "Generation not found", true);
      return { data: generation };
    }
    if (method === "GET" && path === "/api/v1/activity") {
      this.onlyQuery(request, ["date", "api_key_hash"]);
      if (!management) throw new Rejection(403, "Only management keys can fetch activity", true);
      const date = request.query.get("date");
      return { data: this.activity.filter((item) => date === null || item.date === date) };
    }
    if (method === "POST" && path === "/api/v1/chat/completions") return this.chat(request);
    throw new Rejection(404, `no such endpoint ${method} ${path}`);
  }

  private noQuery<T>(request: RecordedRequest, body: T): T {
    this.onlyQuery(request, []);
    return body;
  }

  private onlyQuery(request: RecordedRequest, allowed: readonly string[]): void {
    for (const name of request.query.keys()) if (!allowed.includes(name)) throw new Rejection(400, `unknown query parameter ${name}`);
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
    if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) throw new Rejection(400, "content-type must be application/json");
    const parsed = chatBodySchema.safeParse(JSON.parse(request.body || "null"));
    if (!parsed.success) throw new Rejection(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    const body = parsed.data;
    const model = this.models.find((m) => m.id === body.model);
    if (!model) throw new Rejection(400, `${body.model} is not a valid model ID`, true);
    const prompt = Number(model.prompt) * 1e6;
    const completion = Number(model.completion) * 1e6;
    if (prompt > body.provider.max_price.prompt || completion > body.provider.max_price.completion) {
      throw new Rejection(404, "No endpoints found matching your data policy and max price", true);
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
