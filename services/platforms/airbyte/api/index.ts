/**
 * The Airbyte public API (v1) as thin typed functions over the runtime's HTTP client, which owns
 * the Bearer token (minted from the application's client credentials), pacing, retries,
 * Retry-After and typed errors. There is no vendor npm SDK (Airbyte ships Python and Java ones):
 * plain REST, every answer parsed with the schemas in types/raw.ts.
 *
 * Airbyte Cloud serves the API at https://api.airbyte.com/v1; a self-managed install at
 * `<host>/api/public/v1`. AIRBYTE_API_URL, when set, names that base; otherwise paths resolve
 * against the runtime's base URL (Airbyte Cloud, or PLATFORM_API_BASE_URL for a local fake).
 */
import { z } from "zod";
import { expiringCache } from "../../../runtime/cache.js";
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { UpstreamError } from "../../../runtime/contract.js";
import {
  type RawConnection,
  type RawConnectionsPage,
  type RawDestination,
  type RawDestinationsPage,
  type RawJob,
  type RawJobsPage,
  type RawOrganizations,
  type RawSource,
  type RawSourcesPage,
  type RawStreamProperties,
  type RawWorkspace,
  type RawWorkspacesPage,
  connectionSchema,
  connectionsPageSchema,
  destinationSchema,
  destinationsPageSchema,
  jobSchema,
  jobsPageSchema,
  organizationsSchema,
  sourceSchema,
  sourcesPageSchema,
  streamPropertiesSchema,
  workspaceSchema,
  workspacesPageSchema,
} from "../types/raw.js";

export const AIRBYTE_CLOUD_API = "https://api.airbyte.com/v1";
/** The API's page maximum (default 20). */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  readonly limit: number;
  readonly offset?: number;
}

export interface ListRequest extends PageRequest {
  /** one workspace; all the application's workspaces when absent */
  readonly workspaceId?: string;
  readonly includeDeleted?: boolean;
}

export interface JobsRequest extends PageRequest {
  readonly workspaceId?: string;
  readonly connectionId?: string;
  readonly jobType?: string;
  readonly status?: string;
  /** ISO 8601 instants */
  readonly createdAtStart?: string;
  readonly createdAtEnd?: string;
  readonly updatedAtStart?: string;
  readonly updatedAtEnd?: string;
  /** `createdAt|DESC` (Airbyte's default), `updatedAt|ASC`, ... */
  readonly orderBy?: `${"createdAt" | "updatedAt"}|${"ASC" | "DESC"}`;
}

/** Names of what a job belongs to, for memories a person can read. */
export interface JobSubjects {
  readonly connectionName?: string;
  readonly workspaceId?: string;
  readonly sourceName?: string;
  readonly sourceType?: string;
  readonly destinationName?: string;
  readonly destinationType?: string;
}

export interface AirbyteApi {
  /** where people open Airbyte in a browser (Airbyte Cloud, or the self-managed host): for links */
  readonly webAppUrl: string;
  /** AIRBYTE_WORKSPACE_ID: the workspace tools and the jobs sync default to; all the application's workspaces when unset */
  readonly workspaceId?: string;
  listWorkspaces(request: ListRequest, signal?: AbortSignal): Promise<RawWorkspacesPage>;
  getWorkspace(workspaceId: string, signal?: AbortSignal): Promise<RawWorkspace>;
  listOrganizations(signal?: AbortSignal): Promise<RawOrganizations>;
  listSources(request: ListRequest, signal?: AbortSignal): Promise<RawSourcesPage>;
  getSource(sourceId: string, signal?: AbortSignal): Promise<RawSource>;
  listDestinations(request: ListRequest, signal?: AbortSignal): Promise<RawDestinationsPage>;
  getDestination(destinationId: string, signal?: AbortSignal): Promise<RawDestination>;
  listConnections(request: ListRequest, signal?: AbortSignal): Promise<RawConnectionsPage>;
  getConnection(connectionId: string, signal?: AbortSignal): Promise<RawConnection>;
  /** the streams a source offers (to a destination); `refresh` makes Airbyte discover the source's schema again instead of answering from its cache */
  listStreams(request: { sourceId: string; destinationId?: string; refresh?: boolean }, signal?: AbortSignal): Promise<RawStreamProperties>;
  setConnectionStatus(connectionId: string, status: "active" | "inactive", signal?: AbortSignal): Promise<RawConnection>;
  /** starts a job at once and answers with it (pending or running) */
  createJob(connectionId: string, jobType: "sync" | "reset", signal?: AbortSignal): Promise<RawJob>;
  getJob(jobId: number, signal?: AbortSignal): Promise<RawJob>;
  listJobs(request: JobsRequest, signal?: AbortSignal): Promise<RawJobsPage>;
  cancelJob(jobId: number, signal?: AbortSignal): Promise<RawJob>;
  /** connection, source and destination names for a job's connection; cached, and empty for a connection that is gone */
  jobSubjects(connectionId: string, signal?: AbortSignal): Promise<JobSubjects>;
}

/** The offset of the next page, when the API says there is one (`next` is its URL). */
export function nextOffset(page: { readonly data: readonly unknown[]; readonly next?: string | null }, offset: number): number | undefined {
  if (!page.next) return undefined;
  try {
    const fromLink = new URL(page.next).searchParams.get("offset");
    if (fromLink !== null && /^\d+$/.test(fromLink) && Number(fromLink) > offset) return Number(fromLink);
  } catch {
    // a relative or odd link: fall back to counting
  }
  return page.data.length === 0 ? undefined : offset + page.data.length;
}

const apiBaseUrl = z.url({ protocol: /^https?$/ });

/** Paths resolve against AIRBYTE_API_URL when set, else against the runtime's base URL. */
export function airbytePathResolver(configured: string | undefined): (path: string) => string {
  if (configured === undefined || configured.trim() === "") return (path) => path;
  const base = apiBaseUrl.parse(configured.trim()).replace(/\/+$/, "");
  return (path) => `${base}${path}`;
}

/** Airbyte Cloud's web app for the Cloud API; a self-managed install serves both from one host. */
export function webAppUrlFor(apiUrl: string | undefined): string {
  if (apiUrl === undefined || apiUrl.trim() === "") return "https://cloud.airbyte.com";
  const url = new URL(apiUrl.trim());
  if (url.hostname === "api.airbyte.com") return "https://cloud.airbyte.com";
  return url.origin;
}

/** Connection names change rarely; a renamed connection shows in new memories within this long. */
const SUBJECTS_TTL_MS = 10 * 60_000;

const segment = encodeURIComponent;

function listQuery(request: ListRequest): Record<string, string | number | boolean | undefined> {
  return {
    workspaceIds: request.workspaceId,
    includeDeleted: request.includeDeleted,
    limit: request.limit,
    offset: request.offset,
  };
}

export function createApi({ http, credentials }: ApiFactoryContext): AirbyteApi {
  const at = airbytePathResolver(credentials.AIRBYTE_API_URL);
  const get = <T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal, query?: Record<string, string | number | boolean | undefined>) =>
    http.json({ method: "GET", url: at(path), signal, ...(query ? { query } : {}) }, schema);

  const getConnection: AirbyteApi["getConnection"] = (connectionId, signal) => get(`/connections/${segment(connectionId)}`, connectionSchema, signal);
  const getSource: AirbyteApi["getSource"] = (sourceId, signal) => get(`/sources/${segment(sourceId)}`, sourceSchema, signal);
  const getDestination: AirbyteApi["getDestination"] = (destinationId, signal) => get(`/destinations/${segment(destinationId)}`, destinationSchema, signal);
  const subjects = expiringCache<JobSubjects>({ maxEntries: 500, ttlMs: SUBJECTS_TTL_MS });

  return {
    webAppUrl: webAppUrlFor(credentials.AIRBYTE_API_URL),
    ...(credentials.AIRBYTE_WORKSPACE_ID?.trim() ? { workspaceId: credentials.AIRBYTE_WORKSPACE_ID.trim() } : {}),
    listWorkspaces: (request, signal) => get("/workspaces", workspacesPageSchema, signal, listQuery(request)),
    getWorkspace: (workspaceId, signal) => get(`/workspaces/${segment(workspaceId)}`, workspaceSchema, signal),
    listOrganizations: (signal) => get("/organizations", organizationsSchema, signal),
    listSources: (request, signal) => get("/sources", sourcesPageSchema, signal, listQuery(request)),
    getSource,
    listDestinations: (request, signal) => get("/destinations", destinationsPageSchema, signal, listQuery(request)),
    getDestination,
    listConnections: (request, signal) => get("/connections", connectionsPageSchema, signal, listQuery(request)),
    getConnection,
    listStreams: (request, signal) =>
      get("/streams", streamPropertiesSchema, signal, {
        sourceId: request.sourceId,
        destinationId: request.destinationId,
        ignoreCache: request.refresh ? true : undefined,
      }),
    setConnectionStatus: (connectionId, status, signal) =>
      http.json({ method: "PATCH", url: at(`/connections/${segment(connectionId)}`), body: { status }, signal }, connectionSchema),
    // a POST that starts a job: never retried after an ambiguous failure (it may have started one)
    createJob: (connectionId, jobType, signal) => http.json({ method: "POST", url: at("/jobs"), body: { connectionId, jobType }, signal }, jobSchema),
    getJob: (jobId, signal) => get(`/jobs/${jobId}`, jobSchema, signal),
    listJobs: (request, signal) =>
      get("/jobs", jobsPageSchema, signal, {
        workspaceIds: request.workspaceId,
        connectionId: request.connectionId,
        jobType: request.jobType,
        status: request.status,
        createdAtStart: request.createdAtStart,
        createdAtEnd: request.createdAtEnd,
        updatedAtStart: request.updatedAtStart,
        updatedAtEnd: request.updatedAtEnd,
        orderBy: request.orderBy,
        limit: request.limit,
        offset: request.offset,
      }),
    cancelJob: (jobId, signal) => http.json({ method: "DELETE", url: at(`/jobs/${jobId}`), signal }, jobSchema),
    jobSubjects: (connectionId, signal) =>
      subjects.getOrLoad(connectionId, async () => {
        let connection: RawConnection;
        try {
          connection = await getConnection(connectionId, signal);
        } catch (error) {
          // deleted since the job ran: the job is still worth remembering, by its ids
          if (error instanceof UpstreamError && error.status === 404) return {};
          throw error;
        }
        const [source, destination] = await Promise.all([
          getSource(connection.sourceId, signal).catch(ignoreNotFound),
          getDestination(connection.destinationId, signal).catch(ignoreNotFound),
        ]);
        return {
          connectionName: connection.name,
          workspaceId: connection.workspaceId,
          ...(source ? { sourceName: source.name, sourceType: source.sourceType } : {}),
          ...(destination ? { destinationName: destination.name, destinationType: destination.destinationType } : {}),
        };
      }),
  };
}

function ignoreNotFound(error: unknown): undefined {
  if (error instanceof UpstreamError && error.status === 404) return undefined;
  throw error;
}

