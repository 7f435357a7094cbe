import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { issueSummarySchema, toIssueSummary } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const createIssue = defineLinearTool({
  name: "linear_create_issue",
  title: "Create a Linear issue",
  description:
    "Create a Linear issue in a team (team id from linear_list_teams; defaults to the server's configured " +
    "team). Optionally set description (Markdown), priority, assignee, workflow state " +
    "(linear_list_workflow_states), project (linear_list_projects), labels, parent issue, due date and " +
    "estimate. Each call creates a new issue: search first to avoid duplicates.",
  toolset: "issues",
  input: z.object({
    teamId: z.string().min(1).optional(),
    title: z.string().min(1).max(255),
    description: z.string().max(100_000).optional(),
    priority: z.number().int().min(0).max(4).optional().describe("0 none, 1 urgent, 2 high, 3 medium, 4 low"),
    assigneeId: z.string().min(1).optional(),
    stateId: z.string().min(1).optional(),
    projectId: z.string().min(1).optional(),
    labelIds: z.array(z.string().min(1)).max(20).optional(),
    parentId: z.string().min(1).optional().describe("id of the parent issue, for a sub-issue"),
    dueDate: z.iso.date().optional(),
    estimate: z.number().int().min(0).optional(),
  }),
  output: z.object({ issue: issueSummarySchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const teamId = input.teamId ?? api.defaultTeamId;
    if (!teamId) {
      throw new UpstreamError("linear", 400, false, "no team given and LINEAR_TEAM_ID is not set: pass teamId (see linear_list_teams)");
    }
    const issue = await api.createIssue({ ...input, teamId }, signal);
    return { issue: toIssueSummary(issue) };
  },
});
