/**
 * Broadcast deliveries: the header token (right, wrong, missing, none configured), the connection
 * test, strict OTLP/JSON parsing (malformed traces are 400s), one event per generation deduplicated
 * by trace and span id (a replayed delivery is stored once), and the memory each becomes. The
 * OTLP bodies are written out by hand here, independently of our parser.
 */
import { describe, expect, it } from "vitest";
import type { RawWebhookRequest, WebhookDefinition, WebhookEvent } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/openrouter/index.js";
import type { OpenrouterApi } from "../../../services/platforms/openrouter/api/index.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { intakesForEachTest, webhookContext } from "../../support/webhook-intake.js";
import { type Harness, NOW, SETTINGS, startHarness } from "./harness.js";

const TOKEN = "b7f3c1d2e4a5968778695a4b3c2d1e0f";
const webhook = definition.webhook as WebhookDefinition<OpenrouterApi>;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const ROOT = "00f067aa0ba902b7";
const ATTEMPT = "1a2b3c4d5e6f7081";

const context = () => webhookContext({ settings: SETTINGS, now: NOW });

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string) => ({ key, value: { intValue: value } });
const dbl = (key: string, value: number) => ({ key, value: { doubleValue: value } });

/** A Broadcast export as OpenRouter sends it: a generation span and its provider-attempt child. */
function exportBody(overrides: { rootAttributes?: unknown[]; rootExtra?: Record<string, unknown>; traceId?: string } = {}) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "openrouter")] },
        scopeSpans: [
          {
            scope: { name: "openrouter" },
            spans: [
              {
                traceId: overrides.traceId ?? TRACE,
                spanId: ROOT,
                name: "LLM Generation",
                kind: 3,
                startTimeUnixNano: "1763640000000000000",
                endTimeUnixNano: "1763640002310000000",
                status: { code: 1 },
                attributes: overrides.rootAttributes ?? [
                  str("gen_ai.request.model", "anthropic/claude-sonnet-4.5"),
                  str("gen_ai.response.model", "anthropic/claude-sonnet-4.5"),
                  int("gen_ai.usage.input_tokens", "1200"),
                  int("gen_ai.usage.output_tokens", 340),
                  int("gen_ai.usage.input_tokens.cached", "1024"),
                  dbl("gen_ai.usage.total_cost", 0.013542),
                  str("openrouter.api_key_name", "agents-prod"),
                  str("openrouter.provider_name", "Anthropic"),
                  str("openrouter.finish_reason", "stop"),
                  str("gen_ai.prompt", "{\"messages\":[{\"role\":\"user\",\"content\":\"secret plans\"}]}"),
                  str("user.id", "ada@acme.test"),
                ],
                ...overrides.rootExtra,
              },
              {
                traceId: overrides.traceId ?? TRACE,
                spanId: ATTEMPT,
                parentSpanId: ROOT,
                name: "Provider Attempt",
                startTimeUnixNano: 1763640000100000000,
                endTimeUnixNano: "1763640002300000000",
                attributes: [str("gen_ai.request.model", "anthropic/claude-sonnet-4.5"), int("gen_ai.usage.input_tokens", 1200)],
              },
            ],
          },
        ],
      },
    ],
  };
}

function delivery(body: unknown, headers: Record<string, string | undefined> = { "x-broadcast-token": TOKEN }): RawWebhookRequest {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return {
    method: "POST",
    url: "/webhook/openrouter",
    publicUrl: "https://hooks.example.com/webhook/openrouter",
    headers: { "content-type": "application/json", ...headers },
    rawBody: Buffer.from(raw, "utf8"),
    receivedAt: NOW,
  };
}

describe("Broadcast header token", () => {
  const verify = (request: RawWebhookRequest, token: string | undefined = TOKEN) => webhook.verifier({ OPENROUTER_API_KEY: "x", OPENROUTER_WEBHOOK_TOKEN: token }, context())(request);

  it("accepts the configured token in X-Broadcast-Token", async () => {
    expect(await verify(delivery(exportBody()))).toEqual({ ok: true });
  });

  it("rejects a wrong token, a token in another header, a missing one, and everything when none is configured", async () => {
    expect(await verify(delivery(exportBody(), { "x-broadcast-token": `${TOKEN}x` }))).toMatchObject({ ok: false, reason: "token mismatch" });
    expect(await verify(delivery(exportBody(), { "x-broadcast-token": TOKEN.slice(0, -1) }))).toMatchObject({ ok: false });
    expect(await verify(delivery(exportBody(), { authorization: `Bearer ${TOKEN}` }))).toMatchObject({ ok: false, reason: "missing token" });
    expect(await verify(delivery(exportBody(), {}))).toMatchObject({ ok: false, reason: "missing token" });
    expect(await webhook.verifier({ OPENROUTER_API_KEY: "x" }, context())(delivery(exportBody()))).toMatchObject({ ok: false, reason: "no shared token configured" });
  });
});

describe("Broadcast parsing", () => {
  it("keeps the generation span and not its provider attempt, keyed by trace and span id", () => {
    const events = webhook.parse(delivery(exportBody()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dedupeKey: `${TRACE}:${ROOT}`, type: "generation" });
    expect(events[0]?.payload).toEqual({
      traceId: TRACE,
      spanId: ROOT,
      spanName: "LLM Generation",
      model: "anthropic/claude-sonnet-4.5",
      requestedModel: "anthropic/claude-sonnet-4.5",
      provider: "Anthropic",
      apiKeyName: "agents-prod",
      inputTokens: 1200,
      outputTokens: 340,
      cachedTokens: 1024,
      costUsd: 0.013542,
      startedAt: "2025-11-20T12:00:00.000Z",
      durationMs: 2310,
      finishReason: "stop",
      userId: "ada@acme.test",
    });
    // the prompt text Broadcast may carry is not kept
    expect(JSON.stringify(events)).not.toContain("secret plans");
  });

  it("gives a redelivered export the same dedupe keys, and an upper-case id the same key", () => {
    const again = webhook.parse(delivery(exportBody({ traceId: TRACE.toUpperCase() })));
    expect(again.map((e) => e.dedupeKey)).toEqual(webhook.parse(delivery(exportBody())).map((e) => e.dedupeKey));
  });

  it("accepts the connection test's empty export with no events", () => {
    expect(webhook.parse(delivery({}))).toEqual([]);
    expect(webhook.parse(delivery({ resourceSpans: [] }))).toEqual([]);
  });

  it.each([
    ["not JSON", "{resourceSpans:"],
    ["a JSON array", "[]"],
    ["a field OTLP does not define", JSON.stringify({ ...exportBody(), extra: true })],
    ["resourceSpans that is not an array", JSON.stringify({ resourceSpans: { spans: [] } })],
    ["a trace id that is not 16 bytes of hex", JSON.stringify(exportBody({ traceId: "not-a-trace-id" }))],
    ["a span without its end time", JSON.stringify(exportBody({ rootExtra: { endTimeUnixNano: undefined } }))],
    ["an attribute value with two kinds", JSON.stringify(exportBody({ rootAttributes: [{ key: "gen_ai.request.model", value: { stringValue: "a/b", intValue: "1" } }] }))],
    ["a token count that is text", JSON.stringify(exportBody({ rootAttributes: [str("gen_ai.request.model", "a/b"), str("gen_ai.usage.input_tokens", "many")] }))],
    ["a negative cost", JSON.stringify(exportBody({ rootAttributes: [str("gen_ai.request.model", "a/b"), dbl("gen_ai.usage.total_cost", -1)] }))],
    ["a model that is not a string", JSON.stringify(exportBody({ rootAttributes: [int("gen_ai.response.model", 4)] }))],
    ["a span that ends before it starts", JSON.stringify(exportBody({ rootExtra: { endTimeUnixNano: "1" } }))],
  ])("throws on %s", (_name, body) => {
    expect(() => webhook.parse(delivery(body))).toThrow();
  });
});

describe("Broadcast at the intake", () => {
  const startIntake = intakesForEachTest();
  const intake = () => startIntake({ platform: "openrouter", definition: webhook, credentials: { OPENROUTER_WEBHOOK_TOKEN: TOKEN }, settings: SETTINGS, now: NOW }).intake;


  it("answers 401 to a wrong token, 400 to a malformed trace, and stores a replayed delivery once", async () => {
    const it = intake();
    expect((await it.handle(delivery(exportBody(), { "x-broadcast-token": "guess" }))).status).toBe(401);
    expect((await it.handle(delivery("{\"resourceSpans\": 7}"))).status).toBe(400);
    expect(await it.handle(delivery(exportBody()))).toMatchObject({ status: 200, body: { received: 1, duplicates: 0 } });
    expect(await it.handle(delivery(exportBody()))).toMatchObject({ status: 200, body: { received: 1, duplicates: 1 } });
    expect(it.depth().depth).toBe(1);
    await it.stop();
  });

  it("answers the destination's connection test only with the right token", async () => {
    const it = intake();
    expect((await it.handle(delivery({}, { "x-test-connection": "true" }))).status).toBe(401);
    expect(await it.handle(delivery({}, { "x-test-connection": "true", "x-broadcast-token": TOKEN }))).toMatchObject({ status: 200 });
    expect(it.depth().depth).toBe(0);
    await it.stop();
  });
});

describe("Broadcast generations as memories", () => {
  let h: Harness;
  startedForEachTest(startHarness, (started) => (h = started));

  it("says which model and provider answered, for which key, tokens, cost and latency, with a link, and calls no API", async () => {
    const [event] = webhook.parse(delivery(exportBody()));
    const [memory] = await webhook.toMemory(event as WebhookEvent, h.ctx);
    expect(memory).toMatchObject({
      key: `openrouter:generation:${TRACE}:${ROOT}`,
      source: "openrouter",
      type: "generation",
      timestamp: "2025-11-20T12:00:00.000Z",
      title: "anthropic/claude-sonnet-4.5 generation ($0.0135)",
      url: "https://openrouter.ai/anthropic/claude-sonnet-4.5",
    });
    expect(memory?.content).toBe(
      'OpenRouter generation: anthropic/claude-sonnet-4.5 via Anthropic for API key "agents-prod" read 1,200 prompt tokens (1,024 cached) and wrote 340 completion tokens for $0.0135 in 2.31 s on 2025-11-20T12:00:00.000Z. Finish reason: stop. (user ada@acme.test)',
    );
    expect(h.fake.requests).toEqual([]);
  });

  it("says when a generation failed and when the router picked another model", async () => {
    const body = exportBody({
      rootAttributes: [str("gen_ai.request.model", "openrouter/auto"), str("gen_ai.response.model", "openai/gpt-4o-mini"), dbl("gen_ai.usage.total_cost", 0.000012)],
      rootExtra: { status: { code: 2, message: "Provider returned error" } },
    });
    const [event] = webhook.parse(delivery(body));
    const [memory] = await webhook.toMemory(event as WebhookEvent, h.ctx);
    expect(memory?.content).toBe(
      "OpenRouter generation: openai/gpt-4o-mini (requested openrouter/auto) ran for $0.000012 in 2.31 s on 2025-11-20T12:00:00.000Z. It failed: Provider returned error.",
    );
  });
});
