import { z } from "zod";
import { defineTool } from "../../../runtime/contract.js";
import type { AirbyteApi, ListRequest } from "../api/index.js";
import { MAX_PAGE_SIZE, nextOffset } from "../api/index.js";

/** defineTool bound to the Airbyte client, so every tool's handler sees `ctx.api: AirbyteApi`. */
export const defineAirbyteTool = defineTool<AirbyteApi>();

/** The API's limit/offset paging, as every list tool takes it. */
export const pageInput = {
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  offset: z.number().int().min(0).default(0).describe("`nextOffset` of the previous page"),
};

export const workspaceInput = z
  .string()
  .min(1)
  .optional()
  .describe("workspace id; default: the configured workspace (AIRBYTE_WORKSPACE_ID), else every workspace the application can see");

/** The input of the lists of one workspace's objects (sources, destinations, connections). */
export const workspaceListInput = z.object({ workspaceId: workspaceInput, ...pageInput, includeDeleted: z.boolean().default(false) });

/** Its request: the workspace given, else the configured one, else every workspace the application sees. */
export function workspaceListRequest(input: z.infer<typeof workspaceListInput>, api: AirbyteApi): ListRequest {
  const workspaceId = input.workspaceId ?? api.workspaceId;
  return { limit: input.limit, offset: input.offset, ...(workspaceId ? { workspaceId } : {}), ...(input.includeDeleted ? { includeDeleted: true } : {}) };
}

/** A list tool's `nextOffset`, present only when there is a next page. */
export function nextPageOf(page: Parameters<typeof nextOffset>[0], offset: number): { nextOffset?: number } {
  const next = nextOffset(page, offset);
  return next === undefined ? {} : { nextOffset: next };
}

/** An id as Airbyte writes them (UUIDs); also keeps path segments plain. */
export const idInput = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, `a ${what} id is a UUID`)
    .describe(`${what} id (a UUID)`);

export const jobIdInput = z.number().int().positive().describe("job id (a number), as airbyte_trigger_sync or airbyte_list_jobs returned it");
