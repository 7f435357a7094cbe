import { z } from "zod";
import { itemOutcomeSchema } from "../types/normalized.js";
import { accountInputSchema } from "./track-accounts.js";
import { eachItem, tally } from "./bulk.js";
import { defineUsergemsTool } from "./define.js";

export const untrackAccounts = defineUsergemsTool({
  name: "usergems_untrack_accounts",
  title: "Stop tracking accounts in UserGems",
  description:
    "Remove up to 100 accounts (the name and domain they were added with; the optional fields narrow the removal " +
    "to one report, signal or id) from UserGems. Idempotent: an account not added counts as untracked. Signals " +
    "already in memory stay.",
  toolset: "tracking",
  input: z.object({ accounts: z.array(accountInputSchema).min(1).max(100) }),
  output: z.object({ succeeded: z.number(), failed: z.number(), results: z.array(itemOutcomeSchema) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const results = await eachItem(input.accounts, (a) => a.domain, (a) => api.untrackAccount(a, signal), "untracked", signal);
    return { ...tally(results), results };
  },
});
