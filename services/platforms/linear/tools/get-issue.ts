import { z } from "zod";
import { issueDetailSchema, toIssueDetail } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const getIssue = defineLinearTool({
  name: "linear_get_issue",
  title: "Get a Linear issue",
  description:
    "Fetch one Linear issue by identifier (e.g. ENG-123) or id, with its full description, state, " +
    "assignee, project, labels, parent and its most recent comments (oldest first). The ids it returns " +
    "(stateId, teamId, assigneeId) are what linear_update_issue takes.",
  toolset: "issues",
  input: z.object({
    id: z.string().min(1).describe('identifier like "ENG-123" or the issue id'),
    comments: z.number().int().min(0).max(50).default(20).describe("how many comments to include"),
  }),
  output: z.object({ issue: issueDetailSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { issue: toIssueDetail(await api.getIssue(input.id, input.comments, signal)) };
  },
});
