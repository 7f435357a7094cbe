import { z } from "zod";
import { roundUsd } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const getCredits = defineOpenrouterTool({
  name: "openrouter_get_credits",
  title: "Get the OpenRouter account's credits",
  description:
    "Show the account's credits: purchased in total, used in total, and the balance left (USD). Free of charge.",
  toolset: "spend",
  input: z.object({}),
  output: z.object({ totalCreditsUsd: z.number(), totalUsageUsd: z.number(), balanceUsd: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    const { data } = await api.credits(signal);
    return { totalCreditsUsd: data.total_credits, totalUsageUsd: data.total_usage, balanceUsd: roundUsd(data.total_credits - data.total_usage) };
  },
});
