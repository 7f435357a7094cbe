/**
 * Portkey's Admin API on loopback (the paths and shapes of Portkey's OpenAPI spec): analytics
 * graphs and groups computed from an in-memory list of gateway requests (so filters and windows
 * really filter), one log by id, log exports (create, start, status, a signed download URL and the
 * JSON Lines file behind it, which must be fetched without the API key), configs, virtual keys,
 * prompts with rendering, and feedback.
 *
 * It checks what we send: the x-portkey-api-key header (401 otherwise), the analytics parameters
 * Portkey requires (workspace_slug, time_of_generation_min/max as ISO 8601), known query parameters
 * only, strict request bodies. Anything it does not recognise is answered with an error and listed
 * in `unexpected`, which tests assert is empty. Fixture values that are secrets (a virtual key's
 * provider key, a config's api_key, an Authorization header in a log) are planted on purpose: they
 * must never reach a tool's output.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, type FakeRoute, startDeclared } from "../support/loopback.js";

export interface FakeGatewayRequest {
  id: string;
  at: string;
  model: string;
  provider: string;
  costCents: number;
  promptTokens: number;
  completionTokens: number;
  status: number;
  latencyMs: number;
  user?: string;
  config?: string;
  virtualKey?: string;
  metadata?: Record<string, string>;
  traceId?: string;
  requestBody?: Record<string, unknown>;
  responseBody?: Record<string, unknown>;
}
export interface FakePrompt {
  id: string;
  slug: string;
  name: string;
  model: string;
  messages: { role: string; content: string }[];
}
export type RecordedRequest = FakeRequest;

/** Secrets planted in the fixtures: no tool output may contain them. */
export const PLANTED_SECRETS = ["sk-live-provider-key-0123456789abcdef", "sk-config-embedded-key-fedcba9876543210", "Bearer sk-log-header-key-00112233"] as const;

const ANALYTICS_PARAMS = ["workspace_slug", "time_of_generation_min", "time_of_generation_max", "ai_org_model", "configs", "virtual_keys", "metadata"];
const renderBodySchema = z.strictObject({ variables: z.record(z.string(), z.unknown()) });
const feedbackSchema = z.strictObject({
  trace_id: z.string().min(1),
  value: z.number().int().min(-10).max(10),
  weight: z.number().min(0).max(1).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const EXPORT_COLUMNS = [
  "id", "trace_id", "created_at", "request", "response", "is_success", "ai_org", "ai_model", "req_units", "res_units", "total_units",
  "request_url", "cost", "cost_currency", "response_time", "response_status_code", "mode", "config", "prompt_slug", "metadata",
] as const;
const isoTime = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), "an ISO 8601 timestamp");
const exportBodySchema = z.strictObject({
  workspace_id: z.string().optional(),
  filters: z.strictObject({
    time_of_generation_min: isoTime,
    time_of_generation_max: isoTime,
    ai_model: z.string().optional(),
    status_code: z.string().regex(/^\d{3}(,\d{3})*$/).optional(),
    trace_id: z.string().optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    page_size: z.number().int().min(1).max(50_000),
    current_page: z.number().int().min(0),
  }),
  requested_data: z.array(z.enum(EXPORT_COLUMNS)).min(1),
});

export interface FakeLogExport {
  id: string;
  status: "draft" | "in_progress" | "success" | "failed" | "stopped";
  filters: z.infer<typeof exportBodySchema>["filters"];
  requested: readonly string[];
  rows: FakeGatewayRequest[];
  polls: number;
  signature: string;
  createdAt: string;
}

/** Portkey's `{ success: false, data: { message } }` */
function rejection(status: number, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, String(status), expected);
}

export class PortkeyFake extends DeclaredPlatformFake {
  gatewayRequests: FakeGatewayRequest[] = [];
  configs: { id: string; slug: string; name: string; status: string; config: Record<string, unknown> }[] = [];
  virtualKeys: { slug: string; name: string; status: string; provider: string; key: string; note?: string; credit_limit?: number }[] = [];
  prompts: FakePrompt[] = [];
  feedback: z.infer<typeof feedbackSchema>[] = [];
  readonly exports = new Map<string, FakeLogExport>();
  /** status reads of a started export that still answer in_progress */
  exportPollsUntilDone = 1;
  /** downloads of export files, and whether the API key came along (it must not) */
  readonly downloads: { exportId: string; apiKeySent: boolean }[] = [];
  private constructor(
    http: DeclaredFake,
    readonly apiKey: string,
    readonly workspace: string,
  ) {
    super(http);
  }

  static async start(options: { apiKey?: string; workspace?: string } = {}): Promise<PortkeyFake> {
    return startDeclared<PortkeyFake>(
      (self) => ({
        errorBody: (rejected) => ({ success: false, data: { message: rejected.message } }),
        authorize: (request) => {
          if (request.headers["x-portkey-api-key"] !== self().apiKey) throw rejection(401, "Invalid API Key", true);
        },
        routes: PortkeyFake.routes(self),
      }),
      (http) => new PortkeyFake(http, options.apiKey ?? "pk-test-key", options.workspace ?? "prod"),
    );
  }

  /** Portkey's API; the last route is the storage host an export's signed URL points to (no API key there). */
  private static routes(self: () => PortkeyFake): FakeRoute[] {
    /** the route's answer, after checking its query holds only the documented parameters */
    const answer = (allowed: readonly string[], run: (request: RecordedRequest) => unknown) => (request: RecordedRequest): FakeAnswer => {
      for (const name of request.query.keys()) if (!allowed.includes(name)) throw rejection(400, `unknown query parameter ${name}`);
      return { body: run(request) };
    };
    const graph = answer(ANALYTICS_PARAMS, (r) => self().graph(r.path.slice("/v1/analytics/graphs/".length), self().selected(r.query)));
    const group = answer([...ANALYTICS_PARAMS, "current_page", "page_size"], (r) => self().group(r.path.slice("/v1/analytics/groups/".length), r.params.key, self().selected(r.query), r.query));
    return [
      { method: "GET", path: "/v1/analytics/graphs/:kind(requests|cost|tokens|latency|errors)", handle: graph },
      { method: "GET", path: "/v1/analytics/graphs/errors/rate", handle: graph },
      { method: "GET", path: "/v1/analytics/groups/:kind(ai-models|users)", handle: group },
      { method: "GET", path: "/v1/analytics/groups/metadata/:key", handle: group },
      { method: "GET", path: "/v1/logs/:id", handle: answer([], (r) => self().log(r.params.id ?? "")) },
      { method: "POST", path: "/v1/logs/exports", handle: answer([], (r) => self().createExport(r)) },
      { method: "POST", path: "/v1/logs/exports/:id/start", handle: answer([], (r) => self().startExport(r.params.id ?? "")) },
      { method: "GET", path: "/v1/logs/exports/:id", handle: answer([], (r) => self().exportStatus(r.params.id ?? "")) },
      { method: "GET", path: "/v1/logs/exports/:id/download", handle: answer([], (r) => self().exportDownload(r.params.id ?? "")) },
      { method: "GET", path: "/v1/configs", handle: answer([], () => self().listConfigs()) },
      { method: "GET", path: "/v1/configs/:slug", handle: answer([], (r) => self().getConfig(r.params.slug ?? "")) },
      { method: "GET", path: "/v1/virtual-keys", handle: answer(["current_page", "page_size"], (r) => self().listVirtualKeys(r.query)) },
      { method: "GET", path: "/v1/prompts", handle: answer(["search", "collection_id", "current_page", "page_size"], (r) => self().listPrompts(r.query)) },
      { method: "POST", path: "/v1/prompts/:id/render", handle: answer([], (r) => self().renderPrompt(r)) },
      { method: "POST", path: "/v1/feedback", handle: answer([], (r) => self().saveFeedback(r)) },
      { method: "GET", path: "/files/exports/:file([\\w-]+\\.jsonl)", public: true, handle: (r) => self().serveExport(r) },
    ];
  }

  requestsTo(prefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix));
  }

  private createExport(request: RecordedRequest): unknown {
    const body = exportBodySchema.safeParse(JSON.parse(request.body || "null"));
    if (!body.success) throw rejection(400, `invalid export: ${body.error.issues[0]?.path.join(".")} ${body.error.issues[0]?.message}`);
    const { filters, requested_data } = body.data;
    const from = Date.parse(filters.time_of_generation_min);
    const to = Date.parse(filters.time_of_generation_max);
    const statuses = filters.status_code?.split(",").map(Number);
    const matching = this.gatewayRequests.filter((r) => {
      const at = Date.parse(r.at);
      return (
        at >= from &&
        at <= to &&
        (filters.ai_model === undefined || r.model === filters.ai_model) &&
        (statuses === undefined || statuses.includes(r.status)) &&
        (filters.trace_id === undefined || r.traceId === filters.trace_id) &&
        (filters.metadata === undefined || Object.entries(filters.metadata).every(([k, v]) => r.metadata?.[k] === v))
      );
    });
    const rows = matching.slice(filters.current_page * filters.page_size, (filters.current_page + 1) * filters.page_size);
    const id = randomUUID();
    this.exports.set(id, { id, status: "draft", filters, requested: requested_data, rows, polls: 0, signature: randomUUID().replace(/-/g, ""), createdAt: "2026-11-20T12:00:00.000Z" });
    return { id, total: rows.length, object: "export" };
  }

  private exportOf(id: string): FakeLogExport {
    const found = this.exports.get(id);
    if (found === undefined) throw rejection(404, "export not found", true);
    return found;
  }

  private startExport(id: string): unknown {
    const found = this.exportOf(id);
    if (found.status !== "draft") throw rejection(409, `export is ${found.status}, not draft`);
    found.status = "in_progress";
    return { message: "Export started", object: "export" };
  }

  private exportStatus(id: string): unknown {
    const found = this.exportOf(id);
    if (found.status === "in_progress") {
      found.polls += 1;
      if (found.polls > this.exportPollsUntilDone) found.status = "success";
    }
    return {
      id: found.id, organisation_id: "org-1", filters: found.filters, requested_data: found.requested, status: found.status, description: "",
      created_at: found.createdAt, last_updated_at: "2026-11-20T12:01:00.000Z", created_by: "u-1", workspace_id: "ws-1", object: "export",
    };
  }

  private exportDownload(id: string): unknown {
    const found = this.exportOf(id);
    if (found.status !== "success") throw rejection(400, `export is ${found.status}: nothing to download`);
    return { signed_url: `${this.url}/files/exports/${found.id}.jsonl?X-Amz-Expires=3600&X-Amz-Signature=${found.signature}` };
  }

  private listConfigs(): unknown {
    return { success: true, data: this.configs.map(({ config: _config, ...c }) => ({ ...c, organisation_id: "org-1", workspace_id: "ws-1", owner_id: "u-1", updated_by: "u-1", created_at: "2026-10-01T10:00:00.000Z", last_updated_at: "2026-11-01T10:00:00.000Z" })) };
  }

  private getConfig(slug: string): unknown {
    const found = this.configs.find((c) => c.slug === slug);
    if (found === undefined) throw rejection(404, "config not found", true);
    return { success: true, data: { id: found.id, slug: found.slug, name: found.name, config: found.config } };
  }

  private listVirtualKeys(query: URLSearchParams): unknown {
    const { page, size } = this.paging(query, true);
    return {
      object: "list",
      total: this.virtualKeys.length,
      data: this.virtualKeys.slice(page * size, page * size + size).map((vk) => ({
        name: vk.name,
        slug: vk.slug,
        note: vk.note ?? null,
        status: vk.status,
        // Portkey's own list leaves the provider key out; a careless proxy might not, so the fake plants it
        key: vk.key,
        provider: vk.provider,
        usage_limits: vk.credit_limit === undefined ? null : { credit_limit: vk.credit_limit, type: "cost", alert_threshold: vk.credit_limit * 0.8, periodic_reset: "monthly" },
        reset_usage: null,
        created_at: "2026-09-01T00:00:00.000Z",
        model_config: {},
        rate_limits: [{ type: "requests", unit: "rpm", value: 600 }],
        secret_mappings: [],
        object: "virtual-key",
      })),
    };
  }

  private listPrompts(query: URLSearchParams): unknown {
    const { page, size } = this.paging(query, false);
    const search = query.get("search")?.toLowerCase();
    const matching = this.prompts.filter((p) => search === undefined || p.name.toLowerCase().includes(search));
    return {
      total: matching.length,
      data: matching.slice(page * size, page * size + size).map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        collection_id: "c0ffee00-0000-4000-8000-000000000001",
        model: p.model,
        status: "active",
        created_at: "2026-10-01T10:00:00.000Z",
        last_updated_at: "2026-11-10T10:00:00.000Z",
        object: "prompt",
      })),
    };
  }

  private renderPrompt(request: RecordedRequest): unknown {
    const id = request.params.id ?? "";
    const prompt = this.prompts.find((p) => p.id === id || p.slug === id);
    if (prompt === undefined) throw rejection(404, "prompt not found", true);
    const { variables } = renderBodySchema.parse(JSON.parse(request.body));
    const messages = prompt.messages.map((m) => ({
      role: m.role,
      content: m.content.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => {
        if (!(name in variables)) throw rejection(400, `missing variable ${name}`, true);
        return String(variables[name]);
      }),
    }));
    return { success: true, data: { model: prompt.model, messages, max_tokens: 512 } };
  }

  private saveFeedback(request: RecordedRequest): unknown {
    const feedback = feedbackSchema.parse(JSON.parse(request.body));
    this.feedback.push(feedback);
    return { status: "success", message: "Feedback saved", feedback_ids: [`fb-${this.feedback.length}`] };
  }


  /** the export's JSON Lines file at its signed URL: the signature is the only credential */
  /** the storage host: a signed URL's file, as newline-delimited JSON */
  private serveExport(request: RecordedRequest): FakeAnswer {
    const id = (request.params.file ?? "").replace(/\.jsonl$/, "");
    const found = this.exports.get(id);
    const apiKeySent = request.headers["x-portkey-api-key"] !== undefined;
    this.downloads.push({ exportId: id, apiKeySent });
    if (apiKeySent) this.unexpected.push(`GET ${request.path}: the Portkey API key was sent to the download host`);
    if (found === undefined || found.status !== "success" || request.query.get("X-Amz-Signature") !== found.signature) {
      return { status: 403, headers: { "content-type": "application/xml" }, body: "<Error><Code>AccessDenied</Code></Error>" };
    }
    const line = (r: FakeGatewayRequest): Record<string, unknown> => {
      const all: Record<string, unknown> = {
        id: r.id, trace_id: r.traceId ?? null, created_at: r.at, request: r.requestBody ?? null, response: r.responseBody ?? null,
        is_success: r.status < 400 ? 1 : 0, ai_org: r.provider, ai_model: r.model, req_units: r.promptTokens, res_units: r.completionTokens,
        total_units: r.promptTokens + r.completionTokens, request_url: "https://api.openai.com/v1/chat/completions", cost: r.costCents, cost_currency: "USD",
        response_time: r.latencyMs, response_status_code: r.status, mode: "chat", config: r.config ?? null, prompt_slug: null, metadata: r.metadata ?? {},
      };
      return Object.fromEntries(found.requested.map((column) => [column, all[column]]));
    };
    return { headers: { "content-type": "application/x-ndjson" }, body: found.rows.map((r) => JSON.stringify(line(r))).join("\n") + (found.rows.length > 0 ? "\n" : "") };
  }

  private paging(query: URLSearchParams, required: boolean): { page: number; size: number } {
    const page = query.get("current_page");
    const size = query.get("page_size");
    if (required && (page === null || size === null)) throw rejection(400, "current_page and page_size are required");
    return { page: Number(page ?? 0), size: Number(size ?? 100) };
  }

  /** the gateway requests an analytics query selects (and the checks Portkey makes on its parameters) */
  private selected(query: URLSearchParams): FakeGatewayRequest[] {
    if (query.get("workspace_slug") !== this.workspace) throw rejection(400, `workspace_slug must be ${this.workspace}`);
    const min = query.get("time_of_generation_min");
    const max = query.get("time_of_generation_max");
    for (const value of [min, max]) {
      if (value === null || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) throw rejection(400, "time_of_generation_min/max are required ISO 8601 timestamps");
    }
    const from = Date.parse(min!);
    const to = Date.parse(max!);
    const models = query.get("ai_org_model")?.split(",");
    const configs = query.get("configs")?.split(",");
    const virtualKeys = query.get("virtual_keys")?.split(",");
    const metadataText = query.get("metadata");
    const metadata = metadataText === null ? undefined : (JSON.parse(metadataText) as Record<string, string>);
    return this.gatewayRequests.filter((r) => {
      const at = Date.parse(r.at);
      return (
        at >= from &&
        at <= to &&
        (models === undefined || models.includes(r.model)) &&
        (configs === undefined || (r.config !== undefined && configs.includes(r.config))) &&
        (virtualKeys === undefined || (r.virtualKey !== undefined && virtualKeys.includes(r.virtualKey))) &&
        (metadata === undefined || Object.entries(metadata).every(([k, v]) => r.metadata?.[k] === v))
      );
    });
  }

  private graph(kind: string, rows: FakeGatewayRequest[]): unknown {
    const days = new Map<string, FakeGatewayRequest[]>();
    for (const row of rows) {
      const day = `${row.at.slice(0, 10)}T00:00:00.000Z`;
      days.set(day, [...(days.get(day) ?? []), row]);
    }
    const sum = (list: FakeGatewayRequest[], f: (r: FakeGatewayRequest) => number) => list.reduce((total, r) => total + f(r), 0);
    const avg = (list: FakeGatewayRequest[], f: (r: FakeGatewayRequest) => number) => (list.length === 0 ? 0 : Math.round(sum(list, f) / list.length));
    const failed = (r: FakeGatewayRequest) => (r.status >= 400 ? 1 : 0);
    const measure = (list: FakeGatewayRequest[]): Record<string, number> => {
      switch (kind) {
        case "requests":
          return { total: list.length };
        case "cost":
          return { total: sum(list, (r) => r.costCents), avg: avg(list, (r) => r.costCents) };
        case "tokens":
          return { total: sum(list, (r) => r.promptTokens + r.completionTokens), avg: avg(list, (r) => r.promptTokens + r.completionTokens) };
        case "latency": {
          const sorted = list.map((r) => r.latencyMs).sort((a, b) => a - b);
          const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
          return { avg: avg(list, (r) => r.latencyMs), p50: at(0.5), p90: at(0.9), p99: at(0.99) };
        }
        case "errors":
          return { total: sum(list, failed) };
        default:
          return { rate: list.length === 0 ? 0 : Math.round((sum(list, failed) / list.length) * 100) };
      }
    };
    return {
      object: "analytics-graph",
      summary: measure(rows),
      data_points: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([timestamp, list]) => ({ timestamp, ...measure(list) })),
    };
  }

  private group(kind: string, metadataKey: string | undefined, rows: FakeGatewayRequest[], query: URLSearchParams): unknown {
    const keyOf = (r: FakeGatewayRequest): string | undefined => (kind === "ai-models" ? r.model : kind === "users" ? r.user : r.metadata?.[metadataKey!]);
    const groups = new Map<string, FakeGatewayRequest[]>();
    for (const row of rows) {
      const key = keyOf(row);
      if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const { page, size } = this.paging(query, false);
    const sorted = [...groups.entries()].sort(([, a], [, b]) => b.length - a.length);
    const field = kind === "ai-models" ? "ai_model" : kind === "users" ? "user" : "metadata_value";
    return {
      object: "list",
      total: sorted.length,
      data: sorted.slice(page * size, page * size + size).map(([key, list]) => ({
        [field]: key,
        requests: String(list.length),
        ...(kind !== "ai-models" && { cost: String(list.reduce((t, r) => t + r.costCents, 0)) }),
        ...(kind.startsWith("metadata") && { avg_tokens: String(Math.round(list.reduce((t, r) => t + r.promptTokens + r.completionTokens, 0) / list.length)), last_seen: list.at(-1)!.at }),
        object: "analytics-group",
      })),
    };
  }

  private log(id: string): unknown {
    const r = this.gatewayRequests.find((row) => row.id === id);
    if (r === undefined) throw rejection(404, "log not found", true);
    return {
      _id: r.id,
      organisation_id: "org-1",
      created_at: r.at,
      request: {
        url: `https://api.openai.com/v1/chat/completions`,
        method: "POST",
        headers: { "content-type": "application/json", authorization: PLANTED_SECRETS[2] },
        ...(r.requestBody !== undefined && { body: r.requestBody }),
        portkeyHeaders: { "x-portkey-trace-id": r.traceId ?? "" },
      },
      response: { status: r.status, responseTime: r.latencyMs, lastUsedOptionJsonPath: "$.config.options[0]", ...(r.responseBody !== undefined && { body: r.responseBody }) },
      metrics: {
        id: r.id,
        ai_org: r.provider,
        ai_model: r.model,
        req_units: r.promptTokens,
        res_units: r.completionTokens,
        total_units: r.promptTokens + r.completionTokens,
        cost: r.costCents,
        cost_currency: "USD",
        response_status_code: r.status,
        is_success: r.status < 400,
        cache_status: "MISS",
        trace_id: r.traceId,
        config_id: r.config,
        virtual_key: r.virtualKey,
        workspace_slug: this.workspace,
      },
    };
  }
}
