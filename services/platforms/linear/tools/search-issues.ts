import { z } from "zod";
import type { IssueFilter } from "../api/index.js";
import { issueSummarySchema, toIssueSummary } from "../types/normalized.js";
import { defineLinearTool } from "./define.js";

const STATE_TYPES = ["triage", "backlog", "unstarted", "started", "completed", "canceled"] as const;

const input = z.object({
  query: z.string().min(1).max(200).optional().describe("words to find in the title, description or comments"),
  team: z.string().min(1).optional().describe("team key (e.g. ENG) or team id"),
  stateTypes: z.array(z.enum(STATE_TYPES)).max(6).optional(),
  stateName: z.string().min(1).optional().describe('workflow state name, e.g. "In Review"'),
  assignee: z.string().min(1).optional().describe('assignee email or user id; "me" for the key\'s owner'),
  projectId: z.string().min(1).optional(),
  label: z.string().min(1).optional().describe("label name"),
  priority: z.number().int().min(0).max(4).optional().describe("0 none, 1 urgent, 2 high, 3 medium, 4 low"),
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
  includeArchived: z.boolean().default(false),
  limit: z.number().int().min(1).max(50).default(20),
  after: z.string().min(1).optional().describe("`nextCursor` of the previous page"),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our flat search options as Linear's IssueFilter (fields ANDed). */
export function issueFilter(options: z.infer<typeof input>): IssueFilter | undefined {
  const filter: Record<string, unknown> = {};
  if (options.query) filter.searchableContent = { contains: options.query };
  if (options.team) filter.team = UUID.test(options.team) ? { id: { eq: options.team } } : { key: { eqIgnoreCase: options.team } };
  const state: Record<string, unknown> = {};
  if (options.stateTypes && options.stateTypes.length > 0) state.type = { in: options.stateTypes };
  if (options.stateName) state.name = { eqIgnoreCase: options.stateName };
  if (Object.keys(state).length > 0) filter.state = state;
  if (options.assignee) {
    filter.assignee =
      options.assignee === "me"
        ? { isMe: { eq: true } }
        : options.assignee.includes("@")
          ? { email: { eqIgnoreCase: options.assignee } }
          : { id: { eq: options.assignee } };
  }
  if (options.projectId) filter.project = { id: { eq: options.projectId } };
  if (options.label) filter.labels = { some: { name: { eqIgnoreCase: options.label } } };
  if (options.priority !== undefined) filter.priority = { eq: options.priority };
  if (options.updatedAfter) filter.updatedAt = { gt: options.updatedAfter };
  return Object.keys(filter).length > 0 ? filter : undefined;
}

export const searchIssues = defineLinearTool({
  name: "linear_search_issues",
  title: "Search Linear issues",
  description:
    "Find Linear issues by text and/or filters (team key, state type or name, assignee email or \"me\", " +
    "project, label, priority, updated since), newest activity first. Returns issue summaries with " +
    "identifier (e.g. ENG-123), state, priority, assignee, labels and the start of the description, and " +
    "`nextCursor` when more match. Use linear_get_issue for the full description and comments.",
  toolset: "issues",
  input,
  output: z.object({ issues: z.array(issueSummarySchema), nextCursor: z.string().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(options, { api, signal }) {
    const page = await api.listIssues(
      { filter: issueFilter(options), first: options.limit, after: options.after, includeArchived: options.includeArchived },
      signal,
    );
    return {
      issues: page.nodes.map((issue) => toIssueSummary(issue)),
      nextCursor: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined,
    };
  },
});
