import { z } from "zod";
import { batchOf, bulkOutputSchema, eachItem, tally } from "./bulk.js";
import { defineUsergemsTool } from "./define.js";

export const untrackContacts = defineUsergemsTool({
  name: "usergems_untrack_contacts",
  title: "Stop tracking contacts in UserGems",
  description:
    "Remove up to 100 contacts (by email; optionally only under one relationship type or signal label) from " +
    "what UserGems tracks. Idempotent: a contact that is not tracked counts as untracked. This does not delete " +
    "what UserGems knows about the person (use usergems_privacy_delete for that) nor the signals already in memory.",
  toolset: "tracking",
  input: z.object({
    contacts: batchOf(z.object({ email: z.email().max(320), relationshipType: z.string().min(1).max(100).optional(), signal: z.string().min(1).max(100).optional() })),
  }),
  output: bulkOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return tally(await eachItem(input.contacts, (c) => c.email, (c) => api.untrackContact(c, signal), "untracked", signal));
  },
});
