import { z } from "zod";
import { keyStatusSchema, toKeyStatus } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const getKeyStatus = defineOpenrouterTool({
  name: "openrouter_get_key_status",
  title: "Get the OpenRouter key's limit and spend",
  description:
    "Show the spend limit of the API key this server uses, what it still allows, when the limit resets, and " +
    "its spend in total, today, this week and this month (USD). Never shows the key. Free of charge.",
  toolset: "spend",
  input: z.object({}),
  output: z.object({ key: keyStatusSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    return { key: toKeyStatus(await api.keyStatus(signal)) };
  },
});
