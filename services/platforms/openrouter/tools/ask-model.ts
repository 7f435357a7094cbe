import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { perMillion, roundUsd } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

/** A deliberately high token estimate for the worst-case cost: one token per 3 characters. */
const CHARS_PER_TOKEN_ESTIMATE = 3;

function refuse(message: string): never {
  throw new UpstreamError("openrouter", 400, false, message);
}

export const askModel = defineOpenrouterTool({
  name: "openrouter_ask_model",
  title: "Ask an OpenRouter model (costs money)",
  description:
    "Send one prompt (with an optional system message) to a chosen OpenRouter model and return its answer. " +
    "COSTS MONEY from the OpenRouter account on every call, and a repeated call is charged again. `maxTokens` is " +
    "required and caps the answer's length (and cost). Refused before anything is sent when the model is unknown, " +
    "priced by the router (openrouter/auto), or costs more per million prompt or completion tokens than the " +
    "server's ceiling (OPENROUTER_MAX_PRICE_PER_MTOK, default $5) or the lower `maxPricePerMTok` given; OpenRouter " +
    "is also told not to route above that price. Returns the answer, tokens used, the cost in USD and the generation id " +
    "(openrouter_get_generation).",
  toolset: "completions",
  input: z.object({
    model: z.string().regex(/^[\w.-]+\/[\w.:-]+$/, "an OpenRouter model id, author/slug").describe("e.g. openai/gpt-4o-mini (openrouter_search_models)"),
    prompt: z.string().min(1).max(100_000),
    system: z.string().min(1).max(20_000).optional(),
    maxTokens: z.number().int().min(1).max(16_384).describe("the most tokens the answer may have; required: it bounds the cost"),
    temperature: z.number().min(0).max(2).optional(),
    maxPricePerMTok: z.number().nonnegative().optional().describe("a ceiling below the server's, USD per million tokens"),
  }),
  output: z.object({
    answer: z.string(),
    model: z.string(),
    provider: z.string().optional(),
    generationId: z.string(),
    finishReason: z.string().optional(),
    promptTokens: z.number().optional(),
    completionTokens: z.number().optional(),
    costUsd: z.number().optional().describe("what OpenRouter charged for this call"),
    estimatedMaxCostUsd: z.number().describe("the worst case checked before sending, from list prices"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const ceiling = Math.min(api.maxPricePerMTok, input.maxPricePerMTok ?? Number.POSITIVE_INFINITY);
    const model = (await api.listModels(signal)).find((candidate) => candidate.id === input.model);
    if (model === undefined) refuse(`OpenRouter has no model "${input.model}" (see openrouter_search_models); nothing was sent`);
    const prompt = perMillion(model.pricing.prompt);
    const completion = perMillion(model.pricing.completion);
    if (prompt === undefined || completion === undefined || prompt < 0 || completion < 0) {
      refuse(`${input.model} is priced by the router per request, so its cost cannot be bounded; choose a model with a list price. Nothing was sent`);
    }
    if (prompt > ceiling || completion > ceiling) {
      refuse(
        `${input.model} costs $${prompt} per million prompt tokens and $${completion} per million completion tokens, above the ceiling of $${ceiling}; nothing was sent`,
      );
    }
    const promptChars = input.prompt.length + (input.system?.length ?? 0);
    const estimatedMaxCostUsd = roundUsd(
      (Math.ceil(promptChars / CHARS_PER_TOKEN_ESTIMATE) * prompt + input.maxTokens * completion) / 1_000_000 + Number(model.pricing.request ?? "0"),
    );
    const response = await api.chatCompletion(
      {
        model: input.model,
        messages: [...(input.system ? [{ role: "system" as const, content: input.system }] : []), { role: "user" as const, content: input.prompt }],
        maxTokens: input.maxTokens,
        ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
        maxPrice: { prompt: ceiling, completion: ceiling },
      },
      signal,
    );
    const [choice] = response.choices;
    const usage = response.usage;
    return {
      answer: choice?.message.content ?? choice?.message.refusal ?? "",
      model: response.model,
      ...(response.provider ? { provider: response.provider } : {}),
      generationId: response.id,
      ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
      ...(usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : {}),
      ...(usage?.cost != null ? { costUsd: usage.cost } : {}),
      estimatedMaxCostUsd,
    };
  },
});
