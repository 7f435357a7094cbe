import { z } from "zod";
import { domainSchema, toDomain } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { limitInput, nextCursorOf, untilInput } from "./inputs.js";

export const listDomains = defineVercelTool({
  name: "vercel_list_domains",
  title: "List Vercel domains",
  description:
    "List the domains registered to the configured Vercel team (or personal account), newest first: whether " +
    "ownership is verified, whether Vercel DNS serves them, current and intended nameservers, and expiry and " +
    "auto-renewal for domains bought through Vercel. Use vercel_list_project_domains for the domains a project serves.",
  toolset: "domains",
  input: z.object({ limit: limitInput(20), until: untilInput }),
  output: z.object({ domains: z.array(domainSchema), nextCursor: z.number().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listDomains({ limit: input.limit, until: input.until }, signal);
    const nextCursor = nextCursorOf(page.pagination.next);
    return { domains: page.domains.map(toDomain), ...(nextCursor === undefined ? {} : { nextCursor }) };
  },
});
