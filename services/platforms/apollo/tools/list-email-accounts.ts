import { z } from "zod";
import { emailAccountOutSchema, toEmailAccount } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";

export const listEmailAccounts = defineApolloTool({
  name: "apollo_list_email_accounts",
  title: "List Apollo email accounts",
  description:
    "List the mailboxes linked to your team's Apollo account that sequences send from: id, address, provider, whether " +
    "active and default, and the daily sending limit. Costs no credits.",
  toolset: "sequences",
  input: z.object({}),
  output: z.object({ emailAccounts: z.array(emailAccountOutSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    return { emailAccounts: (await api.listEmailAccounts({ signal })).map(toEmailAccount) };
  },
});
