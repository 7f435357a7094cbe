import { z } from "zod";
import { contactOutSchema, toContact } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";

export const addContactsToSequence = defineApolloTool({
  name: "apollo_add_contacts_to_sequence",
  title: "Add contacts to an Apollo sequence (emails people)",
  description:
    "Enroll your Apollo contacts in a sequence, which NOTIFIES PEOPLE (emails them). An active sequence starts sending its emails (and " +
    "other steps) to every contact added, from the email account given, without further confirmation; emails cannot be " +
    "unsent. Only do this when the user has asked for these people to be contacted. Contacts already active or " +
    "finished in another sequence are skipped unless allowed. Get sequence ids from apollo_list_sequences, contact ids " +
    "from apollo_search_contacts and the sending account from apollo_list_email_accounts. With status \"paused\" the " +
    "contacts are added without anything being sent until someone resumes them in Apollo.",
  toolset: "sequences",
  input: z.object({
    sequenceId: z.string().min(1),
    contactIds: z.array(z.string().min(1)).min(1).max(100),
    emailAccountId: z.string().min(1).describe("the linked mailbox the emails are sent from (apollo_list_email_accounts)"),
    status: z.enum(["active", "paused"]).default("active"),
    includeActiveInOtherSequences: z.boolean().default(false),
    includeFinishedInOtherSequences: z.boolean().default(false),
  }),
  output: z.object({
    sequenceId: z.string(),
    added: z.array(contactOutSchema).describe("the contacts Apollo reports as now in the sequence"),
    notAdded: z.array(z.string()).describe("contact ids asked for that Apollo did not report as in the sequence (skipped by its rules)"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.addContactsToSequence(
      input.sequenceId,
      {
        contact_ids: input.contactIds,
        send_email_from_email_account_id: input.emailAccountId,
        status: input.status,
        ...(input.includeActiveInOtherSequences ? { sequence_active_in_other_campaigns: true } : {}),
        ...(input.includeFinishedInOtherSequences ? { sequence_finished_in_other_campaigns: true } : {}),
      },
      { signal },
    );
    const inSequence = response.contacts.filter((contact) => (contact.emailer_campaign_ids ?? []).includes(input.sequenceId));
    const addedIds = new Set(inSequence.map((contact) => contact.id));
    return {
      sequenceId: input.sequenceId,
      added: inSequence.map(toContact),
      notAdded: input.contactIds.filter((id) => !addedIds.has(id)),
    };
  },
});
