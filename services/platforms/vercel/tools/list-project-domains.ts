import { z } from "zod";
import { projectDomainSchema, toProjectDomain } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { limitInput, nextCursorOf, projectInput, projectOf, untilInput } from "./inputs.js";

export const listProjectDomains = defineVercelTool({
  name: "vercel_list_project_domains",
  title: "List a Vercel project's domains",
  description:
    "List the domains a Vercel project serves: production domains, branch (preview) domains with their Git " +
    "branch, and redirects with their target and status code, each marked verified or not (an unverified " +
    "domain is not used until its DNS or ownership is fixed). `production: true` keeps production domains only.",
  toolset: "domains",
  input: z.object({ project: projectInput, production: z.boolean().optional(), limit: limitInput(20), until: untilInput }),
  output: z.object({ project: z.string(), domains: z.array(projectDomainSchema), nextCursor: z.number().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const project = projectOf(input.project, api.defaultProject);
    const page = await api.listProjectDomains(project, { limit: input.limit, until: input.until, production: input.production }, signal);
    const nextCursor = nextCursorOf(page.pagination.next);
    return { project, domains: page.domains.map(toProjectDomain), ...(nextCursor === undefined ? {} : { nextCursor }) };
  },
});
