import { z } from "zod";
import { BODY_LIMIT_CHARS, redact } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const renderPrompt = definePortkeyTool({
  name: "portkey_render_prompt",
  title: "Render a Portkey prompt template",
  description:
    "Fills a Portkey prompt template with variables and returns the resulting messages (or text prompt) and model, " +
    "without calling any model: nothing is spent. Use it to see exactly what an app sends. Message contents are cut " +
    `at ${BODY_LIMIT_CHARS} characters each. Read-only.`,
  toolset: "prompts",
  input: z.object({
    promptId: z.string().min(1).describe("prompt id or slug (portkey_list_prompts)"),
    variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  }),
  output: z.object({
    model: z.string().optional(),
    messages: z.array(z.object({ role: z.string(), content: z.string() })).optional(),
    prompt: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const { data } = await api.renderPrompt(input.promptId, input.variables, signal);
    const cut = (text: string) => (text.length <= BODY_LIMIT_CHARS ? text : `${text.slice(0, BODY_LIMIT_CHARS)}… [truncated]`);
    return {
      ...(data.model ? { model: data.model } : {}),
      ...(data.messages !== undefined && {
        messages: data.messages.map((message) => ({ role: message.role, content: cut(typeof message.content === "string" ? message.content : JSON.stringify(redact(message.content))) })),
      }),
      ...(data.prompt !== undefined && { prompt: cut(data.prompt) }),
    };
  },
});
