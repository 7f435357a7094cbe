import { z } from "zod";
import { accountOutSchema, toAccount } from "../types/normalized.js";
import { accountFields, toApolloAccountFields } from "./contact-fields.js";
import { defineApolloTool } from "./define.js";

export const createAccount = defineApolloTool({
  name: "apollo_create_account",
  title: "Create an Apollo account",
  description:
    "Save a company as an account in your team's Apollo account (name, domain, phone, address, owner, stage). Costs no " +
    "credits. Apollo does not deduplicate accounts: search with apollo_search_accounts first, calling this twice makes two.",
  toolset: "crm",
  input: z.object({ ...accountFields, name: z.string().min(1).max(200) }),
  output: z.object({ account: accountOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { account: toAccount(await api.createAccount(toApolloAccountFields(input), { signal })) };
  },
});
