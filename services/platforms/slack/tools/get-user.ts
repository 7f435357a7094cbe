import { z } from "zod";
import { defineSlackTool } from "./define.js";
import { userOutput } from "../types/normalized.js";

export const slackGetUser = defineSlackTool({
  name: "slack_get_user",
  title: "Get a Slack user",
  description:
    "Resolves a user id (as found in messages, e.g. U0123456789) to the person's names, email, title and time zone.",
  toolset: "users",
  input: z.object({ user: z.string().min(1).describe("user id, e.g. U0123456789") }),
  output: z.object({ user: userOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return { user: await api.users.info(input.user) };
  },
});
