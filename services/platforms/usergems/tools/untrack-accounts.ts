import { z } from "zod";
import { accountInputSchema } from "./track-accounts.js";
import { batchOf, bulkOutputSchema, eachItem, tally } from "./bulk.js";
import { defineUsergemsTool } from "./define.js";

export const untrackAccounts = defineUsergemsTool({
  name: "usergems_untrack_accounts",
  title: "Stop tracking accounts in UserGems",
  description:
    "Remove up to 100 accounts (the name and domain they were added with; the optional fields narrow the removal " +
    "to one report, signal or id) from UserGems. Idempotent: an account not added counts as untracked. Signals " +
    "already in memory stay.",
  toolset: "tracking",
  input: z.object({ accounts: batchOf(accountInputSchema) }),
  output: bulkOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return tally(await eachItem(input.accounts, (a) => a.domain, (a) => api.untrackAccount(a, signal), "untracked", signal));
  },
});
