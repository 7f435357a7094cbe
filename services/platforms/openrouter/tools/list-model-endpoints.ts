import { z } from "zod";
import { endpointSummarySchema, modelUrl, toEndpointSummary } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const listModelEndpoints = defineOpenrouterTool({
  name: "openrouter_list_model_endpoints",
  title: "List the provider endpoints of an OpenRouter model",
  description:
    "List the providers that serve one OpenRouter model (e.g. \"anthropic/claude-sonnet-4.5\"), each with its " +
    "price, context length, quantization, recent uptime and supported parameters, cheapest first. Use it to see " +
    "where a model runs and what each route costs. Free of charge.",
  toolset: "models",
  input: z.object({
    model: z.string().regex(/^[\w.-]+\/[\w.:-]+$/, "an OpenRouter model id, author/slug").describe("model id, author/slug"),
  }),
  output: z.object({ model: z.string(), name: z.string(), url: z.string(), endpoints: z.array(endpointSummarySchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const { data } = await api.modelEndpoints(input.model, signal);
    const endpoints = data.endpoints.map(toEndpointSummary).sort((a, b) => a.price.completionPerMTok - b.price.completionPerMTok);
    return { model: data.id, name: data.name, url: modelUrl(data.id), endpoints };
  },
});
