import { z } from "zod";
import { defineSlackTool } from "./define.js";
import { userOutput } from "../types/normalized.js";

export const slackLookupUserByEmail = defineSlackTool({
  name: "slack_lookup_user_by_email",
  title: "Find a Slack user by email",
  description:
    "Finds the Slack account with this email address and returns its user id (for <@id> mentions), names, title and " +
    "time zone. Returns an error when no user has that address.",
  toolset: "users",
  input: z.object({ email: z.email() }),
  output: z.object({ user: userOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api }) {
    return { user: await api.users.lookupByEmail(input.email) };
  },
});
