import { z } from "zod";
import { promptOutput, toPrompt } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const listPrompts = definePortkeyTool({
  name: "portkey_list_prompts",
  title: "List Portkey prompt templates",
  description:
    "Lists the prompt templates kept in Portkey's prompt library (id, slug, name, model, status, collection), " +
    "optionally searched by name. Render one with portkey_render_prompt. Read-only.",
  toolset: "prompts",
  input: z.object({
    search: z.string().min(1).optional(),
    collectionId: z.string().min(1).optional(),
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  }),
  output: z.object({ total: z.number(), prompts: z.array(promptOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const raw = await api.listPrompts(
      { ...(input.search !== undefined && { search: input.search }), ...(input.collectionId !== undefined && { collectionId: input.collectionId }), currentPage: input.page, pageSize: input.pageSize },
      signal,
    );
    return { total: raw.total, prompts: raw.data.map(toPrompt) };
  },
});
