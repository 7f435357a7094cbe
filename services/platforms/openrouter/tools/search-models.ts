import { z } from "zod";
import { modelSummarySchema, perMillion, toModelSummary } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const searchModels = defineOpenrouterTool({
  name: "openrouter_search_models",
  title: "Search OpenRouter models",
  description:
    "Search OpenRouter's model catalogue by name or id text, input/output modality (text, image, audio, file), " +
    "a supported request parameter (tools, structured_outputs, reasoning, ...), minimum context length and " +
    "maximum price (USD per million prompt / completion tokens). Returns matching models cheapest first (by " +
    "completion price), with context length, modalities and prices. Free of charge.",
  toolset: "models",
  input: z.object({
    query: z.string().min(1).max(200).optional().describe("words that must all appear in the model's id or name, e.g. \"claude sonnet\""),
    inputModality: z.string().min(1).optional().describe("e.g. image: the model must accept images"),
    outputModality: z.string().min(1).optional().describe("e.g. image: the model must produce images"),
    supportedParameter: z.string().min(1).optional().describe("e.g. tools: the model must support tool calling"),
    minContextLength: z.number().int().positive().optional(),
    maxPromptPricePerMTok: z.number().nonnegative().optional(),
    maxCompletionPricePerMTok: z.number().nonnegative().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  output: z.object({ total: z.number().describe("models matching before the limit"), models: z.array(modelSummarySchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const words = (input.query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const within = (price: string, max: number | undefined) => {
      const perM = perMillion(price);
      // a negative price means "decided by the router" (openrouter/auto): unknown, so not within any ceiling
      return max === undefined || (perM !== undefined && perM >= 0 && perM <= max);
    };
    const matching = (await api.listModels(signal)).filter((model) => {
      const haystack = `${model.id} ${model.name}`.toLowerCase();
      const context = model.context_length ?? model.top_provider?.context_length ?? 0;
      return (
        words.every((word) => haystack.includes(word)) &&
        (input.inputModality === undefined || model.architecture.input_modalities.includes(input.inputModality)) &&
        (input.outputModality === undefined || model.architecture.output_modalities.includes(input.outputModality)) &&
        (input.supportedParameter === undefined || (model.supported_parameters ?? []).includes(input.supportedParameter)) &&
        (input.minContextLength === undefined || context >= input.minContextLength) &&
        within(model.pricing.prompt, input.maxPromptPricePerMTok) &&
        within(model.pricing.completion, input.maxCompletionPricePerMTok)
      );
    });
    const models = matching.map((model) => toModelSummary(model)).sort((a, b) => a.price.completionPerMTok - b.price.completionPerMTok || a.id.localeCompare(b.id));
    return { total: models.length, models: models.slice(0, input.limit) };
  },
});
