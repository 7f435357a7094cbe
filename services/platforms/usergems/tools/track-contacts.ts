import { z } from "zod";
import { batchOf, bulkOutputSchema, eachItem, tally } from "./bulk.js";
import { defineUsergemsTool } from "./define.js";

export const contactInputSchema = z.object({
  email: z.email().max(320),
  firstName: z.string().min(1).max(200).optional(),
  lastName: z.string().min(1).max(200).optional(),
  company: z.string().min(1).max(300).optional(),
  linkedinUrl: z.url().max(2_000).optional(),
  relationshipType: z.string().min(1).max(100).optional().describe("e.g. Customer, Champion, Past user"),
  signal: z.string().min(1).max(100).optional().describe("a label UserGems attaches to this contact's signals"),
});

export const trackContacts = defineUsergemsTool({
  name: "usergems_track_contacts",
  title: "Track contacts in UserGems",
  description:
    "Add up to 100 contacts (by email, with name, company, LinkedIn URL, relationship type and signal label) " +
    "to what UserGems tracks for job changes. Idempotent: a contact already tracked stays tracked once. Tracked " +
    "contacts may count toward the UserGems plan's contact volume. Returns per contact whether it was accepted.",
  toolset: "tracking",
  input: z.object({ contacts: batchOf(contactInputSchema) }),
  output: bulkOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return tally(await eachItem(input.contacts, (c) => c.email, (c) => api.trackContact(c, signal), "tracked", signal));
  },
});
