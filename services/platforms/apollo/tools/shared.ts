/** Input pieces and rules the Apollo tools share. */
import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { MAX_PAGE, MAX_PER_PAGE, SEARCH_DISPLAY_LIMIT } from "../types/normalized.js";

export const idList = (what: string, max = 100) => z.array(z.string().min(1)).min(1).max(max).describe(what);
export const textList = (what: string) => z.array(z.string().min(1).max(200)).min(1).max(50).optional().describe(what);

export const employeeRanges = z
  .array(z.string().regex(/^\d+,\d+$/, 'a range "min,max", e.g. "11,50"'))
  .min(1)
  .max(20)
  .optional()
  .describe('company headcount ranges as "min,max", e.g. ["1,10", "11,50", "51,200"]');

export const paging = {
  page: z.number().int().min(1).max(MAX_PAGE).default(1).describe(`page number, 1 to ${MAX_PAGE}`),
  perPage: z.number().int().min(1).max(MAX_PER_PAGE).default(25).describe(`results per page, at most ${MAX_PER_PAGE}`),
};

interface Paged {
  readonly page: number;
  readonly perPage: number;
}

/** Apollo shows at most 50,000 records of any search: page * perPage must stay within them. */
export function withinDisplayLimit(input: Paged): boolean {
  return (input.page - 1) * input.perPage < SEARCH_DISPLAY_LIMIT;
}
export const DISPLAY_LIMIT_MESSAGE = `Apollo shows at most ${SEARCH_DISPLAY_LIMIT.toLocaleString("en-US")} records of a search (${MAX_PAGE} pages of ${MAX_PER_PAGE}): narrow the filters instead of paging further`;

/** A search tool's input: its filters, then page / perPage, refused past the display limit. */
export function searchInput<Filters extends z.ZodRawShape>(filters: Filters) {
  // the generic Filters keeps zod from seeing page / perPage in the inferred input: the shape has them
  return z.object({ ...filters, ...paging }).refine((input) => withinDisplayLimit(input as Paged), DISPLAY_LIMIT_MESSAGE);
}

/** Apollo's page / per_page for a search input. */
export function pageOf(input: Paged): { page: number; per_page: number } {
  return { page: input.page, per_page: input.perPage };
}

/** sortBy: one of the names of `sorts`, which maps each to Apollo's sort_by_field. */
export function sortByInput<Name extends string>(sorts: Readonly<Record<Name, string>>) {
  return z.enum(Object.keys(sorts) as [Name, ...Name[]]).optional();
}

/** Apollo's sort_by_field and sort_ascending for sortBy / sortAscending (a direction only with a field). */
export function sortingOf<Name extends string>(sorts: Readonly<Record<Name, string>>, input: { sortBy?: Name; sortAscending?: boolean }) {
  return input.sortBy === undefined ? {} : { sort_by_field: sorts[input.sortBy], sort_ascending: input.sortAscending };
}

/** A refusal before anything is sent (over budget, nothing to do): the runtime's typed error, status 400. */
export function refuse(message: string): never {
  throw new UpstreamError("apollo", 400, false, message);
}

/** Only the fields the caller gave, in Apollo's names. */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
