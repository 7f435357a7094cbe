/**
 * The GraphQL operations we send to Linear, one document each, selecting exactly what our tools
 * and memories use. Connection sizes are kept small on nested lists (labels, comments) because
 * Linear charges query complexity per requested node.
 */
import type { GraphqlOperation } from "./graphql.js";

const ISSUE_FIELDS = `
  id identifier title description priority priorityLabel estimate url
  createdAt updatedAt completedAt canceledAt archivedAt dueDate
  state { id name type }
  team { id key name }
  assignee { id name email }
  creator { id name }
  project { id name }
  cycle { id number name }
  labels(first: 10) { nodes { id name } }
  parent { id identifier title }
`;

/** The kind is read from the document itself, so a mutation can never be marked retryable by mistake. */
const op = (name: string, document: string): GraphqlOperation => {
  const flat = document.replace(/\s+/g, " ").trim();
  const kind = /^(query|mutation) /.exec(flat)?.[1];
  if (kind !== "query" && kind !== "mutation") throw new Error(`GraphQL operation ${name} must start with "query" or "mutation"`);
  return { name, document: flat, kind };
};

export const ISSUES = op(
  "Issues",
  `query Issues($filter: IssueFilter, $first: Int!, $after: String, $includeArchived: Boolean, $orderBy: PaginationOrderBy, $sort: [IssueSortInput!]) {
    issues(filter: $filter, first: $first, after: $after, includeArchived: $includeArchived, orderBy: $orderBy, sort: $sort) {
      nodes { ${ISSUE_FIELDS} }
      pageInfo { hasNextPage endCursor }
    }
  }`,
);

export const ISSUE = op(
  "Issue",
  `query Issue($id: String!, $comments: Int!) {
    issue(id: $id) {
      ${ISSUE_FIELDS}
      comments(first: $comments) { nodes { id body createdAt url user { id name } } }
    }
  }`,
);

export const ISSUE_CREATE = op(
  "IssueCreate",
  `mutation IssueCreate($input: IssueCreateInput!) {
    issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } }
  }`,
);

export const ISSUE_UPDATE = op(
  "IssueUpdate",
  `mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {
    issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } }
  }`,
);

export const COMMENT_CREATE = op(
  "CommentCreate",
  `mutation CommentCreate($input: CommentCreateInput!) {
    commentCreate(input: $input) {
      success
      comment { id body createdAt url user { id name } issue { id identifier } }
    }
  }`,
);

export const TEAMS = op(
  "Teams",
  `query Teams($first: Int!, $after: String) {
    teams(first: $first, after: $after) {
      nodes { id key name description }
      pageInfo { hasNextPage endCursor }
    }
  }`,
);

export const WORKFLOW_STATES = op(
  "WorkflowStates",
  `query WorkflowStates($filter: WorkflowStateFilter, $first: Int!, $after: String) {
    workflowStates(filter: $filter, first: $first, after: $after) {
      nodes { id name type position team { id key } }
      pageInfo { hasNextPage endCursor }
    }
  }`,
);

export const PROJECTS = op(
  "Projects",
  `query Projects($filter: ProjectFilter, $first: Int!, $after: String) {
    projects(filter: $filter, first: $first, after: $after) {
      nodes {
        id name description url progress startDate targetDate updatedAt
        status { name type }
        lead { id name }
        teams(first: 5) { nodes { id key } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`,
);
