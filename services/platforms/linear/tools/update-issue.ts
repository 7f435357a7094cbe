import { z } from "zod";
import { issueSummarySchema, toIssueSummary } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

const changes = z.object({
  title: z.string().min(1).max(255).optional(),
  description: z.string().max(100_000).optional().describe("replaces the whole description (Markdown)"),
  priority: z.number().int().min(0).max(4).optional().describe("0 none, 1 urgent, 2 high, 3 medium, 4 low"),
  assigneeId: z.string().min(1).nullable().optional().describe("null unassigns"),
  stateId: z.string().min(1).optional().describe("workflow state id (linear_list_workflow_states)"),
  projectId: z.string().min(1).nullable().optional().describe("null removes the issue from its project"),
  labelIds: z.array(z.string().min(1)).max(20).optional().describe("replaces all labels"),
  dueDate: z.iso.date().nullable().optional(),
  estimate: z.number().int().min(0).nullable().optional(),
});

export const updateIssue = defineLinearTool({
  name: "linear_update_issue",
  title: "Update a Linear issue",
  description:
    "Change fields of a Linear issue by identifier (ENG-123) or id: move it to another workflow state, " +
    "reassign or unassign it, change priority, title, description, project, labels, due date or " +
    "estimate. Only the given fields change; they overwrite the previous values. Returns the issue as updated.",
  toolset: "issues",
  input: changes.extend({ id: z.string().min(1) }).refine(
    (input) => Object.keys(input).some((key) => key !== "id" && input[key as keyof typeof input] !== undefined),
    "give at least one field to change",
  ),
  output: z.object({ issue: issueSummarySchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ id, ...fields }, { api, signal }) {
    return { issue: toIssueSummary(await api.updateIssue(id, fields, signal)) };
  },
});
