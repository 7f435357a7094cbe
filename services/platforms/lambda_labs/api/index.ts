/**
 * The Lambda Cloud API (REST under /api/v1, no vendor SDK) as thin typed functions over the
 * runtime's HTTP client, which owns the Bearer key, retries, Retry-After and the overall pace
 * (`rate_limits.api_calls_per_minute`: Lambda allows about one request a second).
 *
 * Launches have a tighter limit of their own, one per 12 seconds (five a minute), so launch calls
 * also take a slot from a second pacer here before they join the overall pace.
 */
import { expiringCache } from "../../../runtime/cache.js";
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { RequestPacer, realSleep, type Sleep } from "../../../runtime/http/pacing.js";
import {
  type RawAuditEventsPage,
  type RawFileSystem,
  type RawInstance,
  type RawInstanceTypes,
  type RawSshKey,
  auditEventsPageSchema,
  envelope,
  fileSystemSchema,
  instanceSchema,
  instanceTypesSchema,
  launchResultSchema,
  restartResultSchema,
  sshKeySchema,
  terminateResultSchema,
} from "../types/raw.js";
import { z } from "zod";
import { type InstanceLaunch, launchesIn } from "./launches.js";
import { lambdaCall } from "./request.js";

/** Lambda's documented launch limit: one request per 12 s, five per minute. */
export const LAUNCHES_PER_MINUTE = 5;
/** How far back the audit log is read to find when (and by whom) running instances were launched. */
export const LAUNCH_LOOKBACK_DAYS = 30;
/** Audit pages read per launch lookup at most (each costs a paced request). */
export const LAUNCH_LOOKUP_MAX_PAGES = 5;

export interface LaunchRequest {
  readonly region_name: string;
  readonly instance_type_name: string;
  readonly ssh_key_names: readonly string[];
  readonly name?: string;
  readonly hostname?: string;
  readonly file_system_names?: readonly string[];
  readonly image?: { readonly family: string } | { readonly id: string };
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
}

export interface AuditQuery {
  readonly start?: string;
  readonly end?: string;
  readonly pageToken?: string;
  readonly resourceType?: string;
}

export interface LambdaLabsApi {
  /** LAMBDA_LABS_SSH_KEY: the key new instances get when a launch names none */
  readonly defaultSshKeyName?: string;
  instanceTypes(signal?: AbortSignal): Promise<RawInstanceTypes>;
  listInstances(signal?: AbortSignal): Promise<RawInstance[]>;
  getInstance(id: string, signal?: AbortSignal): Promise<RawInstance>;
  listSshKeys(signal?: AbortSignal): Promise<RawSshKey[]>;
  listFileSystems(signal?: AbortSignal): Promise<RawFileSystem[]>;
  auditEvents(query: AuditQuery, signal?: AbortSignal): Promise<RawAuditEventsPage>;
  /**
   * When and by whom instances were launched, from the audit log since `since` (at most
   * LAUNCH_LOOKUP_MAX_PAGES pages); cached for a minute, so a burst of tool calls reads it once.
   */
  launches(since: string, signal?: AbortSignal): Promise<ReadonlyMap<string, InstanceLaunch>>;
  /** spends money: starts billing for a new instance */
  launch(request: LaunchRequest, signal?: AbortSignal): Promise<string[]>;
  restart(instanceIds: readonly string[], signal?: AbortSignal): Promise<RawInstance[]>;
  terminate(instanceIds: readonly string[], signal?: AbortSignal): Promise<RawInstance[]>;
}

export interface LambdaApiOptions {
  /** what the launch pacer sleeps with (tests record the waits instead) */
  readonly sleep?: Sleep;
  readonly now?: () => number;
}

const segment = encodeURIComponent;

export function createLambdaApi({ http, credentials }: ApiFactoryContext, options: LambdaApiOptions = {}): LambdaLabsApi {
  const launchPacer = new RequestPacer(LAUNCHES_PER_MINUTE, options.sleep ?? realSleep, options.now);
  const launchCache = expiringCache<ReadonlyMap<string, InstanceLaunch>>({ maxEntries: 4, ttlMs: 60_000 });
  const auditEvents: LambdaLabsApi["auditEvents"] = (query, signal) =>
    lambdaCall(
      http,
      {
        method: "GET",
        path: "/api/v1/audit-events",
        query: { start: query.start, end: query.end, page_token: query.pageToken, resource_type: query.resourceType },
        signal,
      },
      auditEventsPageSchema,
    );
  const defaultSshKeyName = credentials.LAMBDA_LABS_SSH_KEY?.trim() || undefined;
  return {
    ...(defaultSshKeyName !== undefined && { defaultSshKeyName }),
    instanceTypes: (signal) => lambdaCall(http, { method: "GET", path: "/api/v1/instance-types", signal }, envelope(instanceTypesSchema)).then((r) => r.data),
    listInstances: (signal) => lambdaCall(http, { method: "GET", path: "/api/v1/instances", signal }, envelope(z.array(instanceSchema))).then((r) => r.data),
    getInstance: (id, signal) => lambdaCall(http, { method: "GET", path: `/api/v1/instances/${segment(id)}`, signal }, envelope(instanceSchema)).then((r) => r.data),
    listSshKeys: (signal) => lambdaCall(http, { method: "GET", path: "/api/v1/ssh-keys", signal }, envelope(z.array(sshKeySchema))).then((r) => r.data),
    listFileSystems: (signal) => lambdaCall(http, { method: "GET", path: "/api/v1/file-systems", signal }, envelope(z.array(fileSystemSchema))).then((r) => r.data),
    auditEvents,
    launches: (since, signal) =>
      launchCache.getOrLoad(since.slice(0, 13), async () => {
        const pages: RawAuditEventsPage[] = [];
        let pageToken: string | undefined;
        do {
          const page = await auditEvents({ start: since, resourceType: "instance", ...(pageToken !== undefined && { pageToken }) }, signal);
          pages.push(page);
          pageToken = page.page_token ?? undefined;
        } while (pageToken !== undefined && pages.length < LAUNCH_LOOKUP_MAX_PAGES);
        return launchesIn(pages.flatMap((page) => page.data));
      }),
    async launch(request, signal) {
      await launchPacer.acquire(signal);
      const result = await lambdaCall(http, { method: "POST", path: "/api/v1/instance-operations/launch", body: request, signal }, envelope(launchResultSchema));
      return result.data.instance_ids;
    },
    restart: (instanceIds, signal) =>
      lambdaCall(http, { method: "POST", path: "/api/v1/instance-operations/restart", body: { instance_ids: instanceIds }, signal }, envelope(restartResultSchema)).then(
        (r) => r.data.restarted_instances,
      ),
    terminate: (instanceIds, signal) =>
      lambdaCall(http, { method: "POST", path: "/api/v1/instance-operations/terminate", body: { instance_ids: instanceIds }, signal }, envelope(terminateResultSchema)).then(
        (r) => r.data.terminated_instances,
      ),
  };
}

export function createApi(ctx: ApiFactoryContext): LambdaLabsApi {
  return createLambdaApi(ctx);
}
