import { z } from "zod";
import { contactOutSchema, toContact } from "../types/normalized.js";
import { contactFields, toApolloContactFields } from "./contact-fields.js";
import { defineApolloTool } from "./define.js";

export const updateContact = defineApolloTool({
  name: "apollo_update_contact",
  title: "Update an Apollo contact",
  description:
    "Change fields of one of your Apollo contacts (by its id from apollo_search_contacts): only the fields given change. " +
    "Costs no credits. Overwrites the old values, which Apollo does not keep.",
  toolset: "crm",
  input: z
    .object({ id: z.string().min(1), ...contactFields })
    .refine((c) => Object.keys(toApolloContactFields(c)).length > 0, "give at least one field to change"),
  output: z.object({ contact: contactOutSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const contact = await api.updateContact(input.id, toApolloContactFields(input), { signal });
    return { contact: toContact(contact) };
  },
});
