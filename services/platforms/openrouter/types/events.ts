/**
 * Broadcast's webhook body: an OTLP/JSON trace export (opentelemetry-proto's
 * ExportTraceServiceRequest in its JSON mapping: hex trace and span ids, int64 as strings or
 * numbers, one key per AnyValue). Parsed strictly, only after the header token matched: a field
 * OTLP does not define, an id that is not hex of the right length, or an attribute value with no or
 * two kinds is a malformed delivery (400), not something to guess about.
 */
import { z } from "zod";

const int64 = z.union([z.string().regex(/^-?\d+$/, "an integer"), z.number().int()]);
/** nanoseconds since the epoch: a string of digits per OTLP/JSON; a JSON number (past 2^53, so imprecise) is tolerated */
const unixNano = z.union([z.string().regex(/^\d+$/, "nanoseconds since the epoch"), z.number().nonnegative()]);
const hexId = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`, "i"), `${bytes} bytes in hex`);

export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: { key: string; value: OtlpAnyValue }[] };
}

export const anyValueSchema: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z
    .strictObject({
      stringValue: z.string().optional(),
      intValue: int64.optional(),
      doubleValue: z.number().optional(),
      boolValue: z.boolean().optional(),
      bytesValue: z.string().optional(),
      arrayValue: z.strictObject({ values: z.array(anyValueSchema).optional() }).optional(),
      kvlistValue: z.strictObject({ values: z.array(z.strictObject({ key: z.string(), value: anyValueSchema })).optional() }).optional(),
    })
    .refine((value) => Object.keys(value).length <= 1, "an AnyValue holds one kind of value"),
);

export const keyValueSchema = z.strictObject({ key: z.string().min(1), value: anyValueSchema });
export type OtlpKeyValue = z.infer<typeof keyValueSchema>;

export const spanSchema = z.strictObject({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: z.union([hexId(8), z.literal("")]).optional(),
  traceState: z.string().optional(),
  flags: z.number().int().optional(),
  name: z.string(),
  kind: z.union([z.number().int().min(0).max(5), z.string()]).optional(),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes: z.array(keyValueSchema).default([]),
  droppedAttributesCount: z.number().int().optional(),
  events: z
    .array(z.strictObject({ timeUnixNano: unixNano, name: z.string(), attributes: z.array(keyValueSchema).optional(), droppedAttributesCount: z.number().int().optional() }))
    .optional(),
  droppedEventsCount: z.number().int().optional(),
  links: z.array(z.record(z.string(), z.unknown())).optional(),
  droppedLinksCount: z.number().int().optional(),
  status: z.strictObject({ code: z.union([z.number().int().min(0).max(2), z.string()]).optional(), message: z.string().optional() }).optional(),
});
export type OtlpSpan = z.infer<typeof spanSchema>;

export const traceExportSchema = z.strictObject({
  resourceSpans: z
    .array(
      z.strictObject({
        resource: z.strictObject({ attributes: z.array(keyValueSchema).default([]), droppedAttributesCount: z.number().int().optional() }).optional(),
        scopeSpans: z
          .array(
            z.strictObject({
              scope: z
                .strictObject({ name: z.string().optional(), version: z.string().optional(), attributes: z.array(keyValueSchema).optional(), droppedAttributesCount: z.number().int().optional() })
                .optional(),
              spans: z.array(spanSchema).default([]),
              schemaUrl: z.string().optional(),
            }),
          )
          .default([]),
        schemaUrl: z.string().optional(),
      }),
    )
    .default([]),
});
export type OtlpTraceExport = z.infer<typeof traceExportSchema>;

/** One generation, as the inbox keeps it (the span's facts we remember, no prompt or completion text). */
export const generationEventSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  spanName: z.string(),
  model: z.string(),
  requestedModel: z.string().optional(),
  provider: z.string().optional(),
  apiKeyName: z.string().optional(),
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  reasoningTokens: z.number().int().nonnegative().optional(),
  cachedTokens: z.number().int().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  finishReason: z.string().optional(),
  error: z.string().optional(),
  userId: z.string().optional(),
  sessionId: z.string().optional(),
});
export type GenerationEvent = z.infer<typeof generationEventSchema>;
