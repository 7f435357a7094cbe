import { z } from "zod";
import { contactOutSchema, toContact } from "../types/normalized.js";
import { contactFields, toApolloContactFields } from "./contact-fields.js";
import { defineApolloTool } from "./define.js";

export const createContact = defineApolloTool({
  name: "apollo_create_contact",
  title: "Create an Apollo contact",
  description:
    "Save a person as a contact in your team's Apollo account (name, email, title, employer, phones, lists). Costs no " +
    "credits and reveals nothing: Apollo stores what you give it. With dedupe (the default) Apollo returns the existing " +
    "contact instead of creating a second one with the same email or name and employer.",
  toolset: "crm",
  input: z
    .object({ ...contactFields, dedupe: z.boolean().default(true) })
    .refine((c) => c.email !== undefined || c.firstName !== undefined || c.lastName !== undefined, "give at least an email or a name"),
  output: z.object({ contact: contactOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const contact = await api.createContact({ ...toApolloContactFields(input), ...(input.dedupe ? { run_dedupe: true } : {}) }, { signal });
    return { contact: toContact(contact) };
  },
});
