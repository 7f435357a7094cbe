import { z } from "zod";
import { READ_ONLY_CLOSED_WORLD, defineMemoryTool } from "./define.js";
import { brief, cursorInput, memoryBriefSchema, sourceInput } from "./present.js";

export const memoryRecentEvents = defineMemoryTool({
  name: "memory_recent_events",
  title: "Recent events in memory",
  description:
    "The newest memories, newest first, optionally from one platform or of one type: what just happened " +
    "across the connected tools. Pass nextCursor back as cursor for the page after.",
  toolset: "memory",
  input: z.object({
    source: sourceInput.optional().describe("only memories from this platform"),
    type: z.string().min(1).max(100).optional().describe('only this kind of record, e.g. "message", "deal"'),
    limit: z.number().int().min(1).max(50).default(10),
    cursor: cursorInput.optional(),
  }),
  output: z.object({
    events: z.array(memoryBriefSchema),
    nextCursor: z.string().optional(),
  }),
  annotations: READ_ONLY_CLOSED_WORLD,
  async handler(input, { api }) {
    const page = await api.store.list({
      limit: input.limit,
      ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
      filters: {
        ...(input.source === undefined ? {} : { source: input.source }),
        ...(input.type === undefined ? {} : { type: input.type }),
      },
    });
    return {
      events: page.memories.map(brief),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  },
});
