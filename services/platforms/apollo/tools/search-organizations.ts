import { z } from "zod";
import { organizationOutSchema, paginationOutSchema, toOrganization, toPagination } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, employeeRanges, pageOf, searchInput, textList } from "./shared.js";

export const searchOrganizations = defineApolloTool({
  name: "apollo_search_organizations",
  title: "Search Apollo's company database",
  description:
    "Find companies in Apollo's database by name, industry keywords, domain, headquarters location and headcount; " +
    "SPENDS CREDITS: Apollo charges 1 credit for every page this returns (up to 100 companies per page). Ask for " +
    "what you need in as few pages as possible. Paginated with page / perPage; Apollo shows at most 50,000 records of " +
    "any search (500 pages of 100), so `reachableEntries` can be lower than `totalEntries`.",
  toolset: "prospecting",
  input: searchInput({
    name: z.string().min(1).max(200).optional().describe("part of the company name"),
    keywordTags: textList("industry / keyword tags, e.g. [\"fintech\", \"logistics\"]"),
    domains: textList("company domains, e.g. [\"acme.com\"]"),
    organizationIds: textList("Apollo organization ids"),
    locations: textList("headquarters locations: cities, US states, countries"),
    notLocations: textList("headquarters locations to exclude"),
    employeeRanges,
  }),
  output: z.object({ organizations: z.array(organizationOutSchema), pagination: paginationOutSchema, estimatedCredits: z.number().int().describe("Apollo's documented price of this call: 1 credit per page") }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchOrganizations(
      defined({
        q_organization_name: input.name,
        q_organization_keyword_tags: input.keywordTags,
        q_organization_domains_list: input.domains,
        organization_ids: input.organizationIds,
        organization_locations: input.locations,
        organization_not_locations: input.notLocations,
        organization_num_employees_ranges: input.employeeRanges,
        ...pageOf(input),
      }),
      { signal },
    );
    return { organizations: response.organizations.map(toOrganization), pagination: toPagination(response.pagination), estimatedCredits: 1 };
  },
});
