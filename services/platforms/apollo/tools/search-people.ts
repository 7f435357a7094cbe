import { z } from "zod";
import { paginationOutSchema, prospectSchema, toPagination, toProspect } from "../types/normalized.js";
import { defineApolloTool } from "./define.js";
import { defined, employeeRanges, pageOf, searchInput, textList } from "./shared.js";

const SENIORITIES = ["owner", "founder", "c_suite", "partner", "vp", "head", "director", "manager", "senior", "entry", "intern"] as const;

export const searchPeople = defineApolloTool({
  name: "apollo_search_people",
  title: "Search Apollo's people database",
  description:
    "Find prospects in Apollo's database of people (not your own contacts: use apollo_search_contacts for those) " +
    "by job title, seniority, location, keywords and their company's domain, location or headcount. Costs no credits, " +
    "but Apollo masks last names and shows no emails or phone numbers here: reveal one with apollo_match_people (spends " +
    "credits). Paginated with page / perPage (at most 100 per page); Apollo shows at most 50,000 records of any search " +
    "(500 pages of 100), so `reachableEntries` can be lower than `totalEntries`: narrow the filters to see the rest.",
  toolset: "prospecting",
  input: searchInput({
    keywords: z.string().min(1).max(200).optional(),
    titles: textList("job titles, e.g. [\"VP Sales\", \"Head of Revenue\"]"),
    includeSimilarTitles: z.boolean().optional(),
    seniorities: z.array(z.enum(SENIORITIES)).min(1).optional(),
    personLocations: textList("where the people live: cities, US states, countries"),
    organizationDomains: textList("their employers' domains, e.g. [\"acme.com\"]"),
    organizationIds: textList("Apollo organization ids (apollo_search_organizations)"),
    organizationLocations: textList("their employers' headquarters locations"),
    employeeRanges,
  }),
  output: z.object({ people: z.array(prospectSchema), pagination: paginationOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.searchPeople(
      defined({
        q_keywords: input.keywords,
        person_titles: input.titles,
        include_similar_titles: input.includeSimilarTitles,
        person_seniorities: input.seniorities,
        person_locations: input.personLocations,
        q_organization_domains_list: input.organizationDomains,
        organization_ids: input.organizationIds,
        organization_locations: input.organizationLocations,
        organization_num_employees_ranges: input.employeeRanges,
        ...pageOf(input),
      }),
      { signal },
    );
    return {
      people: response.people.map(toProspect),
      pagination: toPagination({
        page: input.page,
        per_page: input.perPage,
        total_entries: response.total_entries,
        total_pages: Math.ceil(response.total_entries / input.perPage),
      }),
    };
  },
});
