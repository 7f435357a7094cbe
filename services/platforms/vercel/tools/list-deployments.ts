import { z } from "zod";
import { deploymentSchema, fromListed } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { limitInput, nextCursorOf, untilInput } from "./inputs.js";

const STATES = ["QUEUED", "INITIALIZING", "BUILDING", "READY", "ERROR", "CANCELED", "BLOCKED"] as const;

export const listDeployments = defineVercelTool({
  name: "vercel_list_deployments",
  title: "List Vercel deployments",
  description:
    "List Vercel deployments, newest first: of one project or all, optionally only production or preview, " +
    "in given states (e.g. ERROR to find failed builds), from a Git branch or commit, or created since a time. " +
    "Each has its state, URL, who started it, branch, commit and message, and the error when it failed. " +
    "Returns `nextCursor` when there are more (pass it back as `until`). Use vercel_get_deployment_build_logs " +
    "to see why one failed.",
  toolset: "deployments",
  input: z.object({
    project: z.string().min(1).max(200).optional().describe("project id (prj_...) or name; omit for every project"),
    target: z.enum(["production", "preview"]).optional(),
    states: z.array(z.enum(STATES)).min(1).max(STATES.length).optional(),
    branch: z.string().min(1).max(250).optional().describe("Git branch the deployment was built from"),
    sha: z.string().regex(/^[0-9a-f]{7,40}$/i).optional().describe("Git commit SHA"),
    since: z.iso.datetime({ offset: true }).optional().describe("only deployments created after this time"),
    limit: limitInput(20),
    until: untilInput,
  }),
  output: z.object({ deployments: z.array(deploymentSchema), nextCursor: z.number().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listDeployments(
      {
        limit: input.limit,
        projectId: input.project,
        target: input.target,
        state: input.states?.join(","),
        branch: input.branch,
        sha: input.sha,
        since: input.since === undefined ? undefined : Date.parse(input.since),
        until: input.until,
      },
      signal,
    );
    const nextCursor = nextCursorOf(page.pagination.next);
    return { deployments: page.deployments.map(fromListed), ...(nextCursor === undefined ? {} : { nextCursor }) };
  },
});
