/**
 * How memories are shown to a model: short, predictable fields, long text cut with a marker
 * saying so, and the structured record only when it is small enough to be worth reading.
 */
import { z } from "zod";
import { decodeCursor } from "../../../memory/ids.js";
import { MEMORY_SOURCES, type Memory } from "../../../memory/types.js";

const MAX_CONTENT_CHARS = 6_000;
const MAX_RECORD_JSON_CHARS = 4_000;
const MAX_PREVIEW_CHARS = 280;

export const isoTimestampInput = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp, e.g. 2025-03-01T00:00:00Z" });

export const sourceInput = z.enum(MEMORY_SOURCES);

export const cursorInput = z.string().refine(
  (value) => {
    try {
      decodeCursor(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a cursor from a previous page of this tool" },
);

export const memorySummarySchema = z.object({
  id: z.string(),
  source: z.string(),
  type: z.string(),
  timestamp: z.string(),
  title: z.string().optional(),
  url: z.string().optional(),
});

export const memoryBriefSchema = memorySummarySchema.extend({
  preview: z.string().describe("the start of the content"),
});

export const memoryDetailSchema = memorySummarySchema.extend({
  key: z.string(),
  storedAt: z.string(),
  content: z.string(),
  contentTruncated: z.boolean(),
  record: z.record(z.string(), z.unknown()).optional().describe("the structured record, when small"),
  recordOmitted: z.boolean(),
});

export function summary(memory: Memory): z.infer<typeof memorySummarySchema> {
  return {
    id: memory.id,
    source: memory.source,
    type: memory.type,
    timestamp: memory.timestamp,
    ...(memory.title === undefined ? {} : { title: memory.title }),
    ...(memory.url === undefined ? {} : { url: memory.url }),
  };
}

function cut(text: string, max: number): { text: string; truncated: boolean } {
  return text.length <= max ? { text, truncated: false } : { text: `${text.slice(0, max - 1)}…`, truncated: true };
}

export function brief(memory: Memory): z.infer<typeof memoryBriefSchema> {
  return { ...summary(memory), preview: cut(memory.content.replace(/\s+/g, " "), MAX_PREVIEW_CHARS).text };
}

export function detail(memory: Memory): z.infer<typeof memoryDetailSchema> {
  const content = cut(memory.content, MAX_CONTENT_CHARS);
  const recordFits = JSON.stringify(memory.record).length <= MAX_RECORD_JSON_CHARS;
  return {
    ...summary(memory),
    key: memory.key,
    storedAt: memory.storedAt,
    content: content.text,
    contentTruncated: content.truncated,
    ...(recordFits ? { record: { ...memory.record } } : {}),
    recordOmitted: !recordFits,
  };
}
