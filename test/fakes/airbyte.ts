/**
 * The Airbyte public API (v1) on loopback: workspaces, organizations, sources, destinations,
 * connections and jobs held in memory, served under `/v1` in Airbyte's own shapes (`{data, next,
 * previous}` pages over limit/offset with `next` as an absolute URL, epoch-second `createdAt`,
 * ISO 8601 job durations, `application/problem+json` errors), and the application token endpoint
 * (`POST /v1/applications/token`, client credentials for a 15-minute Bearer token).
 *
 * It checks what we send: the Bearer token (401 for any other, as for an expired one), each
 * route's query parameters (an unknown one, a limit over 100, a malformed date or orderBy is a 400),
 * JSON bodies strictly against the documented request shapes. Anything it does not recognise is
 * answered 400/404 and listed in `unexpected`, which tests assert is empty.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, jsonBody, startDeclared } from "../support/loopback.js";

export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

export interface FakeWorkspace {
  workspaceId: string;
  name: string;
  dataResidency: string;
}
export interface FakeConnector {
  id: string;
  name: string;
  type: string;
  workspaceId: string;
  definitionId: string;
  createdAt: number;
  configuration: Record<string, unknown>;
}
export interface FakeConnection {
  connectionId: string;
  name: string;
  sourceId: string;
  destinationId: string;
  workspaceId: string;
  status: "active" | "inactive" | "deprecated";
  schedule: { scheduleType: string; cronExpression?: string };
  streams: { name: string; syncMode: string }[];
  createdAt: number;
}
export interface FakeJob {
  jobId: number;
  status: string;
  jobType: string;
  connectionId: string;
  startTime: string;
  lastUpdatedAt: string;
  duration?: string;
  bytesSynced?: number;
  rowsSynced?: number;
}

const JOB_STATUSES = ["pending", "queued", "running", "incomplete", "failed", "succeeded", "cancelled"];
const JOB_TYPES = ["sync", "reset", "refresh", "clear"];
const UUID_LIST = /^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/;

const tokenRequestSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  "grant-type": z.literal("client_credentials").optional(),
});
const jobCreateSchema = z.strictObject({ connectionId: z.string().min(1), jobType: z.enum(["sync", "reset"]) });
const connectionPatchSchema = z.strictObject({ status: z.enum(["active", "inactive", "deprecated"]) });

/**
 * Airbyte's problem details: the title is the rejection's code. `expected`: Airbyte itself would
 * answer this (a stale token, a missing object), not a mistake of ours.
 */
function rejection(status: number, title: string, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, title, expected);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class AirbyteFake extends DeclaredPlatformFake {
  readonly workspaces: FakeWorkspace[] = [];
  readonly organizations: { organizationId: string; organizationName: string; email: string }[] = [];
  readonly sources: FakeConnector[] = [];
  readonly destinations: FakeConnector[] = [];
  readonly connections: FakeConnection[] = [];
  readonly jobs: FakeJob[] = [];
  readonly acceptedTokens = new Set<string>();
  /** GET /streams answers, by source id (Airbyte's StreamProperties) */
  readonly sourceStreams = new Map<string, Record<string, unknown>[]>();
  /** how many GET /streams asked Airbyte to discover the source again (ignoreCache=true) */
  discoveries = 0;
  /** tokens the token endpoint issued, in order */
  readonly issuedTokens: string[] = [];
  /** what the token endpoint answers as `expires_in` */
  expiresInSeconds = 900;
  /** what "now" is for jobs the API starts */
  now: () => number = () => Date.now();
  private nextJobId = 9000;

  private constructor(
    http: DeclaredFake,
    readonly application: { readonly clientId: string; readonly clientSecret: string },
  ) {
    super(http);
  }

  static async start(options: { clientId?: string; clientSecret?: string; token?: string } = {}): Promise<AirbyteFake> {
    const application = { clientId: options.clientId ?? "client-id-test", clientSecret: options.clientSecret ?? "client-secret-test" };
    const fake = await startDeclared<AirbyteFake>(
      (self) => ({
        errorContentType: "application/problem+json",
        unknownRouteCode: "not-found",
        errorBody: (rejected) => ({ type: `https://reference.airbyte.com/reference/errors#${rejected.code}`, title: rejected.code, status: rejected.status, detail: rejected.message }),
        authorize: (request) => self().authorize(request),
        routes: [
          { method: "POST", path: "/v1/applications/token", public: true, handle: (r) => self().token(r) },
          { method: "GET", path: "/v1/workspaces", handle: (r) => self().listWorkspaces(r) },
          { method: "GET", path: "/v1/workspaces/:id", handle: (r) => self().getWorkspace(r) },
          { method: "GET", path: "/v1/organizations", handle: (r) => self().listOrganizations(r) },
          { method: "GET", path: "/v1/:kind(sources|destinations)", handle: (r) => self().listConnectors(r) },
          { method: "GET", path: "/v1/:kind(sources|destinations)/:id", handle: (r) => self().getConnector(r) },
          { method: "GET", path: "/v1/streams", handle: (r) => self().listStreams(r) },
          { method: "GET", path: "/v1/connections", handle: (r) => self().listConnections(r) },
          { method: "GET", path: "/v1/connections/:id", handle: (r) => self().connection(r) },
          { method: "PATCH", path: "/v1/connections/:id", handle: (r) => self().connection(r) },
          { method: "GET", path: "/v1/jobs", handle: (r) => self().listJobs(r) },
          { method: "POST", path: "/v1/jobs", handle: (r) => self().createJob(r) },
          { method: "GET", path: "/v1/jobs/:id(\\d+)", handle: (r) => self().jobAt(r) },
          { method: "DELETE", path: "/v1/jobs/:id(\\d+)", handle: (r) => self().jobAt(r) },
        ],
      }),
      (http) => new AirbyteFake(http, application),
    );
    if (options.token) fake.acceptedTokens.add(options.token);
    return fake;
  }

  /** the API base, as the client is configured with it: `<origin>/v1` */
  override get url(): string {
    return `${this.http.url}/v1`;
  }

  get origin(): string {
    return this.http.url;
  }

  /** Expires every token issued so far (Airbyte's 15 minutes are up). */
  expireTokens(): void {
    this.acceptedTokens.clear();
  }

  addWorkspace(name: string): FakeWorkspace {
    const workspace = { workspaceId: randomUUID(), name, dataResidency: "auto" };
    this.workspaces.push(workspace);
    return workspace;
  }

  addSource(workspaceId: string, name: string, type: string, configuration: Record<string, unknown> = {}): FakeConnector {
    const source = { id: randomUUID(), name, type, workspaceId, definitionId: randomUUID(), createdAt: 1_767_225_600, configuration };
    this.sources.push(source);
    return source;
  }

  addDestination(workspaceId: string, name: string, type: string, configuration: Record<string, unknown> = {}): FakeConnector {
    const destination = { id: randomUUID(), name, type, workspaceId, definitionId: randomUUID(), createdAt: 1_767_225_600, configuration };
    this.destinations.push(destination);
    return destination;
  }

  addConnection(source: FakeConnector, destination: FakeConnector, name: string, status: FakeConnection["status"] = "active"): FakeConnection {
    const connection: FakeConnection = {
      connectionId: randomUUID(),
      name,
      sourceId: source.id,
      destinationId: destination.id,
      workspaceId: source.workspaceId,
      status,
      schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" },
      streams: [
        { name: "users", syncMode: "incremental_append" },
        { name: "orders", syncMode: "full_refresh_overwrite" },
      ],
      createdAt: 1_767_225_600,
    };
    this.connections.push(connection);
    return connection;
  }

  addJob(connection: FakeConnection, job: Partial<Omit<FakeJob, "connectionId">> & { startTime: string }): FakeJob {
    const stored: FakeJob = {
      jobId: job.jobId ?? this.nextJobId++,
      status: job.status ?? "succeeded",
      jobType: job.jobType ?? "sync",
      connectionId: connection.connectionId,
      startTime: job.startTime,
      lastUpdatedAt: job.lastUpdatedAt ?? job.startTime,
      ...(job.duration ? { duration: job.duration } : {}),
      ...(job.bytesSynced === undefined ? {} : { bytesSynced: job.bytesSynced }),
      ...(job.rowsSynced === undefined ? {} : { rowsSynced: job.rowsSynced }),
    };
    this.jobs.push(stored);
    return stored;
  }

  job(jobId: number): FakeJob {
    const job = this.jobs.find((candidate) => candidate.jobId === jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    return job;
  }

  private authorize(request: RecordedRequest): void {
    const authorization = request.headers.authorization;
    const token = typeof authorization === "string" ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
    if (token === undefined || !this.acceptedTokens.has(token)) throw rejection(401, "unauthorized", "invalid or expired token", true);
  }

  private listWorkspaces(request: RecordedRequest): FakeAnswer {
    const { limit, offset, workspaceIds } = this.query(request, ["workspaceIds", "includeDeleted", "limit", "offset"]);
    return this.page(request, this.workspaces.filter((w) => !workspaceIds || workspaceIds.includes(w.workspaceId)), limit, offset);
  }

  private getWorkspace(request: RecordedRequest): FakeAnswer {
    this.query(request, []);
    return { body: this.find(this.workspaces, (w) => w.workspaceId === request.params.id, "workspace") };
  }

  private listOrganizations(request: RecordedRequest): FakeAnswer {
    this.query(request, []);
    return { body: { data: this.organizations } };
  }

  private listConnectors(request: RecordedRequest): FakeAnswer {
    const { limit, offset, workspaceIds } = this.query(request, ["workspaceIds", "includeDeleted", "limit", "offset"]);
    const kind = request.params.kind === "sources" ? "source" : "destination";
    const list = kind === "source" ? this.sources : this.destinations;
    return this.page(request, list.filter((c) => !workspaceIds || workspaceIds.includes(c.workspaceId)).map((c) => this.presentConnector(kind, c)), limit, offset);
  }

  private getConnector(request: RecordedRequest): FakeAnswer {
    this.query(request, []);
    const kind = request.params.kind === "sources" ? "source" : "destination";
    const list = kind === "source" ? this.sources : this.destinations;
    return { body: this.presentConnector(kind, this.find(list, (c) => c.id === request.params.id, kind)) };
  }

  private listStreams(request: RecordedRequest): FakeAnswer {
    const sourceId = request.query.get("sourceId");
    const destinationId = request.query.get("destinationId");
    for (const name of new Set(request.query.keys())) {
      if (!["sourceId", "destinationId", "ignoreCache"].includes(name)) throw rejection(400, "bad-request", `unknown query parameter ${name}`);
    }
    if (!sourceId) throw rejection(400, "bad-request", "sourceId is required");
    const ignoreCache = request.query.get("ignoreCache");
    if (ignoreCache !== null && ignoreCache !== "true" && ignoreCache !== "false") throw rejection(400, "bad-request", "ignoreCache must be a boolean");
    if (ignoreCache === "true") this.discoveries += 1;
    this.find(this.sources, (c) => c.id === sourceId, "source");
    if (destinationId !== null) this.find(this.destinations, (c) => c.id === destinationId, "destination");
    return { body: this.sourceStreams.get(sourceId) ?? [] };
  }

  private listConnections(request: RecordedRequest): FakeAnswer {
    const { limit, offset, workspaceIds } = this.query(request, ["workspaceIds", "includeDeleted", "limit", "offset"]);
    return this.page(request, this.connections.filter((c) => !workspaceIds || workspaceIds.includes(c.workspaceId)).map((c) => this.presentConnection(c)), limit, offset);
  }

  /** GET or PATCH one connection */
  private connection(request: RecordedRequest): FakeAnswer {
    this.query(request, []);
    const connection = this.find(this.connections, (c) => c.connectionId === request.params.id, "connection");
    if (request.method === "PATCH") connection.status = this.json(request, connectionPatchSchema).status;
    return { body: this.presentConnection(connection) };
  }

  /** GET or DELETE (cancel) one job */
  private jobAt(request: RecordedRequest): FakeAnswer {
    this.query(request, []);
    const jobId = Number(request.params.id);
    const job = this.find(this.jobs, (j) => j.jobId === jobId, "job");
    if (request.method === "DELETE") {
      if (["succeeded", "failed", "cancelled"].includes(job.status)) throw rejection(400, "bad-request", `job ${jobId} has already finished`, true);
      job.status = "cancelled";
      job.lastUpdatedAt = iso(this.now());
    }
    return { body: this.presentJob(job) };
  }

  private token(request: RecordedRequest): { status: number; body: unknown } {
    const body = this.json(request, tokenRequestSchema);
    if (body.client_id !== this.application.clientId || body.client_secret !== this.application.clientSecret) {
      throw rejection(401, "unauthorized", "invalid client credentials", true);
    }
    const token = `airbyte-token-${this.issuedTokens.length + 1}-${randomUUID()}`;
    this.issuedTokens.push(token);
    this.acceptedTokens.add(token);
    return { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: this.expiresInSeconds } };
  }

  private listJobs(request: RecordedRequest): { status: number; body: unknown } {
    const q = this.query(request, [
      "connectionId",
      "workspaceIds",
      "jobType",
      "status",
      "createdAtStart",
      "createdAtEnd",
      "updatedAtStart",
      "updatedAtEnd",
      "orderBy",
      "limit",
      "offset",
    ]);
    const [field = "createdAt", direction = "DESC"] = (q.orderBy ?? "createdAt|DESC").split("|");
    const workspaceOf = (job: FakeJob) => this.connections.find((c) => c.connectionId === job.connectionId)?.workspaceId;
    const key = (job: FakeJob) => Date.parse(field === "updatedAt" ? job.lastUpdatedAt : job.startTime);
    const jobs = this.jobs
      .filter((job) => q.connectionId === undefined || job.connectionId === q.connectionId)
      .filter((job) => q.workspaceIds === undefined || q.workspaceIds.includes(workspaceOf(job) ?? ""))
      .filter((job) => q.jobType === undefined || job.jobType === q.jobType)
      .filter((job) => q.status === undefined || job.status === q.status)
      .filter((job) => q.createdAtStart === undefined || Date.parse(job.startTime) >= q.createdAtStart)
      .filter((job) => q.createdAtEnd === undefined || Date.parse(job.startTime) <= q.createdAtEnd)
      .filter((job) => q.updatedAtStart === undefined || Date.parse(job.lastUpdatedAt) >= q.updatedAtStart)
      .filter((job) => q.updatedAtEnd === undefined || Date.parse(job.lastUpdatedAt) <= q.updatedAtEnd)
      .sort((a, b) => (direction === "ASC" ? key(a) - key(b) || a.jobId - b.jobId : key(b) - key(a) || b.jobId - a.jobId))
      .map((job) => this.presentJob(job));
    return this.page(request, jobs, q.limit, q.offset);
  }

  private createJob(request: RecordedRequest): { status: number; body: unknown } {
    const body = this.json(request, jobCreateSchema);
    const connection = this.find(this.connections, (c) => c.connectionId === body.connectionId, "connection");
    if (this.jobs.some((job) => job.connectionId === connection.connectionId && ["pending", "queued", "running", "incomplete"].includes(job.status))) {
      throw rejection(409, "conflict", "a sync is already running for this connection", true);
    }
    const at = iso(this.now());
    const job = this.addJob(connection, { status: "running", jobType: body.jobType, startTime: at, lastUpdatedAt: at });
    return { status: 200, body: this.presentJob(job) };
  }

  /** Validates the query against the route's parameters and Airbyte's formats. */
  private query(request: RecordedRequest, allowed: readonly string[]) {
    const q = request.query;
    for (const name of new Set(q.keys())) {
      if (!allowed.includes(name)) throw rejection(400, "bad-request", `unknown query parameter ${name}`);
    }
    const text = (name: string) => q.get(name) ?? undefined;
    const int = (name: string, min: number, max: number, fallback: number) => {
      const value = text(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw rejection(400, "bad-request", `${name} must be an integer in [${min}, ${max}]`);
      return Number(value);
    };
    const instant = (name: string) => {
      const value = text(name);
      if (value === undefined) return undefined;
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)) throw rejection(400, "bad-request", `${name} must be an ISO 8601 date-time`);
      return Date.parse(value);
    };
    const oneOf = (name: string, values: readonly string[]) => {
      const value = text(name);
      if (value !== undefined && !values.includes(value)) throw rejection(400, "bad-request", `${name} must be one of ${values.join(", ")}`);
      return value;
    };
    const workspaceIds = text("workspaceIds");
    if (workspaceIds !== undefined && !UUID_LIST.test(workspaceIds)) throw rejection(400, "bad-request", "workspaceIds must be UUIDs");
    const includeDeleted = oneOf("includeDeleted", ["true", "false"]);
    const orderBy = text("orderBy");
    if (orderBy !== undefined && !/^(createdAt|updatedAt)\|(ASC|DESC)$/.test(orderBy)) throw rejection(400, "bad-request", "orderBy must be createdAt|updatedAt with ASC|DESC");
    return {
      limit: int("limit", 1, 100, 20),
      offset: int("offset", 0, Number.MAX_SAFE_INTEGER, 0),
      workspaceIds: workspaceIds?.split(","),
      includeDeleted,
      connectionId: text("connectionId"),
      jobType: oneOf("jobType", JOB_TYPES),
      status: oneOf("status", JOB_STATUSES),
      orderBy,
      createdAtStart: instant("createdAtStart"),
      createdAtEnd: instant("createdAtEnd"),
      updatedAtStart: instant("updatedAtStart"),
      updatedAtEnd: instant("updatedAtEnd"),
    };
  }

  private page(request: RecordedRequest, items: readonly unknown[], limit: number, offset: number): { status: number; body: unknown } {
    const link = (at: number) => {
      const query = new URLSearchParams(request.query);
      query.set("limit", String(limit));
      query.set("offset", String(at));
      return `${this.origin}${request.path}?${query.toString()}`;
    };
    return {
      status: 200,
      body: {
        data: items.slice(offset, offset + limit),
        ...(offset + limit < items.length ? { next: link(offset + limit) } : {}),
        ...(offset > 0 ? { previous: link(Math.max(0, offset - limit)) } : {}),
      },
    };
  }

  private json<T>(request: RecordedRequest, schema: z.ZodType<T>): T {
    return jsonBody(request, schema, "bad-request");
  }

  private find<T>(list: readonly T[], predicate: (item: T) => boolean, kind: string): T {
    const found = list.find(predicate);
    if (found === undefined) throw rejection(404, "not-found", `${kind} not found`, true);
    return found;
  }

  private presentConnector(kind: "source" | "destination", connector: FakeConnector): Record<string, unknown> {
    return {
      [`${kind}Id`]: connector.id,
      name: connector.name,
      [`${kind}Type`]: connector.type,
      workspaceId: connector.workspaceId,
      definitionId: connector.definitionId,
      createdAt: connector.createdAt,
      // Airbyte masks secrets in what it returns
      configuration: Object.fromEntries(Object.entries(connector.configuration).map(([name, value]) => [name, /password|secret|key|token/i.test(name) ? "**********" : value])),
    };
  }

  private presentConnection(connection: FakeConnection): Record<string, unknown> {
    return {
      connectionId: connection.connectionId,
      name: connection.name,
      sourceId: connection.sourceId,
      destinationId: connection.destinationId,
      workspaceId: connection.workspaceId,
      status: connection.status,
      schedule: connection.schedule,
      dataResidency: "auto",
      nonBreakingSchemaUpdatesBehavior: "ignore",
      namespaceDefinition: "destination",
      namespaceFormat: null,
      prefix: "",
      configurations: { streams: connection.streams.map((stream) => ({ ...stream, cursorField: [], primaryKey: [] })) },
      createdAt: connection.createdAt,
    };
  }

  private presentJob(job: FakeJob): Record<string, unknown> {
    return { ...job };
  }
}
