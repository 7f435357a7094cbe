import { randomUUID } from "node:crypto";
import { z } from "zod";
import { memoryIdForKey } from "../../../memory/ids.js";
import { defineMemoryTool } from "./define.js";

/** metadata values an agent may attach: flat and small, stored as the memory's record */
const metadataValue = z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]);

export const memoryStore = defineMemoryTool({
  name: "memory_store",
  title: "Remember something",
  description:
    "Store something you learned (a decision, a customer's preference, the outcome of a task) in the fleet's " +
    "memory, beside what the platforms send, so you and other agents can find it later with memory_search " +
    "(source \"agent\"). Give an idempotency_key when the same fact may be stored twice (a retry, a re-run): " +
    "a key already stored is not stored again.",
  toolset: "memory",
  input: z.object({
    content: z.string().trim().min(1).max(20_000).describe("what to remember, in plain words"),
    title: z.string().trim().min(1).max(300).optional().describe("a short headline"),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'lowercase letters, digits and "_", e.g. "note", "decision"')
      .default("note")
      .describe('what kind of memory, e.g. "note" (default), "decision", "preference"'),
    metadata: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "letters, digits and _"), metadataValue)
      .refine((value) => Object.keys(value).length <= 30, "at most 30 keys")
      .default({})
      .describe("flat facts about it (customer, deal id, who asked), kept with the memory"),
    idempotency_key: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("the same key stores the memory once, however often it is sent; default: a new memory every call"),
  }),
  output: z.object({
    id: z.string(),
    stored: z.boolean().describe("false when a memory with this idempotency_key was already stored"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(input, { api, clock }) {
    const key = `agent:${input.idempotency_key ?? randomUUID()}`;
    const result = await api.store.store([
      {
        key,
        source: "agent",
        type: input.type,
        timestamp: clock.now().toISOString(),
        ...(input.title === undefined ? {} : { title: input.title }),
        content: input.content,
        record: input.metadata,
      },
    ]);
    return { id: memoryIdForKey(key), stored: result.stored > 0 };
  },
});
