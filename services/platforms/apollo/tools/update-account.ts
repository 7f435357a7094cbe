import { z } from "zod";
import { accountOutSchema, toAccount } from "../types/normalized.js";
import { accountFields, toApolloAccountFields } from "./contact-fields.js";
import { defineApolloTool } from "./define.js";

export const updateAccount = defineApolloTool({
  name: "apollo_update_account",
  title: "Update an Apollo account",
  description:
    "Change fields of one of your Apollo accounts (by its id from apollo_search_accounts): only the fields given change. " +
    "Costs no credits. Overwrites the old values, which Apollo does not keep.",
  toolset: "crm",
  input: z
    .object({ id: z.string().min(1), ...accountFields })
    .refine((a) => Object.keys(toApolloAccountFields(a)).length > 0, "give at least one field to change"),
  output: z.object({ account: accountOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { account: toAccount(await api.updateAccount(input.id, toApolloAccountFields(input), { signal })) };
  },
});
