import { z } from "zod";
import { READ_ONLY_CLOSED_WORLD, defineMemoryTool } from "./define.js";
import { isoTimestampInput, memorySummarySchema, sourceInput, summary } from "./present.js";

export const memorySearch = defineMemoryTool({
  name: "memory_search",
  title: "Search memory across all sources",
  description:
    "Search everything the fleet has remembered (Slack messages, Gong calls, HubSpot deals, Linear issues, " +
    "and every other connected platform) by meaning and by keywords. Use it first when asked what happened, " +
    "who said what, or what is known about a customer, deal or incident. Narrow with source, type and a time " +
    "range. Returns the best matches with a relevant snippet each; fetch the full memory with memory_get.",
  toolset: "memory",
  input: z.object({
    query: z.string().trim().min(1).max(500).describe("what to look for, in plain words"),
    mode: z
      .enum(["hybrid", "semantic", "keyword"])
      .default("hybrid")
      .describe("hybrid (default) fuses meaning and keyword rankings; keyword for exact names, ids or error strings"),
    source: sourceInput.optional().describe("only memories from this platform"),
    type: z.string().min(1).max(100).optional().describe('only this kind of record, e.g. "message", "call", "deal", "issue"'),
    from: isoTimestampInput.optional().describe("only things that happened at or after this time"),
    to: isoTimestampInput.optional().describe("only things that happened at or before this time"),
    limit: z.number().int().min(1).max(25).default(8),
  }),
  output: z.object({
    hits: z.array(
      memorySummarySchema.extend({
        snippet: z.string(),
        score: z.number(),
        matchedBy: z.array(z.enum(["semantic", "keyword"])),
      }),
    ),
  }),
  annotations: READ_ONLY_CLOSED_WORLD,
  async handler(input, { api }) {
    const hits = await api.store.search({
      query: input.query,
      mode: input.mode,
      limit: input.limit,
      filters: {
        ...(input.source === undefined ? {} : { source: input.source }),
        ...(input.type === undefined ? {} : { type: input.type }),
        ...(input.from === undefined ? {} : { from: input.from }),
        ...(input.to === undefined ? {} : { to: input.to }),
      },
    });
    return {
      hits: hits.map((hit) => ({
        ...summary(hit.memory),
        snippet: hit.snippet,
        score: Math.round(hit.score * 10_000) / 10_000,
        matchedBy: [...hit.matchedBy],
      })),
    };
  },
});
