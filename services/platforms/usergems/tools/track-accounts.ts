import { z } from "zod";
import { batchOf, bulkOutputSchema, eachItem, tally } from "./bulk.js";
import { defineUsergemsTool } from "./define.js";

export const accountInputSchema = z.object({
  name: z.string().min(1).max(300),
  domain: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, "a domain, e.g. acme.com"),
  reportName: z.string().min(1).max(200).optional().describe("the report or workflow the account belongs to"),
  signal: z.string().min(1).max(100).optional(),
  salesforceId: z.string().min(1).max(40).optional(),
  customId: z.string().min(1).max(200).optional(),
});

export const trackAccounts = defineUsergemsTool({
  name: "usergems_track_accounts",
  title: "Track accounts in UserGems",
  description:
    "Add up to 100 accounts (name and domain, optionally a report name, signal label, Salesforce id or custom id) " +
    "for UserGems to source prospects and new hires against. Idempotent: an account already added stays added once. " +
    "Returns per account whether it was accepted.",
  toolset: "tracking",
  input: z.object({ accounts: batchOf(accountInputSchema) }),
  output: bulkOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return tally(await eachItem(input.accounts, (a) => a.domain, (a) => api.trackAccount(a, signal), "tracked", signal));
  },
});
