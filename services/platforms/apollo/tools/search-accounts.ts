import { z } from "zod";
import { accountOutSchema, paginationOutSchema, toAccount, toPagination } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, pageOf, searchInput, sortByInput, sortingOf, textList } from "./shared.js";

const SORTS = { lastActivity: "account_last_activity_date", created: "account_created_at", updated: "account_updated_at" } as const;

export const searchAccounts = defineApolloTool({
  name: "apollo_search_accounts",
  title: "Search your Apollo accounts",
  description:
    "Search the accounts (companies) your team has saved in Apollo by name, account stage or list (label). Costs no " +
    "credits. Paginated with page / perPage (at most 100); Apollo shows at most 50,000 records of any search (500 pages " +
    "of 100). For companies you have not saved, use apollo_search_organizations.",
  toolset: "crm",
  input: searchInput({
    name: z.string().min(1).max(200).optional().describe("part of the account name"),
    stageIds: textList("account stage ids"),
    labelIds: textList("list (label) ids"),
    sortBy: sortByInput(SORTS),
    sortAscending: z.boolean().optional(),
  }),
  output: z.object({ accounts: z.array(accountOutSchema), pagination: paginationOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchAccounts(
      defined({
        q_organization_name: input.name,
        account_stage_ids: input.stageIds,
        account_label_ids: input.labelIds,
        ...sortingOf(SORTS, input),
        ...pageOf(input),
      }),
      { signal },
    );
    return { accounts: response.accounts.map(toAccount), pagination: toPagination(response.pagination) };
  },
});
