/**
 * Broadcast (Settings > Observability > Webhook) posts OTLP/JSON traces with the custom headers we
 * configure and no signature. We authenticate the fixed `X-Broadcast-Token` header against
 * OPENROUTER_WEBHOOK_TOKEN in constant time, answer the destination's connection test (an empty
 * export with `X-Test-Connection: true`, after the token matched), parse the export strictly, and
 * keep one event per generation, deduplicated by trace and span id.
 *
 * Which spans are generations: a request's trace has a span for the generation and a child span
 * per upstream provider attempt, both carrying gen_ai.* attributes. We keep each span that names a
 * model and whose parent (if in the same export) names none, so a generation is counted once,
 * not once per attempt.
 */
import type { MemoryRecord, RawWebhookRequest, ToolContext, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { sharedToken } from "../../runtime/webhooks/verifiers.js";
import type { OpenrouterApi } from "./api/index.js";
import { generationToMemory } from "./memory.js";
import { type GenerationEvent, type OtlpAnyValue, type OtlpKeyValue, type OtlpSpan, generationEventSchema, traceExportSchema } from "./types/events.js";

export const TOKEN_HEADER = "x-broadcast-token";

class MalformedSpan extends Error {}

type Attributes = ReadonlyMap<string, OtlpAnyValue>;

function attributeMap(attributes: readonly OtlpKeyValue[]): Attributes {
  return new Map(attributes.map((kv) => [kv.key, kv.value]));
}

function text(attrs: Attributes, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = attrs.get(key);
    if (value === undefined) continue;
    if (typeof value.stringValue !== "string") throw new MalformedSpan(`${key} is not a string`);
    if (value.stringValue !== "") return value.stringValue;
  }
  return undefined;
}

function integer(attrs: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attrs.get(key);
    if (value === undefined) continue;
    const n = value.intValue !== undefined ? Number(value.intValue) : value.doubleValue;
    if (n === undefined || !Number.isSafeInteger(n) || n < 0) throw new MalformedSpan(`${key} is not a token count`);
    return n;
  }
  return undefined;
}

function amount(attrs: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attrs.get(key);
    if (value === undefined) continue;
    const n = value.doubleValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined);
    if (n === undefined || !Number.isFinite(n) || n < 0) throw new MalformedSpan(`${key} is not an amount`);
    return n;
  }
  return undefined;
}

const MODEL_KEYS = ["gen_ai.response.model", "gen_ai.request.model"] as const;

function modelOf(attrs: Attributes): string | undefined {
  return text(attrs, ...MODEL_KEYS);
}

function nanos(value: string | number): bigint {
  return BigInt(typeof value === "number" ? Math.round(value) : value);
}

function nanosToDate(value: bigint): Date {
  return new Date(Number(value / 1_000_000n));
}

function toGeneration(span: OtlpSpan, attrs: Attributes, model: string): GenerationEvent {
  const start = nanos(span.startTimeUnixNano);
  const end = nanos(span.endTimeUnixNano);
  if (end < start) throw new MalformedSpan("span ends before it starts");
  const statusError = span.status?.code === 2 || span.status?.code === "STATUS_CODE_ERROR";
  const fields: Partial<GenerationEvent> = {
    requestedModel: text(attrs, "gen_ai.request.model"),
    provider: text(attrs, "openrouter.provider_name", "trace.metadata.openrouter.provider_name", "gen_ai.provider.name", "gen_ai.system"),
    apiKeyName: text(attrs, "openrouter.api_key_name", "trace.metadata.openrouter.api_key_name"),
    inputTokens: integer(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
    outputTokens: integer(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
    reasoningTokens: integer(attrs, "gen_ai.usage.output_tokens.reasoning"),
    cachedTokens: integer(attrs, "gen_ai.usage.input_tokens.cached"),
    costUsd: amount(attrs, "gen_ai.usage.total_cost", "gen_ai.usage.cost"),
    finishReason: text(attrs, "openrouter.finish_reason", "gen_ai.response.finish_reason"),
    error: statusError ? span.status?.message || "error status" : undefined,
    userId: text(attrs, "user.id"),
    sessionId: text(attrs, "session.id"),
  };
  return generationEventSchema.parse({
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
    spanName: span.name,
    model,
    startedAt: nanosToDate(start).toISOString(),
    durationMs: Number(end - start) / 1e6,
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  });
}

/** Verified body -> one event per generation span. Throws (a 400) on anything but a well-formed OTLP/JSON export. */
export function parseExport(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, traceExportSchema);
  const spans = body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  const withAttributes = spans.map((span) => ({ span, attrs: attributeMap(span.attributes) }));
  const modelSpans = new Set(withAttributes.filter(({ attrs }) => modelOf(attrs) !== undefined).map(({ span }) => span.spanId.toLowerCase()));
  const events: WebhookEvent[] = [];
  for (const { span, attrs } of withAttributes) {
    const model = modelOf(attrs);
    if (model === undefined) continue;
    if (span.parentSpanId && modelSpans.has(span.parentSpanId.toLowerCase())) continue; // a provider attempt of a generation
    const generation = toGeneration(span, attrs, model);
    events.push({ dedupeKey: `${generation.traceId}:${generation.spanId}`, type: "generation", payload: generation });
  }
  return events;
}

export async function eventToMemory(event: WebhookEvent, _ctx: ToolContext<OpenrouterApi>): Promise<MemoryRecord[]> {
  const generation = generationEventSchema.parse(event.payload);
  return [generationToMemory(generation, `openrouter:generation:${event.dedupeKey}`)];
}

export const webhook: WebhookDefinition<OpenrouterApi> = {
  verifier: (credentials) => sharedToken({ token: credentials.OPENROUTER_WEBHOOK_TOKEN ?? "", from: { header: TOKEN_HEADER } }),
  // the destination's "Test Connection": an empty export, answered only once the token matched
  verifiedHandshake: (request) => (request.headers["x-test-connection"] === "true" ? { status: 200, body: { ok: true } } : undefined),
  parse: parseExport,
  toMemory: eventToMemory,
};
