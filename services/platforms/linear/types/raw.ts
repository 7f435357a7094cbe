/**
 * The `data` of each Linear GraphQL operation we send, parsed at the boundary. The shapes follow
 * the selections in api/documents.ts (GraphQL returns exactly what was asked for), with nullable
 * relations as the schema declares them.
 */
import { z } from "zod";

export const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

/** One page of a Linear (Relay-style) connection: `nodes` and `pageInfo`. */
const connectionOf = <Node extends z.ZodType>(node: Node) => z.object({ nodes: z.array(node), pageInfo: pageInfoSchema });

const userRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string().nullable().optional() });

export const issueSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  priority: z.number(),
  priorityLabel: z.string(),
  estimate: z.number().nullable(),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  state: z.object({ id: z.string(), name: z.string(), type: z.string() }),
  team: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  assignee: userRefSchema.nullable(),
  creator: userRefSchema.nullable(),
  project: z.object({ id: z.string(), name: z.string() }).nullable(),
  cycle: z.object({ id: z.string(), number: z.number(), name: z.string().nullable() }).nullable(),
  labels: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string() })) }),
  parent: z.object({ id: z.string(), identifier: z.string(), title: z.string() }).nullable(),
});
export type RawIssue = z.infer<typeof issueSchema>;

export const commentSchema = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: z.string(),
  url: z.string().optional(),
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type RawComment = z.infer<typeof commentSchema>;

export const issueWithCommentsSchema = issueSchema.extend({
  comments: z.object({ nodes: z.array(commentSchema) }),
});
export type RawIssueWithComments = z.infer<typeof issueWithCommentsSchema>;

export const issuesDataSchema = z.object({
  issues: connectionOf(issueSchema),
});
export type RawIssuesData = z.infer<typeof issuesDataSchema>;

export const issueDataSchema = z.object({ issue: issueWithCommentsSchema });

export const issueCreateDataSchema = z.object({
  issueCreate: z.object({ success: z.boolean(), issue: issueSchema.nullable() }),
});
export const issueUpdateDataSchema = z.object({
  issueUpdate: z.object({ success: z.boolean(), issue: issueSchema.nullable() }),
});

export const commentCreateDataSchema = z.object({
  commentCreate: z.object({
    success: z.boolean(),
    comment: commentSchema.extend({ issue: z.object({ id: z.string(), identifier: z.string() }).nullable() }).nullable(),
  }),
});
export type RawCreatedComment = NonNullable<z.infer<typeof commentCreateDataSchema>["commentCreate"]["comment"]>;

export const teamsDataSchema = z.object({
  teams: connectionOf(z.object({ id: z.string(), key: z.string(), name: z.string(), description: z.string().nullable() })),
});
export type RawTeamsData = z.infer<typeof teamsDataSchema>;

export const workflowStatesDataSchema = z.object({
  workflowStates: connectionOf(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      position: z.number(),
      team: z.object({ id: z.string(), key: z.string() }).nullable(),
    }),
  ),
});
export type RawWorkflowStatesData = z.infer<typeof workflowStatesDataSchema>;

export const projectsDataSchema = z.object({
  projects: connectionOf(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      url: z.string(),
      progress: z.number(),
      startDate: z.string().nullable(),
      targetDate: z.string().nullable(),
      updatedAt: z.string(),
      status: z.object({ name: z.string(), type: z.string() }),
      lead: z.object({ id: z.string(), name: z.string() }).nullable(),
      teams: z.object({ nodes: z.array(z.object({ id: z.string(), key: z.string() })) }),
    }),
  ),
});
export type RawProjectsData = z.infer<typeof projectsDataSchema>;
