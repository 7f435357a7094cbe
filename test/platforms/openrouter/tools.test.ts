/** Each OpenRouter tool against the OpenRouter fake: what is sent, what comes back, and what is refused. */
import { describe, expect, it } from "vitest";
import { maxPriceFrom } from "../../../services/platforms/openrouter/api/index.js";
import { tools } from "../../../services/platforms/openrouter/tools/index.js";
import { askModel } from "../../../services/platforms/openrouter/tools/ask-model.js";
import { getActivity } from "../../../services/platforms/openrouter/tools/get-activity.js";
import { getCredits } from "../../../services/platforms/openrouter/tools/get-credits.js";
import { getGeneration } from "../../../services/platforms/openrouter/tools/get-generation.js";
import { getKeyStatus } from "../../../services/platforms/openrouter/tools/get-key-status.js";
import { listModelEndpoints } from "../../../services/platforms/openrouter/tools/list-model-endpoints.js";
import { listProviders } from "../../../services/platforms/openrouter/tools/list-providers.js";
import { searchModels } from "../../../services/platforms/openrouter/tools/search-models.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, type Harness, MANAGEMENT_KEY, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("openrouter_search_models", () => {
  it("filters the catalogue by words, capability, context and price, cheapest first, with prices per million tokens", async () => {
    const tooling = await h.call(searchModels, { supportedParameter: "tools" });
    expect(tooling.models.map((m) => m.id)).toEqual(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"]);
    expect(tooling.models[0]).toMatchObject({ price: { promptPerMTok: 0.15, completionPerMTok: 0.6 }, contextLength: 128_000, url: "https://openrouter.ai/openai/gpt-4o-mini" });

    const cheapLongContext = await h.call(searchModels, { minContextLength: 100_000, maxCompletionPricePerMTok: 1 });
    // openrouter/auto has no list price (-1): never "within" a price ceiling
    expect(cheapLongContext.models.map((m) => m.id)).toEqual(["openai/gpt-4o-mini"]);

    const byName = await h.call(searchModels, { query: "Claude sonnet", inputModality: "image" });
    expect(byName).toMatchObject({ total: 1, models: [{ id: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5" }] });

    const request = h.fake.requests.at(-1);
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    // the catalogue is read once and served from the cache for the next searches
    expect(h.fake.requests.filter((r) => r.path === "/api/v1/models")).toHaveLength(1);
  });

  it("limits the result but reports the total", async () => {
    const result = await h.call(searchModels, { limit: 2 });
    expect(result.total).toBe(4);
    expect(result.models).toHaveLength(2);
  });
});

describe("openrouter_list_model_endpoints and openrouter_list_providers", () => {
  it("lists a model's provider endpoints cheapest first, from OpenRouter's endpoints shape", async () => {
    h.fake.endpoints.set("anthropic/claude-sonnet-4.5", [
      { name: "Google | anthropic/claude-sonnet-4.5", context_length: 1_000_000, pricing: { prompt: "0.000006", completion: "0.0000225", request: "0", image: "0" }, provider_name: "Google", tag: "google-vertex", quantization: null, max_completion_tokens: 64_000, max_prompt_tokens: null, supported_parameters: ["tools"], status: 0, uptime_last_30m: 99.5 },
      { name: "Anthropic | anthropic/claude-sonnet-4.5", context_length: 200_000, pricing: { prompt: "0.000003", completion: "0.000015", request: "0", image: "0.0048" }, provider_name: "Anthropic", tag: "anthropic", quantization: "unknown", max_completion_tokens: 64_000, max_prompt_tokens: null, supported_parameters: ["tools", "reasoning"], status: 0, uptime_last_30m: null },
    ]);
    const result = await h.call(listModelEndpoints, { model: "anthropic/claude-sonnet-4.5" });
    expect(h.fake.requests.at(-1)?.path).toBe("/api/v1/models/anthropic/claude-sonnet-4.5/endpoints");
    expect(result.endpoints.map((e) => [e.provider, e.price.completionPerMTok])).toEqual([
      ["Anthropic", 15],
      ["Google", 22.5],
    ]);
    expect(result.endpoints[1]).toMatchObject({ tag: "google-vertex", uptimeLast30m: 99.5, contextLength: 1_000_000 });
    expect(result.endpoints[0]).not.toHaveProperty("uptimeLast30m");
  });

  it("answers OpenRouter's 404 for an unknown model as an upstream error", async () => {
    const error = await upstreamErrorOf(h.call(listModelEndpoints, { model: "nobody/nothing" }));
    expect(error.status).toBe(404);
  });

  it("lists providers with their links", async () => {
    h.fake.providers = [{ name: "Anthropic", slug: "anthropic", privacy_policy_url: "https://www.anthropic.com/legal/privacy", terms_of_service_url: null, status_page_url: "https://status.anthropic.com" }];
    expect(await h.call(listProviders, {})).toEqual({
      providers: [{ name: "Anthropic", slug: "anthropic", privacyPolicyUrl: "https://www.anthropic.com/legal/privacy", statusPageUrl: "https://status.anthropic.com" }],
    });
  });
});

describe("spend tools", () => {
  it("shows the key's limit and spend and never the key or its masked label", async () => {
    const result = await h.call(getKeyStatus, {});
    expect(result.key).toEqual({ limitUsd: 20, remainingUsd: 14.5, limitReset: "monthly", usageUsd: 5.5, usageTodayUsd: 0.5, usageThisWeekUsd: 2, usageThisMonthUsd: 5.5, byokUsageUsd: 0, freeTier: false, managementKey: false });
    expect(JSON.stringify(result)).not.toContain("sk-or");
    h.fake.key = { ...h.fake.key, label: "agents-prod", limit: null, limit_remaining: null };
    expect((await h.call(getKeyStatus, {})).key).toMatchObject({ name: "agents-prod", limitUsd: null, remainingUsd: null });
  });

  it("shows credits and the balance left", async () => {
    expect(await h.call(getCredits, {})).toEqual({ totalCreditsUsd: 50, totalUsageUsd: 12.345, balanceUsd: 37.655 });
  });

  it("looks a generation up by id", async () => {
    h.fake.generations.set("gen-42", { id: "gen-42", total_cost: 0.0021, created_at: "2026-11-19T10:00:00Z", model: "openai/gpt-4o-mini", origin: "", usage: 0.0021, is_byok: false, provider_name: "OpenAI", streamed: true, cancelled: false, latency: 310, generation_time: 1200, moderation_latency: null, finish_reason: "stop", native_finish_reason: "stop", tokens_prompt: 1000, tokens_completion: 200, native_tokens_prompt: 1010, native_tokens_completion: 205, native_tokens_reasoning: null });
    const { generation } = await h.call(getGeneration, { id: "gen-42" });
    expect(h.fake.requests.at(-1)?.query.get("id")).toBe("gen-42");
    expect(generation).toEqual({ id: "gen-42", model: "openai/gpt-4o-mini", createdAt: "2026-11-19T10:00:00Z", costUsd: 0.0021, provider: "OpenAI", promptTokens: 1010, completionTokens: 205, latencyMs: 310, generationTimeMs: 1200, finishReason: "stop", streamed: true, cancelled: false, byok: false });
    expect((await upstreamErrorOf(h.call(getGeneration, { id: "gen-missing" }))).status).toBe(404);
  });
});

describe("openrouter_get_activity", () => {
  const item = (date: string, model: string, provider: string, usage: number, requests: number) => ({ date, model, model_permaslug: `${model}-2025`, endpoint_id: `${provider}-${model}`, provider_name: provider, usage, byok_usage_inference: 0, requests, prompt_tokens: requests * 100, completion_tokens: requests * 10, reasoning_tokens: 0 });

  it("adds a model's endpoints together per day, newest day and costliest model first", async () => {
    const m = await startHarness({ OPENROUTER_API_KEY: MANAGEMENT_KEY }, { managementKey: MANAGEMENT_KEY });
    try {
      m.fake.activity = [item("2026-11-18", "openai/gpt-4o-mini", "OpenAI", 0.1, 10), item("2026-11-19", "openai/gpt-4o-mini", "OpenAI", 0.2, 20), item("2026-11-19", "openai/gpt-4o-mini", "Azure", 0.05, 5), item("2026-11-19", "anthropic/claude-sonnet-4.5", "Anthropic", 1.5, 3)];
      const all = await m.call(getActivity, {});
      expect(all.rows.map((r) => [r.date, r.model, r.spendUsd, r.requests, r.providers])).toEqual([
        ["2026-11-19", "anthropic/claude-sonnet-4.5", 1.5, 3, ["Anthropic"]],
        ["2026-11-19", "openai/gpt-4o-mini", 0.25, 25, ["OpenAI", "Azure"]],
        ["2026-11-18", "openai/gpt-4o-mini", 0.1, 10, ["OpenAI"]],
      ]);
      expect(all).toMatchObject({ totalSpendUsd: 1.85, totalRequests: 38 });
      const oneDay = await m.call(getActivity, { date: "2026-11-18", model: "openai/gpt-4o-mini" });
      expect(m.fake.requests.at(-1)?.query.get("date")).toBe("2026-11-18");
      expect(oneDay.rows).toHaveLength(1);
      expect(m.fake.unexpected).toEqual([]);
    } finally {
      await m.close();
    }
  });

  it("passes OpenRouter's refusal of a regular key on", async () => {
    expect((await upstreamErrorOf(h.call(getActivity, {}))).status).toBe(403);
  });
});

describe("openrouter_ask_model", () => {
  it("asks the model with max_tokens and the price ceiling, and reports the answer, tokens, cost and generation id", async () => {
    const result = await h.call(askModel, { model: "openai/gpt-4o-mini", system: "Answer in one word.", prompt: "Capital of France?", maxTokens: 50 });
    const body = JSON.parse(h.fake.requests.at(-1)?.body ?? "{}");
    expect(body).toEqual({
      model: "openai/gpt-4o-mini",
      messages: [
        { role: "system", content: "Answer in one word." },
        { role: "user", content: "Capital of France?" },
      ],
      max_tokens: 50,
      stream: false,
      usage: { include: true },
      provider: { max_price: { prompt: 5, completion: 5 } },
    });
    expect(result).toMatchObject({ answer: "Paris.", model: "openai/gpt-4o-mini", provider: "FakeProvider", finishReason: "stop", promptTokens: 10, completionTokens: 2 });
    expect(result.generationId).toMatch(/^gen-/);
    expect(result.costUsd).toBeCloseTo((10 * 0.15 + 2 * 0.6) / 1e6, 12);
    // worst case from list prices: 37 characters / 3 -> 13 prompt tokens, and all 50 completion tokens
    expect(result.estimatedMaxCostUsd).toBeCloseTo((13 * 0.15 + 50 * 0.6) / 1e6, 10);
  });

  it("refuses a model above the configured ceiling, one without a list price, and an unknown one, sending nothing", async () => {
    const refusal = await upstreamErrorOf(h.call(askModel, { model: "anthropic/claude-sonnet-4.5", prompt: "hi", maxTokens: 10 }));
    expect(refusal.safeMessage).toContain("above the ceiling of $5");
    const auto = await upstreamErrorOf(h.call(askModel, { model: "openrouter/auto", prompt: "hi", maxTokens: 10 }));
    expect(auto.safeMessage).toContain("priced by the router");
    const unknown = await upstreamErrorOf(h.call(askModel, { model: "nobody/nothing", prompt: "hi", maxTokens: 10 }));
    expect(unknown.safeMessage).toContain('no model "nobody/nothing"');
    expect(h.fake.requests.filter((r) => r.path === "/api/v1/chat/completions")).toEqual([]);
  });

  it("honours a raised server ceiling, and a lower per-call one", async () => {
    const generous = await startHarness({ OPENROUTER_API_KEY: API_KEY, OPENROUTER_MAX_PRICE_PER_MTOK: "20" });
    try {
      expect((await generous.call(askModel, { model: "anthropic/claude-sonnet-4.5", prompt: "hi", maxTokens: 10 })).answer).toBe("Paris.");
      expect(JSON.parse(generous.fake.requests.at(-1)?.body ?? "{}").provider).toEqual({ max_price: { prompt: 20, completion: 20 } });
      const lowered = await upstreamErrorOf(generous.call(askModel, { model: "anthropic/claude-sonnet-4.5", prompt: "hi", maxTokens: 10, maxPricePerMTok: 10 }));
      expect(lowered.safeMessage).toContain("above the ceiling of $10");
      expect(generous.fake.unexpected).toEqual([]);
    } finally {
      await generous.close();
    }
  });

  it("requires maxTokens", () => {
    expect(askModel.input.safeParse({ model: "openai/gpt-4o-mini", prompt: "hi" }).success).toBe(false);
  });

  it("never repeats a completion that may have run (a 502 from OpenRouter is not retried)", async () => {
    h.fake.failNext({ status: 502, body: { error: { code: 502, message: "Provider returned error" } } }, "/api/v1/chat/completions");
    const error = await upstreamErrorOf(h.call(askModel, { model: "openai/gpt-4o-mini", prompt: "hi", maxTokens: 10 }));
    expect(error.status).toBe(502);
    expect(h.fake.requests.filter((r) => r.path === "/api/v1/chat/completions")).toHaveLength(1);
  });

  it("rejects a malformed ceiling setting", () => {
    expect(() => maxPriceFrom("cheap")).toThrow(/OPENROUTER_MAX_PRICE_PER_MTOK/);
    expect(maxPriceFrom(undefined)).toBe(5);
  });
});

describe("OpenRouter tool annotations", () => {
  it("marks only the completion tool as spending (destructive, not idempotent, not read-only)", () => {
    const spending = tools.filter((tool) => !tool.annotations.readOnlyHint);
    expect(spending.map((tool) => tool.name)).toEqual(["openrouter_ask_model"]);
    expect(askModel.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    expect(askModel.description).toContain("COSTS MONEY");
  });
});
