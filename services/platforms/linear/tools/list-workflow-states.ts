import { z } from "zod";
import { toWorkflowStates, workflowStateSchema } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

export const listWorkflowStates = defineLinearTool({
  name: "linear_list_workflow_states",
  title: "List Linear workflow states",
  description:
    "List the workflow states (e.g. Backlog, Todo, In Progress, Done, Canceled) of one team or of all " +
    "teams, in board order, with their ids and types. Pass a state id to linear_update_issue to move an issue.",
  toolset: "teams",
  input: z.object({
    teamId: z.string().min(1).optional().describe("only this team's states (team id from linear_list_teams)"),
    limit: z.number().int().min(1).max(250).default(100),
    after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
  }),
  output: z.object({ states: z.array(workflowStateSchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listWorkflowStates({ teamId: input.teamId, first: input.limit, after: input.after }, signal);
    return {
      states: toWorkflowStates(page.nodes),
      nextCursor: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined,
    };
  },
});
