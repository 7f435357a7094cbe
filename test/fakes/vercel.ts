/**
 * A Vercel REST API on loopback: an in-memory team with projects, deployments and their build
 * events, domains, project domains and environment variables, speaking the documented paths and
 * shapes (vercel/sdk src/funcs/* and docs/models/*): `pagination { count, next, prev }` with
 * `until` = `next` (newest first), `{ error: { code, message } }` errors, X-RateLimit-* headers.
 *
 * It checks what we send: the Bearer token, `teamId` on every team-scoped call when the fake has a
 * team (Vercel would silently answer for the personal account otherwise), only the documented query
 * parameters of each endpoint (never `decrypt` on environment variables), limits, strict JSON bodies.
 * Anything it does not recognise is answered 400/404 and listed in `unexpected`, which tests assert
 * is empty; an unknown deployment or project is an ordinary 404.
 */
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, jsonBody, startDeclared } from "../support/loopback.js";

export type RecordedRequest = FakeRequest;
export type InjectedAnswer = FakeAnswer;

export interface FakeTeam {
  id: string;
  slug: string;
  name: string;
  createdAt: number;
  role: string;
}
export interface FakeProject {
  id: string;
  name: string;
  framework: string | null;
  nodeVersion: string;
  createdAt: number;
  updatedAt: number;
  repo?: { type: "github"; org: string; repo: string; productionBranch: string };
}
export interface FakeBuildEvent {
  type: string;
  date: number;
  text: string;
  level?: "error" | "warning";
}
export interface FakeDeployment {
  id: string;
  /** the project name */
  name: string;
  projectId: string;
  /** hostname, as Vercel writes it */
  url: string;
  created: number;
  buildingAt?: number;
  ready?: number;
  readyState: string;
  target: "production" | null;
  source: string;
  creator: { uid: string; username: string; email?: string };
  meta: Record<string, string>;
  errorCode?: string;
  errorMessage?: string;
  alias: string[];
  events: FakeBuildEvent[];
}
export interface FakeDomain {
  id: string;
  name: string;
  verified: boolean;
  serviceType: "zeit.world" | "external" | "na";
  nameservers: string[];
  intendedNameservers: string[];
  createdAt: number;
  expiresAt: number | null;
  boughtAt: number | null;
  renew?: boolean;
}
export interface FakeProjectDomain {
  name: string;
  apexName: string;
  projectId: string;
  verified: boolean;
  redirect?: string | null;
  redirectStatusCode?: number | null;
  gitBranch?: string | null;
  createdAt: number;
  updatedAt: number;
}
export interface FakeEnvVar {
  id: string;
  projectId: string;
  key: string;
  type: "plain" | "encrypted" | "sensitive" | "system" | "secret";
  target: string[];
  /** what Vercel answers in `value` without decrypt: ciphertext (tests check it never leaves our parser) */
  value: string;
  gitBranch?: string;
  createdAt: number;
  updatedAt: number;
}

/** Vercel's `{ error: { code, message } }`, in its argument order: status, code, message. */
function rejection(status: number, code: string, message: string, expected = false): FakeRejection {
  return new FakeRejection(status, message, code, expected);
}

const IN_PROGRESS = new Set(["QUEUED", "INITIALIZING", "BUILDING"]);
const redeployBodySchema = z.strictObject({
  name: z.string().min(1),
  deploymentId: z.string().min(1),
  target: z.enum(["production", "staging"]).optional(),
  withLatestCommit: z.boolean().optional(),
});

/** The query parameters each endpoint documents (teamId and slug are added for team-scoped ones). */
const ALLOWED_QUERY: Readonly<Record<string, readonly string[]>> = {
  teams: ["limit", "since", "until"],
  projects: ["limit", "from", "search", "repo", "repoId", "repoUrl", "excludeRepos", "edgeConfigId", "edgeConfigTokenId", "deprecated"],
  project: [],
  deployments: ["app", "from", "limit", "projectId", "projectIds", "target", "to", "users", "since", "until", "state", "rollbackCandidate", "branch", "sha"],
  deployment: ["withGitRepoInfo"],
  events: ["direction", "follow", "limit", "name", "since", "until", "statusCode", "delimiter", "builds"],
  domains: ["limit", "since", "until"],
  projectDomains: ["production", "target", "customEnvironmentId", "gitBranch", "redirects", "redirect", "verified", "limit", "since", "until", "order"],
  // `decrypt` exists in Vercel's API; our server must never send it, so the fake does not accept it
  env: ["gitBranch", "source", "customEnvironmentId", "customEnvironmentSlug"],
  create: ["forceNew", "skipAutoDetectionConfirmation"],
  availability: [],
  price: ["years"],
  cancel: [],
};

export class VercelFake extends DeclaredPlatformFake {
  teams: FakeTeam[] = [];
  projects: FakeProject[] = [];
  readonly deployments: FakeDeployment[] = [];
  domains: FakeDomain[] = [];
  projectDomains: FakeProjectDomain[] = [];
  envVars: FakeEnvVar[] = [];
  /** what the registrar knows: domain -> availability and prices (per year; `minYears` is the TLD's shortest term) */
  registrar: Record<string, { available: boolean; purchasePrice: number; renewalPrice: number; transferPrice: number; minYears: number }> = {};
  /** what X-RateLimit-Remaining says */
  rateLimitRemaining = 99;
  private nextId = 1;

  private constructor(
    http: DeclaredFake,
    readonly token: string,
    /** when set, every team-scoped call must carry teamId=<this> */
    readonly teamId: string | undefined,
  ) {
    super(http);
  }

  static async start(options: { token?: string; teamId?: string } = {}): Promise<VercelFake> {
    return startDeclared<VercelFake>(
      (self) => ({
        contentType: "application/json; charset=utf-8",
        headers: () => ({ "x-ratelimit-limit": "100", "x-ratelimit-remaining": String(self().rateLimitRemaining), "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 60) }),
        // an injected answer carries exactly the headers the test gives it
        bareInjectedAnswers: true,
        errorBody: (rejected) => ({ error: { code: rejected.code, message: rejected.message } }),
        authorize: (request) => {
          if (request.headers.authorization !== `Bearer ${self().token}`) throw rejection(403, "forbidden", "Not authorized", true);
        },
        routes: [
          { method: "GET", path: "/v2/teams", handle: (r) => self().listTeams(self().query(r, "teams", false)) },
          { method: "GET", path: "/v10/projects", handle: (r) => self().listProjects(self().query(r, "projects")) },
          { method: "GET", path: "/v9/projects/:project/domains", handle: (r) => self().listProjectDomains(self().project(r.params.project), self().query(r, "projectDomains")) },
          {
            method: "GET",
            path: "/v9/projects/:project",
            handle: (r) => {
              self().query(r, "project");
              return { body: self().presentProject(self().project(r.params.project)) };
            },
          },
          { method: "GET", path: "/v10/projects/:project/env", handle: (r) => self().listEnv(self().project(r.params.project), self().query(r, "env")) },
          { method: "GET", path: "/v7/deployments", handle: (r) => self().listDeployments(self().query(r, "deployments")) },
          { method: "GET", path: "/v3/deployments/:deployment/events", handle: (r) => self().events(self().deployment(r.params.deployment), self().query(r, "events")) },
          {
            method: "GET",
            path: "/v13/deployments/:deployment",
            handle: (r) => {
              self().query(r, "deployment");
              return { body: self().presentFull(self().deployment(r.params.deployment)) };
            },
          },
          { method: "POST", path: "/v13/deployments", handle: (r) => self().redeploy(r) },
          { method: "PATCH", path: "/v12/deployments/:deployment/cancel", handle: (r) => self().cancel(r, r.params.deployment ?? "") },
          { method: "GET", path: "/v5/domains", handle: (r) => self().listDomains(self().query(r, "domains")) },
          {
            method: "GET",
            path: "/v1/registrar/domains/:domain/:what(availability|price)",
            handle: (r) => self().registrarAnswer(r.params.domain ?? "", r.params.what === "price" ? "price" : "availability", r),
          },
        ],
      }),
      (http) => new VercelFake(http, options.token ?? "vercel-test-token", options.teamId),
    );
  }

  id(prefix: string): string {
    return `${prefix}_${String(this.nextId++).padStart(6, "0")}fake`;
  }

  addProject(name: string, at: number, repo?: FakeProject["repo"]): FakeProject {
    const project: FakeProject = { id: this.id("prj"), name, framework: "nextjs", nodeVersion: "22.x", createdAt: at, updatedAt: at, ...(repo ? { repo } : {}) };
    this.projects.push(project);
    return project;
  }

  addDeployment(project: FakeProject, fields: Partial<FakeDeployment> & { created: number }): FakeDeployment {
    const id = fields.id ?? this.id("dpl");
    const deployment: FakeDeployment = {
      id,
      name: project.name,
      projectId: project.id,
      url: `${project.name}-${id.slice(4, 10).toLowerCase()}-acme.vercel.app`,
      readyState: "READY",
      target: null,
      source: "git",
      creator: { uid: "usr_ada", username: "ada", email: "ada@acme.test" },
      meta: {},
      alias: [],
      events: [],
      ...fields,
    };
    this.deployments.push(deployment);
    return deployment;
  }

  /** The query, checked: only documented parameters, and the team scope where it applies. */
  private query(request: RecordedRequest, endpoint: keyof typeof ALLOWED_QUERY, teamScoped = true): URLSearchParams {
    const allowed = new Set([...(ALLOWED_QUERY[endpoint] ?? []), ...(teamScoped ? ["teamId", "slug"] : [])]);
    for (const name of request.query.keys()) {
      if (!allowed.has(name)) throw rejection(400, "bad_request", `Invalid query parameter ${name}`);
    }
    if (teamScoped && this.teamId !== undefined && request.query.get("teamId") !== this.teamId) {
      // what Vercel does for a team's resources asked for without the team: not found in the personal account
      throw rejection(404, "not_found", `team-scoped call without teamId=${this.teamId}`);
    }
    return request.query;
  }

  private limit(query: URLSearchParams, defaultLimit: number, max: number): number {
    const raw = query.get("limit");
    if (raw === null) return defaultLimit;
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) throw rejection(400, "bad_request", `limit must be 1..${max}`);
    return limit;
  }

  private timestamp(query: URLSearchParams, name: string): number | undefined {
    const raw = query.get(name);
    if (raw === null) return undefined;
    if (!/^\d+$/.test(raw)) throw rejection(400, "bad_request", `${name} must be a timestamp in milliseconds`);
    return Number(raw);
  }

  /** A time-ordered page, newest first, of items created before `until` (and after `since`). */
  private page<T>(items: readonly T[], at: (item: T) => number, query: URLSearchParams, defaultLimit: number, max: number) {
    const limit = this.limit(query, defaultLimit, max);
    const since = this.timestamp(query, "since");
    const until = this.timestamp(query, "until");
    const window = items
      .filter((item) => (since === undefined || at(item) > since) && (until === undefined || at(item) < until))
      .sort((a, b) => at(b) - at(a));
    const page = window.slice(0, limit);
    const last = page.at(-1);
    const first = page[0];
    return {
      page,
      pagination: {
        count: page.length,
        next: window.length > limit && last !== undefined ? at(last) : null,
        prev: first === undefined ? null : at(first),
      },
    };
  }

  private listTeams(query: URLSearchParams) {
    const { page, pagination } = this.page(this.teams, (team) => team.createdAt, query, 20, 100);
    return {
      status: 200,
      body: { teams: page.map((team) => ({ id: team.id, slug: team.slug, name: team.name, avatar: null, createdAt: team.createdAt, membership: { role: team.role, confirmed: true, createdAt: team.createdAt } })), pagination },
    };
  }

  private project(idOrName: string | undefined): FakeProject {
    const wanted = idOrName ?? "";
    const project = this.projects.find((candidate) => candidate.id === wanted || candidate.name === wanted);
    if (!project) throw rejection(404, "not_found", "Project not found", true);
    return project;
  }

  private presentProject(project: FakeProject): Record<string, unknown> {
    const ofProject = this.deployments.filter((d) => d.projectId === project.id).sort((a, b) => b.created - a.created);
    const ref = (d: FakeDeployment) => ({ id: d.id, url: d.url, readyState: d.readyState, target: d.target, createdAt: d.created, creator: { uid: d.creator.uid, username: d.creator.username }, meta: d.meta });
    const production = ofProject.find((d) => d.target === "production" && d.readyState === "READY");
    return {
      accountId: this.teamId ?? "usr_ada",
      id: project.id,
      name: project.name,
      framework: project.framework,
      nodeVersion: project.nodeVersion,
      createdAt: project.createdAt,
      updatedAt: project.updatedAt,
      rootDirectory: null,
      live: false,
      ...(project.repo
        ? { link: { ...project.repo, repoId: 1234, deployHooks: [{ id: "hook_1", name: "rebuild", ref: "main", url: "https://api.vercel.com/v1/integrations/deploy/prj_x/SECRETHOOK" }], gitCredentialId: "cred_1" } }
        : {}),
      latestDeployments: ofProject.slice(0, 3).map(ref),
      targets: production ? { production: ref(production) } : {},
    };
  }

  private listProjects(query: URLSearchParams) {
    const limit = this.limit(query, 20, 100);
    const from = query.get("from");
    if (from !== null && !/^\d+$/.test(from)) throw rejection(400, "bad_request", "from must be a timestamp or continuation token");
    const search = query.get("search")?.toLowerCase();
    const window = this.projects
      .filter((project) => (search === undefined || project.name.toLowerCase().includes(search)) && (from === null || project.updatedAt < Number(from)))
      .sort((a, b) => b.updatedAt - a.updatedAt);
    const page = window.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      body: { projects: page.map((project) => this.presentProject(project)), pagination: { count: page.length, next: window.length > limit && last ? last.updatedAt : null, prev: null } },
    };
  }

  private deployment(idOrUrl: string | undefined): FakeDeployment {
    const wanted = idOrUrl ?? "";
    const deployment = this.deployments.find((candidate) => candidate.id === wanted || candidate.url === wanted || candidate.alias.includes(wanted));
    if (!deployment) throw rejection(404, "not_found", "The deployment was not found", true);
    return deployment;
  }

  private presentListed(d: FakeDeployment): Record<string, unknown> {
    return {
      uid: d.id,
      name: d.name,
      projectId: d.projectId,
      url: d.url,
      created: d.created,
      createdAt: d.created,
      buildingAt: d.buildingAt ?? null,
      ready: d.ready ?? null,
      state: d.readyState,
      readyState: d.readyState,
      type: "LAMBDAS",
      source: d.source,
      creator: d.creator,
      meta: d.meta,
      target: d.target,
      aliasError: null,
      inspectorUrl: `https://vercel.com/acme/${d.name}/${d.id.slice(4)}`,
      isRollbackCandidate: d.target === "production" && d.readyState === "READY",
      ...(d.errorCode ? { errorCode: d.errorCode, errorMessage: d.errorMessage } : {}),
    };
  }

  private presentFull(d: FakeDeployment): Record<string, unknown> {
    return {
      id: d.id,
      name: d.name,
      projectId: d.projectId,
      url: d.url,
      createdAt: d.created,
      buildingAt: d.buildingAt ?? d.created,
      ready: d.ready,
      readyState: d.readyState,
      readySubstate: d.readyState === "READY" ? "PROMOTED" : undefined,
      target: d.target,
      source: d.source,
      type: "LAMBDAS",
      creator: d.creator,
      meta: d.meta,
      inspectorUrl: `https://vercel.com/acme/${d.name}/${d.id.slice(4)}`,
      alias: d.alias,
      aliasAssigned: d.readyState === "READY",
      regions: ["iad1"],
      public: false,
      version: 2,
      lambdas: [],
      env: [],
      build: { env: [] },
      ...(d.errorCode ? { errorCode: d.errorCode, errorMessage: d.errorMessage } : {}),
    };
  }

  private listDeployments(query: URLSearchParams) {
    const project = query.get("projectId");
    const target = query.get("target");
    if (target !== null && target !== "production" && target !== "preview") throw rejection(400, "bad_request", `unknown target ${target}`);
    const states = query.get("state")?.split(",");
    const branch = query.get("branch");
    const sha = query.get("sha");
    const matching = this.deployments.filter(
      (d) =>
        (project === null || d.projectId === project || d.name === project) &&
        (target === null || (target === "production" ? d.target === "production" : d.target === null)) &&
        (states === undefined || states.includes(d.readyState)) &&
        (branch === null || d.meta.githubCommitRef === branch) &&
        (sha === null || (d.meta.githubCommitSha ?? "").startsWith(sha)),
    );
    const { page, pagination } = this.page(matching, (d) => d.created, query, 20, 100);
    return { status: 200, body: { deployments: page.map((d) => this.presentListed(d)), pagination } };
  }

  private events(d: FakeDeployment, query: URLSearchParams) {
    if (query.get("follow") !== "0") throw rejection(400, "bad_request", "follow=1 streams; this fake answers only follow=0");
    if (query.get("builds") !== "1") throw rejection(400, "bad_request", "expected builds=1");
    const direction = query.get("direction") ?? "forward";
    if (direction !== "forward" && direction !== "backward") throw rejection(400, "bad_request", `bad direction ${direction}`);
    const limitRaw = query.get("limit");
    const limit = limitRaw === null || limitRaw === "-1" ? Number.POSITIVE_INFINITY : Number(limitRaw);
    if (!(limit >= 1)) throw rejection(400, "bad_request", "limit must be -1 or positive");
    const since = this.timestamp(query, "since");
    const ordered = d.events.filter((event) => since === undefined || event.date >= since).sort((a, b) => (direction === "forward" ? a.date - b.date : b.date - a.date));
    return {
      status: 200,
      body: ordered.slice(0, limit).map((event, index) => ({
        type: event.type,
        created: event.date,
        payload: {
          deploymentId: d.id,
          id: `evt_${d.id}_${index}`,
          date: event.date,
          serial: `${event.date}-${index}`,
          text: event.text,
          info: { type: "build", name: "bld_fake", entrypoint: "." },
          ...(event.level ? { level: event.level } : {}),
        },
      })),
    };
  }

  private listDomains(query: URLSearchParams) {
    const { page, pagination } = this.page(this.domains, (domain) => domain.createdAt, query, 20, 100);
    return {
      status: 200,
      body: { domains: page.map((domain) => ({ ...domain, creator: { username: "ada", email: "ada@acme.test", id: "usr_ada" }, teamId: this.teamId ?? null, userId: "usr_ada" })), pagination },
    };
  }

  private listProjectDomains(project: FakeProject, query: URLSearchParams) {
    const production = query.get("production");
    if (production !== null && production !== "true" && production !== "false") throw rejection(400, "bad_request", "production must be true or false");
    const matching = this.projectDomains.filter((domain) => domain.projectId === project.id && (production === null || (production === "true") === !domain.gitBranch));
    const { page, pagination } = this.page(matching, (domain) => domain.createdAt, query, 20, 100);
    return { status: 200, body: { domains: page, pagination } };
  }

  private listEnv(project: FakeProject, query: URLSearchParams) {
    const gitBranch = query.get("gitBranch");
    const envs = this.envVars
      .filter((env) => env.projectId === project.id && (gitBranch === null || env.gitBranch === undefined || env.gitBranch === gitBranch))
      .map(({ projectId: _projectId, ...env }) => ({ ...env, decrypted: false, configurationId: null, createdBy: "usr_ada", updatedBy: null }));
    return { status: 200, body: { envs, pagination: { count: envs.length, next: null, prev: null } } };
  }

  private registrarAnswer(domain: string, what: "availability" | "price", request: RecordedRequest) {
    const query = this.query(request, what);
    const known = this.registrar[domain];
    if (known === undefined) throw rejection(400, "unsupported_tld", `The TLD of ${domain} is not supported`, true);
    if (what === "availability") return { status: 200, body: { available: known.available } };
    const raw = query.get("years");
    if (raw !== null && !/^([1-9]|10)$/.test(raw)) throw rejection(400, "bad_request", "years must be 1..10");
    const years = raw === null ? known.minYears : Math.max(known.minYears, Number(raw));
    // prices as the registrar writes them: purchase as a decimal string, the others as numbers
    return {
      status: 200,
      body: { years, purchasePrice: (known.purchasePrice * years).toFixed(2), renewalPrice: known.renewalPrice * years, transferPrice: known.transferPrice * years },
    };
  }

  private json<T>(request: RecordedRequest, schema: z.ZodType<T>): T {
    return jsonBody(request, schema, "bad_request");
  }

  private redeploy(request: RecordedRequest) {
    this.query(request, "create");
    const body = this.json(request, redeployBodySchema);
    const original = this.deployment(body.deploymentId);
    if (original.name !== body.name) throw rejection(400, "bad_request", `name ${body.name} is not the project of ${body.deploymentId}`);
    const project = this.project(original.projectId);
    const created = this.addDeployment(project, {
      created: Math.max(Date.now(), ...this.deployments.map((d) => d.created + 1)),
      readyState: "QUEUED",
      target: body.target === "production" ? "production" : null,
      source: "redeploy",
      meta: { ...original.meta },
    });
    return { status: 200, body: this.presentFull(created) };
  }

  private cancel(request: RecordedRequest, id: string) {
    this.query(request, "cancel");
    if (request.body !== "") throw rejection(400, "bad_request", "this endpoint takes no body");
    const deployment = this.deployments.find((candidate) => candidate.id === id);
    if (!deployment) throw rejection(404, "not_found", "The deployment was not found", true);
    if (!IN_PROGRESS.has(deployment.readyState)) {
      throw rejection(400, "deployment_not_cancelable", `The deployment is ${deployment.readyState} and cannot be canceled`, true);
    }
    deployment.readyState = "CANCELED";
    return { status: 200, body: this.presentFull(deployment) };
  }
}
