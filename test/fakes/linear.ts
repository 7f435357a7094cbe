/**
 * Linear's GraphQL API on loopback. Our documents are validated and executed by graphql-js against
 * a subset of Linear's schema written from @linear/sdk's generated types (same type, field, argument
 * and input names), so a misspelled field, a wrong argument type or an undeclared variable fails the
 * way it would against api.linear.app. Data lives in memory: teams, users, workflow states, labels,
 * projects, issues and comments, with Linear's semantics for identifiers, cursors (the last node's
 * id), orderBy/sort, includeArchived and `errors[].extensions` (code, type, userPresentableMessage).
 *
 * Anything it does not expect (bad auth scheme, invalid document, unknown entity in a mutation
 * input) is answered as Linear would and listed in `unexpected`, which tests assert is empty.
 */
import { GraphQLError, buildSchema, execute, parse, validate } from "graphql";
import { DeclaredFake, type FakeAnswer, type FakeRequest, startDeclared } from "../support/loopback.js";

const SDL = `
scalar DateTime
scalar TimelessDate
scalar DateTimeOrDuration
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type User { id: ID! name: String! displayName: String! email: String! }
type Team { id: ID! key: String! name: String! description: String }
type TeamConnection { nodes: [Team!]! pageInfo: PageInfo! }
type WorkflowState { id: ID! name: String! type: String! position: Float! color: String! team: Team! }
type WorkflowStateConnection { nodes: [WorkflowState!]! pageInfo: PageInfo! }
type IssueLabel { id: ID! name: String! color: String! }
type IssueLabelConnection { nodes: [IssueLabel!]! pageInfo: PageInfo! }
type ProjectStatus { id: ID! name: String! type: String! }
type Project { id: ID! name: String! description: String! url: String! progress: Float! startDate: TimelessDate targetDate: TimelessDate updatedAt: DateTime! status: ProjectStatus! lead: User teams(first: Int, after: String): TeamConnection! }
type ProjectConnection { nodes: [Project!]! pageInfo: PageInfo! }
type Cycle { id: ID! number: Float! name: String }
type Comment { id: ID! body: String! createdAt: DateTime! updatedAt: DateTime! url: String! user: User issue: Issue }
type CommentConnection { nodes: [Comment!]! pageInfo: PageInfo! }
type Issue { id: ID! identifier: String! number: Float! title: String! description: String priority: Float! priorityLabel: String! estimate: Float url: String! createdAt: DateTime! updatedAt: DateTime! completedAt: DateTime canceledAt: DateTime archivedAt: DateTime dueDate: TimelessDate state: WorkflowState! team: Team! assignee: User creator: User project: Project cycle: Cycle parent: Issue labels(first: Int, after: String): IssueLabelConnection! comments(first: Int, after: String): CommentConnection! }
type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }
type IssuePayload { lastSyncId: Float! success: Boolean! issue: Issue }
type CommentPayload { lastSyncId: Float! success: Boolean! comment: Comment }
input StringComparator { eq: String neq: String in: [String!] nin: [String!] eqIgnoreCase: String neqIgnoreCase: String contains: String containsIgnoreCase: String startsWith: String }
input IDComparator { eq: ID neq: ID in: [ID!] nin: [ID!] }
input ContentComparator { contains: String notContains: String }
input DateComparator { eq: DateTimeOrDuration gt: DateTimeOrDuration gte: DateTimeOrDuration lt: DateTimeOrDuration lte: DateTimeOrDuration }
input NullableNumberComparator { eq: Float neq: Float gt: Float gte: Float lt: Float lte: Float in: [Float!] null: Boolean }
input BooleanComparator { eq: Boolean neq: Boolean }
input TeamFilter { id: IDComparator key: StringComparator name: StringComparator and: [TeamFilter!] or: [TeamFilter!] }
input TeamCollectionFilter { some: TeamFilter every: TeamFilter }
input WorkflowStateFilter { id: IDComparator name: StringComparator type: StringComparator team: TeamFilter and: [WorkflowStateFilter!] or: [WorkflowStateFilter!] }
input NullableUserFilter { id: IDComparator email: StringComparator name: StringComparator isMe: BooleanComparator null: Boolean }
input NullableProjectFilter { id: IDComparator name: StringComparator null: Boolean }
input IssueLabelFilter { id: IDComparator name: StringComparator }
input IssueLabelCollectionFilter { some: IssueLabelFilter every: IssueLabelFilter }
input IssueFilter { id: IDComparator title: StringComparator searchableContent: ContentComparator team: TeamFilter state: WorkflowStateFilter assignee: NullableUserFilter project: NullableProjectFilter labels: IssueLabelCollectionFilter priority: NullableNumberComparator updatedAt: DateComparator createdAt: DateComparator and: [IssueFilter!] or: [IssueFilter!] }
input ProjectStatusFilter { name: StringComparator type: StringComparator }
input ProjectFilter { name: StringComparator status: ProjectStatusFilter accessibleTeams: TeamCollectionFilter updatedAt: DateComparator and: [ProjectFilter!] or: [ProjectFilter!] }
enum PaginationOrderBy { createdAt updatedAt }
enum PaginationSortOrder { Ascending Descending }
enum PaginationNulls { first last }
input UpdatedAtSort { nulls: PaginationNulls order: PaginationSortOrder }
input CreatedAtSort { nulls: PaginationNulls order: PaginationSortOrder }
input IssueSortInput { updatedAt: UpdatedAtSort createdAt: CreatedAtSort }
input IssueCreateInput { teamId: String! title: String description: String priority: Int assigneeId: String stateId: String projectId: String labelIds: [String!] parentId: String dueDate: TimelessDate estimate: Int cycleId: String }
input IssueUpdateInput { title: String description: String priority: Int assigneeId: String stateId: String projectId: String labelIds: [String!] parentId: String dueDate: TimelessDate estimate: Int teamId: String cycleId: String }
input CommentCreateInput { issueId: String body: String parentId: String }
type Query {
  issues(filter: IssueFilter, first: Int, after: String, before: String, last: Int, includeArchived: Boolean, orderBy: PaginationOrderBy, sort: [IssueSortInput!]): IssueConnection!
  issue(id: String!): Issue!
  teams(filter: TeamFilter, first: Int, after: String, includeArchived: Boolean, orderBy: PaginationOrderBy): TeamConnection!
  workflowStates(filter: WorkflowStateFilter, first: Int, after: String, includeArchived: Boolean, orderBy: PaginationOrderBy): WorkflowStateConnection!
  projects(filter: ProjectFilter, first: Int, after: String, includeArchived: Boolean, orderBy: PaginationOrderBy): ProjectConnection!
}
type Mutation {
  issueCreate(input: IssueCreateInput!): IssuePayload!
  issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
  commentCreate(input: CommentCreateInput!): CommentPayload!
}`;
const SCHEMA = buildSchema(SDL);

export interface FakeUser { id: string; name: string; email: string }
export interface FakeTeam { id: string; key: string; name: string; description: string | null }
export interface FakeState { id: string; name: string; type: string; position: number; teamId: string }
export interface FakeProject { id: string; name: string; description: string; status: { name: string; type: string }; progress: number; leadId: string | null; teamIds: string[]; targetDate: string | null; updatedAt: string }
export interface FakeIssue {
  id: string; number: number; teamId: string; title: string; description: string | null; priority: number; estimate: number | null;
  stateId: string; assigneeId: string | null; creatorId: string | null; projectId: string | null; labelIds: string[]; parentId: string | null;
  dueDate: string | null; createdAt: string; updatedAt: string; archivedAt: string | null;
}
export interface FakeComment { id: string; issueId: string; body: string; userId: string; createdAt: string }
export type InjectedAnswer = FakeAnswer;
export interface RecordedRequest { readonly headers: Readonly<Record<string, string | string[] | undefined>>; readonly body: { query?: string; variables?: Record<string, unknown>; operationName?: string }; status?: number }

/** A request's GraphQL body; one that is not JSON reads as empty, and is reported once, when answered. */
function bodyOf(request: FakeRequest, report?: (problem: string) => void): RecordedRequest["body"] {
  try {
    return JSON.parse(request.body) as RecordedRequest["body"];
  } catch {
    report?.("body is not JSON");
    return {};
  }
}

const PRIORITY_LABELS = ["No priority", "Urgent", "High", "Medium", "Low"];
type Comparator = Record<string, unknown>;

class InputError extends GraphQLError {
  constructor(message: string, presentable: string) {
    super(message, { extensions: { type: "invalid input", code: "INPUT_ERROR", statusCode: 400, userError: true, userPresentableMessage: presentable } });
  }
}

function compare(value: unknown, comparator: Comparator | undefined): boolean {
  if (!comparator) return true;
  const text = typeof value === "string" ? value : value === null || value === undefined ? null : String(value);
  const date = (v: unknown) => (typeof v === "string" ? Date.parse(v) : Number(v));
  return Object.entries(comparator).every(([op, wanted]) => {
    switch (op) {
      case "eq": return value === wanted;
      case "neq": return value !== wanted;
      case "in": return (wanted as unknown[]).includes(value);
      case "nin": return !(wanted as unknown[]).includes(value);
      case "eqIgnoreCase": return text?.toLowerCase() === String(wanted).toLowerCase();
      case "neqIgnoreCase": return text?.toLowerCase() !== String(wanted).toLowerCase();
      case "contains": return text?.includes(String(wanted)) ?? false;
      case "notContains": return !(text?.includes(String(wanted)) ?? false);
      case "containsIgnoreCase": return text?.toLowerCase().includes(String(wanted).toLowerCase()) ?? false;
      case "startsWith": return text?.startsWith(String(wanted)) ?? false;
      case "null": return (value === null || value === undefined) === wanted;
      case "gt": return date(value) > date(wanted);
      case "gte": return date(value) >= date(wanted);
      case "lt": return date(value) < date(wanted);
      case "lte": return date(value) <= date(wanted);
      default: throw new Error(`comparator ${op} not modelled`);
    }
  });
}

/** Linear's one endpoint, POST /graphql, declared on the fake toolkit (test/support/loopback.ts). */
export class LinearFake {
  readonly acceptedAuthorization = new Set<string>();
  viewerId = "";
  users: FakeUser[] = [];
  teams: FakeTeam[] = [];
  states: FakeState[] = [];
  labels: { id: string; name: string }[] = [];
  projects: FakeProject[] = [];
  issues: FakeIssue[] = [];
  comments: FakeComment[] = [];
  private sequence = 1;
  private clockMs = Date.parse("2026-11-01T00:00:00.000Z");

  private constructor(private readonly http: DeclaredFake) {}

  static async start(authorization = "lin_api_test"): Promise<LinearFake> {
    const fake = await startDeclared<LinearFake>(
      (self) => ({
        contentType: "application/json; charset=utf-8",
        headers: { "x-ratelimit-requests-limit": "5000", "x-ratelimit-requests-remaining": "4999" },
        errorBody: (rejection) => ({ errors: [{ message: rejection.message }] }),
        routes: [{ method: "POST", path: "/graphql", handle: (r) => self().graphql(r) }],
      }),
      (http) => new LinearFake(http),
    );
    fake.acceptedAuthorization.add(authorization);
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  /** every request, its GraphQL body parsed, with the status it was answered */
  get requests(): RecordedRequest[] {
    return this.http.requests.map((request) => ({ headers: request.headers, body: bodyOf(request), ...(request.status === undefined ? {} : { status: request.status }) }));
  }

  /** what Linear would refuse or we should not send: a bad path, content type or document */
  get unexpected(): string[] {
    return this.http.unexpected;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Answers the next request (after letting `skip` through) with this instead of executing it. */
  failNext(answer: InjectedAnswer, skip = 0): void {
    this.http.failNext({ body: {}, ...answer }, undefined, skip);
  }

  /** A strictly increasing ISO timestamp for changes made through the API. */
  tick(): string {
    this.clockMs += 1000;
    return new Date(this.clockMs).toISOString();
  }

  id(prefix: string): string {
    return `${prefix}-${String(this.sequence++).padStart(4, "0")}-0000-4000-8000-000000000000`;
  }

  addIssue(fields: Partial<FakeIssue> & { teamId: string; title: string }): FakeIssue {
    const team = this.teams.find((t) => t.id === fields.teamId) ?? this.fail(`no team ${fields.teamId}`);
    const number = this.issues.filter((i) => i.teamId === team.id).length + 1;
    const at = fields.createdAt ?? this.tick();
    const firstState = this.states.filter((s) => s.teamId === team.id).sort((a, b) => a.position - b.position)[0];
    const issue: FakeIssue = {
      id: this.id("iss"), number, description: null, priority: 0, estimate: null, stateId: firstState?.id ?? "", assigneeId: null,
      creatorId: this.viewerId || null, projectId: null, labelIds: [], parentId: null, dueDate: null, createdAt: at, updatedAt: at, archivedAt: null,
      ...fields,
    };
    this.issues.push(issue);
    return issue;
  }

  identifier(issue: FakeIssue): string {
    return `${this.teams.find((t) => t.id === issue.teamId)?.key ?? "?"}-${issue.number}`;
  }

  private fail(message: string): never {
    throw new Error(message);
  }

  private async graphql(request: FakeRequest): Promise<FakeAnswer> {
    const answer = (status: number, body: unknown): FakeAnswer => ({ status, body });
    const expect = (ok: boolean, problem: string) => {
      if (!ok) this.unexpected.push(problem);
      return ok;
    };
    const body = bodyOf(request, (problem) => this.unexpected.push(problem));
    if (!expect(String(request.headers["content-type"]).startsWith("application/json"), "content-type is not JSON")) return answer(400, { errors: [{ message: "bad content-type" }] });
    if (!this.acceptedAuthorization.has(String(request.headers.authorization))) {
      return answer(400, { errors: [{ message: "Authentication required, not authenticated", extensions: { type: "authentication error", code: "AUTHENTICATION_ERROR", statusCode: 401, userError: true, userPresentableMessage: "You need to authenticate to access this operation." } }] });
    }
    let document;
    try {
      document = parse(body.query ?? "");
    } catch (error) {
      this.unexpected.push(`unparsable document: ${String(error)}`);
      return answer(400, { errors: [{ message: String(error), extensions: { code: "GRAPHQL_PARSE_FAILED", type: "graphql error" } }] });
    }
    const invalid = validate(SCHEMA, document);
    if (invalid.length > 0) {
      this.unexpected.push(...invalid.map((error) => `invalid document: ${error.message}`));
      return answer(400, { errors: invalid.map((error) => ({ message: error.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED", type: "graphql error" } })) });
    }
    const result = await execute({ schema: SCHEMA, document, rootValue: this.root(), variableValues: body.variables ?? {}, operationName: body.operationName });
    for (const error of result.errors ?? []) {
      if (error.extensions.code !== "INPUT_ERROR") this.unexpected.push(`execution error: ${error.message}`);
    }
    return answer(200, { data: result.errors ? (result.data ?? null) : result.data, ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) } : {}) });
  }

  private page<T extends { id: string }>(all: readonly T[], args: { first?: number | null; after?: string | null }): { nodes: T[]; pageInfo: Record<string, unknown> } {
    const start = args.after ? all.findIndex((node) => node.id === args.after) + 1 : 0;
    if (args.after && start === 0) throw new InputError("cursor not found", "Invalid cursor.");
    const first = args.first ?? 50;
    const nodes = all.slice(start, start + first);
    return {
      nodes,
      pageInfo: { hasNextPage: start + first < all.length, hasPreviousPage: start > 0, startCursor: nodes[0]?.id ?? null, endCursor: nodes.at(-1)?.id ?? null },
    };
  }

  private teamMatches = (team: FakeTeam | undefined, filter: Comparator | undefined): boolean =>
    !filter || (team !== undefined && compare(team.id, filter.id as Comparator) && compare(team.key, filter.key as Comparator) && compare(team.name, filter.name as Comparator));

  private issueMatches(issue: FakeIssue, filter: Comparator | undefined): boolean {
    if (!filter) return true;
    const state = this.states.find((s) => s.id === issue.stateId);
    const assignee = this.users.find((u) => u.id === issue.assigneeId);
    const project = this.projects.find((p) => p.id === issue.projectId);
    const labels = this.labels.filter((l) => issue.labelIds.includes(l.id));
    const f = filter as Record<string, Comparator | undefined>;
    const userFilter = f.assignee;
    const searchable = [issue.title, issue.description ?? "", ...this.comments.filter((c) => c.issueId === issue.id).map((c) => c.body)].join("\n").toLowerCase();
    return (
      compare(issue.id, f.id) && compare(issue.title, f.title) && compare(issue.priority, f.priority) && compare(issue.updatedAt, f.updatedAt) && compare(issue.createdAt, f.createdAt) &&
      (!f.searchableContent || searchable.includes(String(f.searchableContent.contains ?? "").toLowerCase())) &&
      this.teamMatches(this.teams.find((t) => t.id === issue.teamId), f.team) &&
      (!f.state || (state !== undefined && compare(state.id, f.state.id as Comparator) && compare(state.name, f.state.name as Comparator) && compare(state.type, f.state.type as Comparator))) &&
      (!userFilter || (userFilter.null !== undefined ? (assignee === undefined) === userFilter.null : assignee !== undefined && compare(assignee.id, userFilter.id as Comparator) && compare(assignee.email, userFilter.email as Comparator) && compare(assignee.id === this.viewerId, userFilter.isMe as Comparator))) &&
      (!f.project || (project !== undefined && compare(project.id, f.project.id as Comparator))) &&
      (!f.labels?.some || labels.some((l) => compare(l.name, (f.labels?.some as Comparator).name as Comparator) && compare(l.id, (f.labels?.some as Comparator).id as Comparator))) &&
      ((f.and as unknown as Comparator[] | undefined) ?? []).every((sub) => this.issueMatches(issue, sub)) &&
      (!f.or || (f.or as unknown as Comparator[]).some((sub) => this.issueMatches(issue, sub)))
    );
  }

  private userView = (id: string | null) => {
    const user = this.users.find((u) => u.id === id);
    return user ? { ...user, displayName: user.name.split(" ")[0] } : null;
  };
  private teamView = (id: string) => this.teams.find((t) => t.id === id) ?? null;
  private stateView = (state: FakeState) => ({ ...state, color: "#bec2c8", team: this.teamView(state.teamId) });

  private issueView = (issue: FakeIssue): Record<string, unknown> => {
    const state = this.states.find((s) => s.id === issue.stateId);
    return {
      ...issue,
      identifier: this.identifier(issue),
      priorityLabel: PRIORITY_LABELS[issue.priority] ?? "No priority",
      url: `https://linear.app/acme/issue/${this.identifier(issue).toLowerCase()}`,
      completedAt: state?.type === "completed" ? issue.updatedAt : null,
      canceledAt: state?.type === "canceled" ? issue.updatedAt : null,
      state: state ? this.stateView(state) : null,
      team: this.teamView(issue.teamId),
      assignee: this.userView(issue.assigneeId),
      creator: this.userView(issue.creatorId),
      project: issue.projectId ? this.projectView(this.projects.find((p) => p.id === issue.projectId)) : null,
      cycle: null,
      parent: issue.parentId ? this.issueView(this.issues.find((i) => i.id === issue.parentId) ?? this.fail("parent")) : null,
      labels: (args: { first?: number }) => this.page(this.labels.filter((l) => issue.labelIds.includes(l.id)).map((l) => ({ ...l, color: "#000" })), args),
      comments: (args: { first?: number }) =>
        this.page(this.comments.filter((c) => c.issueId === issue.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(this.commentView), args),
    };
  };
  private commentView = (comment: FakeComment): Record<string, unknown> & { id: string } => ({
    ...comment,
    updatedAt: comment.createdAt,
    url: `https://linear.app/acme/issue/x#comment-${comment.id.slice(0, 8)}`,
    user: this.userView(comment.userId),
    issue: () => this.issueView(this.findIssue(comment.issueId)),
  });
  private projectView = (project: FakeProject | undefined) =>
    project
      ? { ...project, url: `https://linear.app/acme/project/${project.id}`, startDate: null, lead: this.userView(project.leadId), status: { id: project.status.type, ...project.status }, teams: (args: { first?: number }) => this.page(this.teams.filter((t) => project.teamIds.includes(t.id)), args) }
      : null;

  private findIssue(idOrIdentifier: string): FakeIssue {
    const issue = this.issues.find((i) => i.id === idOrIdentifier || this.identifier(i) === idOrIdentifier.toUpperCase());
    if (!issue) throw new InputError("Entity not found: Issue", "Could not find referenced Issue.");
    return issue;
  }

  private checkReferences(teamId: string, input: Record<string, unknown>): void {
    if (input.stateId !== undefined && !this.states.some((s) => s.id === input.stateId && s.teamId === teamId)) throw new InputError("Entity not found: WorkflowState", "Could not find referenced workflow state.");
    if (input.assigneeId && !this.users.some((u) => u.id === input.assigneeId)) throw new InputError("Entity not found: User", "Could not find referenced User.");
    if (input.projectId && !this.projects.some((p) => p.id === input.projectId)) throw new InputError("Entity not found: Project", "Could not find referenced Project.");
    for (const label of (input.labelIds as string[] | undefined) ?? []) if (!this.labels.some((l) => l.id === label)) throw new InputError("Entity not found: IssueLabel", "Could not find referenced label.");
  }

  private root(): Record<string, unknown> {
    return {
      issues: (args: { filter?: Comparator; first?: number; after?: string; includeArchived?: boolean; orderBy?: string; sort?: { updatedAt?: { order?: string } }[] }) => {
        const ascending = args.sort?.[0]?.updatedAt?.order === "Ascending";
        const key = args.sort?.[0]?.updatedAt || args.orderBy === "updatedAt" ? "updatedAt" : "createdAt";
        const found = this.issues
          .filter((i) => (args.includeArchived || i.archivedAt === null) && this.issueMatches(i, args.filter))
          .sort((a, b) => (ascending ? 1 : -1) * (a[key].localeCompare(b[key]) || a.id.localeCompare(b.id)));
        const page = this.page(found, args);
        return { ...page, nodes: page.nodes.map(this.issueView) };
      },
      issue: ({ id }: { id: string }) => this.issueView(this.findIssue(id)),
      teams: (args: { first?: number; after?: string }) => this.page(this.teams, args),
      workflowStates: (args: { filter?: Comparator; first?: number; after?: string }) => {
        const found = this.states.filter((s) => !args.filter || this.teamMatches(this.teams.find((t) => t.id === s.teamId), (args.filter as Record<string, Comparator>).team));
        const page = this.page(found, args);
        return { ...page, nodes: page.nodes.map(this.stateView) };
      },
      projects: (args: { filter?: Record<string, Comparator>; first?: number; after?: string }) => {
        const f = args.filter ?? {};
        const found = this.projects.filter(
          (p) => compare(p.name, f.name) && compare(p.status.type, (f.status as Record<string, Comparator> | undefined)?.type) &&
            (!f.accessibleTeams || this.teams.some((t) => p.teamIds.includes(t.id) && this.teamMatches(t, f.accessibleTeams?.some as Comparator))),
        );
        const page = this.page(found, args);
        return { ...page, nodes: page.nodes.map((p) => this.projectView(p)) };
      },
      issueCreate: ({ input }: { input: Record<string, unknown> & { teamId: string; title?: string } }) => {
        if (!this.teams.some((t) => t.id === input.teamId)) throw new InputError("Entity not found: Team", "Could not find referenced Team.");
        this.checkReferences(input.teamId, input);
        const issue = this.addIssue({ ...(input as Partial<FakeIssue>), teamId: input.teamId, title: input.title ?? "", createdAt: this.tick(), creatorId: this.viewerId });
        return { lastSyncId: this.sequence, success: true, issue: this.issueView(issue) };
      },
      issueUpdate: ({ id, input }: { id: string; input: Record<string, unknown> }) => {
        const issue = this.findIssue(id);
        this.checkReferences(issue.teamId, input);
        Object.assign(issue, input, { updatedAt: this.tick() });
        return { lastSyncId: this.sequence, success: true, issue: this.issueView(issue) };
      },
      commentCreate: ({ input }: { input: { issueId?: string; body?: string } }) => {
        const issue = this.findIssue(input.issueId ?? "");
        const comment: FakeComment = { id: this.id("cmt"), issueId: issue.id, body: input.body ?? "", userId: this.viewerId, createdAt: this.tick() };
        this.comments.push(comment);
        issue.updatedAt = comment.createdAt;
        return { lastSyncId: this.sequence, success: true, comment: this.commentView(comment) };
      },
    };
  }
}
