import { z } from "zod";
import { defineFigmaTool } from "./define.js";

export const getCurrentUser = defineFigmaTool({
  name: "figma_get_current_user",
  title: "Who the Figma token acts as",
  description:
    "Returns the Figma account the server's token belongs to (id, name, email): the person comments are posted as and whose " +
    "access decides which files, projects and teams the tools can see. Use it to check the connection. One cheap call.",
  toolset: "account",
  input: z.object({}),
  output: z.object({ id: z.string(), handle: z.string(), email: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    const me = await api.getMe(signal);
    return { id: me.id, handle: me.handle, email: me.email };
  },
});
