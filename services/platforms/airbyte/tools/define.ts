import { z } from "zod";
import { defineTool } from "../../../runtime/contract.js";
import type { AirbyteApi } from "../api/index.js";
import { MAX_PAGE_SIZE } from "../api/index.js";

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

/** An id as Airbyte writes them (UUIDs); also keeps path segments plain. */
export const idInput = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, `a ${what} id is a UUID`)
    .describe(`${what} id (a UUID)`);

export const jobIdInput = z.number().int().positive().describe("job id (a number), as airbyte_trigger_sync or airbyte_list_jobs returned it");
