import { z } from "zod";
import { contactOutSchema, paginationOutSchema, toContact, toPagination } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, pageOf, searchInput, sortByInput, sortingOf, textList } from "./shared.js";

const SORTS = {
  lastActivity: "contact_last_activity_date",
  created: "contact_created_at",
  updated: "contact_updated_at",
  emailLastOpened: "contact_email_last_opened_at",
  emailLastClicked: "contact_email_last_clicked_at",
} as const;

export const searchContacts = defineApolloTool({
  name: "apollo_search_contacts",
  title: "Search your Apollo contacts",
  description:
    "Search the contacts your team has saved in Apollo (people you added, imported or enriched) by keywords (name, " +
    "title, employer, email), contact stage or list (label), newest first or sorted as asked. Costs no credits. " +
    "Paginated with page / perPage (at most 100); Apollo shows at most 50,000 records of any search (500 pages of 100).",
  toolset: "crm",
  input: searchInput({
    keywords: z.string().min(1).max(200).optional(),
    stageIds: textList("contact stage ids"),
    labelIds: textList("list (label) ids"),
    sortBy: sortByInput(SORTS),
    sortAscending: z.boolean().optional().describe("with sortBy: oldest first"),
  }),
  output: z.object({ contacts: z.array(contactOutSchema), pagination: paginationOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchContacts(
      defined({
        q_keywords: input.keywords,
        contact_stage_ids: input.stageIds,
        contact_label_ids: input.labelIds,
        ...sortingOf(SORTS, input),
        ...pageOf(input),
      }),
      { signal },
    );
    return { contacts: response.contacts.map(toContact), pagination: toPagination(response.pagination) };
  },
});
