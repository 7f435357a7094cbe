import { z } from "zod";
import { READ_ONLY_CLOSED_WORLD, defineMemoryTool } from "./define.js";

export const memoryListSources = defineMemoryTool({
  name: "memory_list_sources",
  title: "List memory sources",
  description:
    "List the platforms memory has records from, with how many memories each has and when its newest one " +
    "happened. Use it to see what can be searched and how fresh each source is.",
  toolset: "memory",
  input: z.object({}),
  output: z.object({
    sources: z.array(z.object({ source: z.string(), count: z.number().int(), latest: z.string() })),
    total: z.number().int(),
  }),
  annotations: READ_ONLY_CLOSED_WORLD,
  async handler(_input, { api }) {
    const sources = await api.store.sources();
    return {
      sources: sources.map((s) => ({ source: s.source, count: s.count, latest: s.latest })),
      total: sources.reduce((sum, s) => sum + s.count, 0),
    };
  },
});
