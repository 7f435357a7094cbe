import { z } from "zod";
import { MEMORY_ID_PATTERN } from "../../../memory/ids.js";
import { READ_ONLY_CLOSED_WORLD, defineMemoryTool } from "./define.js";
import { detail, memoryDetailSchema } from "./present.js";

export const memoryGet = defineMemoryTool({
  name: "memory_get",
  title: "Fetch one memory",
  description:
    "Fetch one memory by the id a search or listing returned: its full content (cut at 6,000 characters, " +
    "marked when cut), where it came from, when it happened, a link back to the platform, and the structured " +
    "record when it is small.",
  toolset: "memory",
  input: z.object({
    id: z.string().regex(MEMORY_ID_PATTERN, 'a memory id looks like "mem_" followed by 32 hex digits'),
  }),
  output: z.object({
    found: z.boolean(),
    memory: memoryDetailSchema.optional(),
  }),
  annotations: READ_ONLY_CLOSED_WORLD,
  async handler(input, { api }) {
    const memory = await api.store.get(input.id);
    return memory === undefined ? { found: false } : { found: true, memory: detail(memory) };
  },
});
