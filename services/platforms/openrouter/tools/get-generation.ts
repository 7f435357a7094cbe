import { z } from "zod";
import { generationStatsSchema, toGenerationStats } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const getGeneration = defineOpenrouterTool({
  name: "openrouter_get_generation",
  title: "Get an OpenRouter generation's cost and stats",
  description:
    "Look up one OpenRouter request by its generation id (the `id` of a chat completion, \"gen-...\"): the model " +
    "and provider that served it, its exact cost in USD, token counts, latency and finish reason. Stats appear a " +
    "few seconds after the request ends (a 404 before then). Free of charge.",
  toolset: "spend",
  input: z.object({ id: z.string().min(1).max(200).describe("generation id, e.g. gen-1234567890-abc") }),
  output: z.object({ generation: generationStatsSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { generation: toGenerationStats(await api.generation(input.id, signal)) };
  },
});
