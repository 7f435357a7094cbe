/**
 * What our Linear tools return: issues flattened to the fields a model reasons about (state,
 * assignee and project by name, labels as names, a clipped description in lists), teams, workflow
 * states and projects without bookkeeping fields.
 */
import { z } from "zod";
import type { RawComment, RawIssue, RawIssueWithComments, RawProjectsData, RawWorkflowStatesData } from "./raw.js";

export const LIST_DESCRIPTION_MAX = 280;
export const DETAIL_DESCRIPTION_MAX = 8_000;
export const COMMENT_BODY_MAX = 2_000;

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const issueSummarySchema = z.object({
  id: z.string(),
  identifier: z.string().describe('e.g. "ENG-123"'),
  title: z.string(),
  state: z.string(),
  stateType: z.string().describe("triage, backlog, unstarted, started, completed or canceled"),
  priority: z.string().describe("No priority, Urgent, High, Medium or Low"),
  team: z.string().describe("team key"),
  assignee: z.string().optional(),
  project: z.string().optional(),
  labels: z.array(z.string()),
  estimate: z.number().optional(),
  dueDate: z.string().optional(),
  parent: z.string().optional().describe("identifier of the parent issue"),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
  archived: z.boolean().optional(),
  url: z.string(),
  description: z.string().optional(),
});
export type IssueSummary = z.infer<typeof issueSummarySchema>;

export function toIssueSummary(issue: RawIssue, descriptionMax = LIST_DESCRIPTION_MAX): IssueSummary {
  const summary: IssueSummary = {
    id: issue.id,
    identifier: issue.identifier,
    title: issue.title,
    state: issue.state.name,
    stateType: issue.state.type,
    priority: issue.priorityLabel,
    team: issue.team.key,
    labels: issue.labels.nodes.map((label) => label.name),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    url: issue.url,
  };
  if (issue.assignee) summary.assignee = issue.assignee.name;
  if (issue.project) summary.project = issue.project.name;
  if (issue.estimate !== null) summary.estimate = issue.estimate;
  if (issue.dueDate) summary.dueDate = issue.dueDate;
  if (issue.parent) summary.parent = issue.parent.identifier;
  if (issue.completedAt) summary.completedAt = issue.completedAt;
  if (issue.archivedAt) summary.archived = true;
  if (issue.description) summary.description = clip(issue.description.trim(), descriptionMax);
  return summary;
}

export const commentSummarySchema = z.object({
  id: z.string(),
  author: z.string().optional(),
  createdAt: z.string(),
  body: z.string(),
});
export type CommentSummary = z.infer<typeof commentSummarySchema>;

export function toCommentSummary(comment: RawComment): CommentSummary {
  const summary: CommentSummary = { id: comment.id, createdAt: comment.createdAt, body: clip(comment.body, COMMENT_BODY_MAX) };
  if (comment.user) summary.author = comment.user.name;
  return summary;
}

export const issueDetailSchema = issueSummarySchema.extend({
  assigneeId: z.string().optional(),
  stateId: z.string(),
  teamId: z.string(),
  projectId: z.string().optional(),
  creator: z.string().optional(),
  cycle: z.string().optional(),
  comments: z.array(commentSummarySchema).describe("oldest first"),
});
export type IssueDetail = z.infer<typeof issueDetailSchema>;

export function toIssueDetail(issue: RawIssueWithComments): IssueDetail {
  const detail: IssueDetail = {
    ...toIssueSummary(issue, DETAIL_DESCRIPTION_MAX),
    stateId: issue.state.id,
    teamId: issue.team.id,
    comments: issue.comments.nodes
      .map(toCommentSummary)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  };
  if (issue.assignee) detail.assigneeId = issue.assignee.id;
  if (issue.project) detail.projectId = issue.project.id;
  if (issue.creator) detail.creator = issue.creator.name;
  if (issue.cycle) detail.cycle = issue.cycle.name ?? `Cycle ${issue.cycle.number}`;
  return detail;
}

export const teamSchema = z.object({ id: z.string(), key: z.string(), name: z.string(), description: z.string().optional() });
export type Team = z.infer<typeof teamSchema>;

export const workflowStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  team: z.string().optional().describe("team key"),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

/** Grouped by team, then in the team's board order. */
export function toWorkflowStates(raw: RawWorkflowStatesData["workflowStates"]["nodes"]): WorkflowState[] {
  return [...raw]
    .sort((a, b) => (a.team?.key ?? "").localeCompare(b.team?.key ?? "") || a.position - b.position)
    .map((state) => {
      const result: WorkflowState = { id: state.id, name: state.name, type: state.type };
      if (state.team) result.team = state.team.key;
      return result;
    });
}

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  statusType: z.string().describe("backlog, planned, started, paused, completed or canceled"),
  progress: z.number().describe("0..1"),
  lead: z.string().optional(),
  teams: z.array(z.string()),
  startDate: z.string().optional(),
  targetDate: z.string().optional(),
  updatedAt: z.string(),
  url: z.string(),
  description: z.string().optional(),
});
export type Project = z.infer<typeof projectSchema>;

export function toProject(raw: RawProjectsData["projects"]["nodes"][number]): Project {
  const project: Project = {
    id: raw.id,
    name: raw.name,
    status: raw.status.name,
    statusType: raw.status.type,
    progress: Math.round(raw.progress * 100) / 100,
    teams: raw.teams.nodes.map((team) => team.key),
    updatedAt: raw.updatedAt,
    url: raw.url,
  };
  if (raw.lead) project.lead = raw.lead.name;
  if (raw.startDate) project.startDate = raw.startDate;
  if (raw.targetDate) project.targetDate = raw.targetDate;
  if (raw.description.trim()) project.description = clip(raw.description.trim(), LIST_DESCRIPTION_MAX);
  return project;
}
