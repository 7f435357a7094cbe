/**
 * The Vercel REST client: thin typed functions over the runtime's PlatformHttp, which owns auth,
 * pacing, retries, Retry-After / X-RateLimit-Reset, deadlines and error mapping. No policy lives
 * here. Every request carries `teamId` when VERCEL_TEAM_ID is set: without it Vercel silently
 * answers for the token owner's personal account (and 403/404 for team resources).
 *
 * Why not @vercel/sdk: it is not a dependency of this repository, and its generated client sends
 * through its own retry layer (per-operation `retryConfig`), which would stack on the runtime's.
 * The endpoints we need are few and plain JSON; paths are the SDK's (vercel/sdk src/funcs/*).
 */
import type { z } from "zod";
import type { ApiFactoryContext, HttpRequest } from "../../../runtime/contract.js";
import {
  type RawBuildEvent,
  type RawDeployment,
  type RawDeploymentList,
  type RawDomainAvailability,
  type RawDomainPrice,
  type RawDomainList,
  type RawEnvVarList,
  type RawProject,
  type RawProjectDomainList,
  type RawProjectList,
  type RawTeamList,
  buildEventsSchema,
  deploymentListSchema,
  deploymentSchema,
  domainAvailabilitySchema,
  domainListSchema,
  domainPriceSchema,
  envVarListSchema,
  projectDomainListSchema,
  projectListSchema,
  projectSchema,
  teamListSchema,
} from "../types/raw.js";

export interface DeploymentListQuery {
  readonly projectId?: string;
  /** "production", "preview" (Vercel's name for non-production) or a custom environment */
  readonly target?: string;
  /** comma-separated: BUILDING, ERROR, INITIALIZING, QUEUED, READY, CANCELED, BLOCKED */
  readonly state?: string;
  readonly branch?: string;
  readonly sha?: string;
  /** created after this time, epoch ms */
  readonly since?: number;
  /** created before this time, epoch ms (the previous page's `pagination.next`) */
  readonly until?: number;
  readonly limit: number;
}

export interface BuildEventQuery {
  readonly direction: "forward" | "backward";
  readonly limit: number;
  /** events at or after this time, epoch ms */
  readonly since?: number;
}

export interface RedeployRequest {
  /** the project name (Vercel requires `name`; the deployment being copied decides the rest) */
  readonly name: string;
  readonly deploymentId: string;
  /** "production" promotes the new build to the production domains once ready */
  readonly target?: "production" | "staging";
  /** rebuild from the branch's newest commit instead of the original deployment's commit */
  readonly withLatestCommit?: boolean;
}

export interface VercelApi {
  /** the team every call is scoped to (VERCEL_TEAM_ID), if any */
  readonly teamId: string | undefined;
  /** the default project (VERCEL_PROJECT_ID), if any */
  readonly defaultProject: string | undefined;
  listTeams(page: { limit: number; until?: number }, signal?: AbortSignal): Promise<RawTeamList>;
  listProjects(page: { limit: number; from?: string; search?: string }, signal?: AbortSignal): Promise<RawProjectList>;
  getProject(idOrName: string, signal?: AbortSignal): Promise<RawProject>;
  listDeployments(query: DeploymentListQuery, signal?: AbortSignal): Promise<RawDeploymentList>;
  getDeployment(idOrUrl: string, signal?: AbortSignal): Promise<RawDeployment>;
  getDeploymentEvents(idOrUrl: string, query: BuildEventQuery, signal?: AbortSignal): Promise<RawBuildEvent[]>;
  listDomains(page: { limit: number; until?: number }, signal?: AbortSignal): Promise<RawDomainList>;
  /** whether the registrar can sell the domain (GET /v1/registrar/domains/{domain}/availability) */
  domainAvailability(domain: string, signal?: AbortSignal): Promise<RawDomainAvailability>;
  /** the registrar's purchase, renewal and transfer prices for `years` (default: the TLD's minimum) */
  domainPrice(domain: string, years: number | undefined, signal?: AbortSignal): Promise<RawDomainPrice>;
  listProjectDomains(idOrName: string, page: { limit: number; until?: number; production?: boolean }, signal?: AbortSignal): Promise<RawProjectDomainList>;
  /** names, types and targets only: the request never asks for decryption and parsing drops values */
  listEnvVars(idOrName: string, filter: { gitBranch?: string }, signal?: AbortSignal): Promise<RawEnvVarList>;
  redeploy(request: RedeployRequest, signal?: AbortSignal): Promise<RawDeployment>;
  cancelDeployment(id: string, signal?: AbortSignal): Promise<RawDeployment>;
}

const segment = encodeURIComponent;

export function createApi({ http, credentials }: ApiFactoryContext): VercelApi {
  const teamId = credentials.VERCEL_TEAM_ID || undefined;
  const defaultProject = credentials.VERCEL_PROJECT_ID || undefined;
  const scoped = (query: HttpRequest["query"] = {}): HttpRequest["query"] => (teamId === undefined ? query : { ...query, teamId });
  const get = <T>(url: string, query: HttpRequest["query"], schema: z.ZodType<T>, signal?: AbortSignal) =>
    http.json<T>({ method: "GET", url, query: scoped(query), signal }, schema);

  return {
    teamId,
    defaultProject,
    // the teams the token belongs to: the one call that is never team-scoped
    listTeams: (page, signal) => http.json({ method: "GET", url: "/v2/teams", query: { limit: page.limit, until: page.until }, signal }, teamListSchema),

    listProjects: (page, signal) => get("/v10/projects", { limit: page.limit, from: page.from, search: page.search }, projectListSchema, signal),

    getProject: (idOrName, signal) => get(`/v9/projects/${segment(idOrName)}`, {}, projectSchema, signal),

    listDeployments: (query, signal) =>
      get(
        "/v7/deployments",
        {
          limit: query.limit,
          projectId: query.projectId,
          target: query.target,
          state: query.state,
          branch: query.branch,
          sha: query.sha,
          since: query.since,
          until: query.until,
        },
        deploymentListSchema,
        signal,
      ),

    getDeployment: (idOrUrl, signal) => get(`/v13/deployments/${segment(idOrUrl)}`, {}, deploymentSchema, signal),

    // follow=0: a JSON array of what exists now, never a live stream that would hold the call open
    getDeploymentEvents: (idOrUrl, query, signal) =>
      get(
        `/v3/deployments/${segment(idOrUrl)}/events`,
        { builds: 1, follow: 0, direction: query.direction, limit: query.limit, since: query.since },
        buildEventsSchema,
        signal,
      ),

    listDomains: (page, signal) => get("/v5/domains", { limit: page.limit, until: page.until }, domainListSchema, signal),

    domainAvailability: (domain, signal) => get(`/v1/registrar/domains/${segment(domain)}/availability`, {}, domainAvailabilitySchema, signal),

    domainPrice: (domain, years, signal) => get(`/v1/registrar/domains/${segment(domain)}/price`, { years }, domainPriceSchema, signal),

    listProjectDomains: (idOrName, page, signal) =>
      get(
        `/v9/projects/${segment(idOrName)}/domains`,
        { limit: page.limit, until: page.until, production: page.production === undefined ? undefined : String(page.production) },
        projectDomainListSchema,
        signal,
      ),

    listEnvVars: (idOrName, filter, signal) => get(`/v10/projects/${segment(idOrName)}/env`, { gitBranch: filter.gitBranch }, envVarListSchema, signal),

    // a new build: not idempotent, so the runtime never retries it after an ambiguous failure
    redeploy: (request, signal) =>
      http.json(
        {
          method: "POST",
          url: "/v13/deployments",
          query: scoped(),
          body: {
            name: request.name,
            deploymentId: request.deploymentId,
            ...(request.target === undefined ? {} : { target: request.target }),
            ...(request.withLatestCommit === undefined ? {} : { withLatestCommit: request.withLatestCommit }),
          },
          signal,
        },
        deploymentSchema,
      ),

    cancelDeployment: (id, signal) => http.json({ method: "PATCH", url: `/v12/deployments/${segment(id)}/cancel`, query: scoped(), signal }, deploymentSchema),
  };
}
