/**
 * The Linear API client: one typed function per GraphQL operation, over the runtime's
 * PlatformHttp (see graphql.ts for why not @linear/sdk's client). Inputs use Linear's own GraphQL
 * input names (IssueCreateInput, IssueFilter...) so they pass through unchanged.
 */
import { type ApiFactoryContext, UpstreamError } from "../../../runtime/contract.js";
import {
  type RawCreatedComment,
  type RawIssue,
  type RawIssueWithComments,
  type RawIssuesData,
  type RawProjectsData,
  type RawTeamsData,
  type RawWorkflowStatesData,
  commentCreateDataSchema,
  issueCreateDataSchema,
  issueDataSchema,
  issueUpdateDataSchema,
  issuesDataSchema,
  projectsDataSchema,
  teamsDataSchema,
  workflowStatesDataSchema,
} from "../types/raw.js";
import { COMMENT_CREATE, ISSUE, ISSUES, ISSUE_CREATE, ISSUE_UPDATE, PROJECTS, TEAMS, WORKFLOW_STATES } from "./documents.js";
import { type GraphqlRequest, createGraphqlRequest } from "./graphql.js";

/** A subset of Linear's IssueFilter: plain JSON, sent as the `filter` variable. */
export type IssueFilter = Readonly<Record<string, unknown>>;

export interface Page {
  readonly first: number;
  readonly after?: string;
}

export interface IssueListOptions extends Page {
  readonly filter?: IssueFilter;
  readonly includeArchived?: boolean;
  /** oldest change first (syncs) instead of Linear's default order */
  readonly oldestUpdatedFirst?: boolean;
}

/** Fields of Linear's IssueCreateInput that our tools set. */
export interface IssueCreateInput {
  readonly teamId: string;
  readonly title: string;
  readonly description?: string;
  readonly priority?: number;
  readonly assigneeId?: string;
  readonly stateId?: string;
  readonly projectId?: string;
  readonly labelIds?: readonly string[];
  readonly parentId?: string;
  readonly dueDate?: string;
  readonly estimate?: number;
}

/** Fields of Linear's IssueUpdateInput that our tools set; null clears a relation (e.g. unassign). */
export interface IssueUpdateInput {
  readonly title?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly assigneeId?: string | null;
  readonly stateId?: string;
  readonly projectId?: string | null;
  readonly labelIds?: readonly string[];
  readonly dueDate?: string | null;
  readonly estimate?: number | null;
}

export interface LinearApi {
  /** LINEAR_TEAM_ID: the team new issues go to when the caller names none */
  readonly defaultTeamId: string | undefined;
  listIssues(options: IssueListOptions, signal?: AbortSignal): Promise<RawIssuesData["issues"]>;
  /** by UUID or identifier ("ENG-123") */
  getIssue(id: string, commentCount: number, signal?: AbortSignal): Promise<RawIssueWithComments>;
  createIssue(input: IssueCreateInput, signal?: AbortSignal): Promise<RawIssue>;
  updateIssue(id: string, input: IssueUpdateInput, signal?: AbortSignal): Promise<RawIssue>;
  createComment(input: { issueId: string; body: string }, signal?: AbortSignal): Promise<RawCreatedComment>;
  listTeams(page: Page, signal?: AbortSignal): Promise<RawTeamsData["teams"]>;
  listWorkflowStates(options: Page & { teamId?: string }, signal?: AbortSignal): Promise<RawWorkflowStatesData["workflowStates"]>;
  listProjects(options: Page & { filter?: Readonly<Record<string, unknown>> }, signal?: AbortSignal): Promise<RawProjectsData["projects"]>;
}

/** A mutation that answers `success: false` without errors[] did nothing; say so rather than return null. */
function succeeded<T>(operation: string, result: { success: boolean }, value: T | null): T {
  if (!result.success || value === null) {
    throw new UpstreamError("linear", 502, false, `Linear ${operation}: the change was not applied`, "success=false");
  }
  return value;
}

export function createApi({ http, credentials }: ApiFactoryContext): LinearApi {
  const request: GraphqlRequest = createGraphqlRequest(http);
  return {
    defaultTeamId: credentials.LINEAR_TEAM_ID,

    listIssues: async (options, signal) => {
      const data = await request(
        ISSUES,
        {
          filter: options.filter,
          first: options.first,
          after: options.after,
          includeArchived: options.includeArchived ?? false,
          // syncs read oldest change first; everything else newest activity first
          orderBy: options.oldestUpdatedFirst ? undefined : "updatedAt",
          sort: options.oldestUpdatedFirst ? [{ updatedAt: { order: "Ascending" } }] : undefined,
        },
        issuesDataSchema,
        signal,
      );
      return data.issues;
    },

    getIssue: async (id, commentCount, signal) =>
      (await request(ISSUE, { id, comments: commentCount }, issueDataSchema, signal)).issue,

    createIssue: async (input, signal) => {
      const { issueCreate } = await request(ISSUE_CREATE, { input }, issueCreateDataSchema, signal);
      return succeeded("IssueCreate", issueCreate, issueCreate.issue);
    },

    updateIssue: async (id, input, signal) => {
      const { issueUpdate } = await request(ISSUE_UPDATE, { id, input }, issueUpdateDataSchema, signal);
      return succeeded("IssueUpdate", issueUpdate, issueUpdate.issue);
    },

    createComment: async (input, signal) => {
      const { commentCreate } = await request(COMMENT_CREATE, { input }, commentCreateDataSchema, signal);
      return succeeded("CommentCreate", commentCreate, commentCreate.comment);
    },

    listTeams: async (page, signal) => (await request(TEAMS, { first: page.first, after: page.after }, teamsDataSchema, signal)).teams,

    listWorkflowStates: async (options, signal) =>
      (
        await request(
          WORKFLOW_STATES,
          {
            filter: options.teamId ? { team: { id: { eq: options.teamId } } } : undefined,
            first: options.first,
            after: options.after,
          },
          workflowStatesDataSchema,
          signal,
        )
      ).workflowStates,

    listProjects: async (options, signal) =>
      (await request(PROJECTS, { filter: options.filter, first: options.first, after: options.after }, projectsDataSchema, signal))
        .projects,
  };
}
