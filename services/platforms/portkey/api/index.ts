/**
 * The Portkey Admin API (analytics, logs, configs, virtual keys, prompts, feedback) as thin typed
 * functions over the runtime's HTTP client, which owns the x-portkey-api-key header, pacing,
 * retries and errors.
 *
 * Why not the portkey-ai SDK: it is built on the `openai` client with its own retry loop and
 * transport; the admin endpoints we need are a dozen plain JSON GETs, so we call them directly and
 * parse every response.
 */
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import {
  type RawConfigDetail,
  type RawGraph,
  type RawGroup,
  type RawLog,
  type RawRender,
  configDetailSchema,
  configListSchema,
  feedbackResultSchema,
  graphSchema,
  groupSchema,
  logSchema,
  promptListSchema,
  renderSchema,
  virtualKeyListSchema,
} from "../types/raw.js";
import type { z } from "zod";

/** The graphs we read, by our name: the path under /v1/analytics/graphs. */
export const GRAPHS = {
  cost: "cost",
  requests: "requests",
  tokens: "tokens",
  latency: "latency",
  errors: "errors",
  error_rate: "errors/rate",
} as const;
export type GraphMetric = keyof typeof GRAPHS;

export const GROUPS = ["ai-models", "users", "metadata"] as const;
export type GroupBy = (typeof GROUPS)[number];

export interface AnalyticsFilter {
  readonly workspaceSlug: string;
  /** ISO 8601 */
  readonly from: string;
  readonly to: string;
  readonly models?: readonly string[];
  readonly configs?: readonly string[];
  readonly virtualKeys?: readonly string[];
  /** metadata key/value pairs every request must carry */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface PortkeyApi {
  /** PORTKEY_WORKSPACE_ID: the workspace_slug analytics calls need when a call names none */
  readonly defaultWorkspace?: string;
  graph(metric: GraphMetric, filter: AnalyticsFilter, signal?: AbortSignal): Promise<RawGraph>;
  group(by: GroupBy, filter: AnalyticsFilter, page: { metadataKey?: string; currentPage: number; pageSize: number }, signal?: AbortSignal): Promise<RawGroup>;
  getLog(id: string, signal?: AbortSignal): Promise<RawLog>;
  listConfigs(signal?: AbortSignal): Promise<z.infer<typeof configListSchema>>;
  getConfig(slug: string, signal?: AbortSignal): Promise<RawConfigDetail>;
  listVirtualKeys(page: { currentPage: number; pageSize: number }, signal?: AbortSignal): Promise<z.infer<typeof virtualKeyListSchema>>;
  listPrompts(query: { search?: string; collectionId?: string; currentPage: number; pageSize: number }, signal?: AbortSignal): Promise<z.infer<typeof promptListSchema>>;
  renderPrompt(promptId: string, variables: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<RawRender>;
  createFeedback(feedback: { trace_id: string; value: number; weight?: number; metadata?: Readonly<Record<string, string>> }, signal?: AbortSignal): Promise<z.infer<typeof feedbackResultSchema>>;
}

const segment = encodeURIComponent;
const list = (values: readonly string[] | undefined) => (values === undefined || values.length === 0 ? undefined : values.join(","));

function analyticsQuery(filter: AnalyticsFilter) {
  return {
    workspace_slug: filter.workspaceSlug,
    time_of_generation_min: filter.from,
    time_of_generation_max: filter.to,
    ai_org_model: list(filter.models),
    configs: list(filter.configs),
    virtual_keys: list(filter.virtualKeys),
    metadata: filter.metadata === undefined || Object.keys(filter.metadata).length === 0 ? undefined : JSON.stringify(filter.metadata),
  };
}

export function createApi({ http, credentials }: ApiFactoryContext): PortkeyApi {
  const defaultWorkspace = credentials.PORTKEY_WORKSPACE_ID?.trim() || undefined;
  return {
    ...(defaultWorkspace !== undefined && { defaultWorkspace }),
    graph: (metric, filter, signal) => http.json({ method: "GET", url: `/v1/analytics/graphs/${GRAPHS[metric]}`, query: analyticsQuery(filter), signal }, graphSchema),
    group: (by, filter, page, signal) =>
      http.json(
        {
          method: "GET",
          url: by === "metadata" ? `/v1/analytics/groups/metadata/${segment(page.metadataKey ?? "")}` : `/v1/analytics/groups/${by}`,
          query: { ...analyticsQuery(filter), current_page: page.currentPage, page_size: page.pageSize },
          signal,
        },
        groupSchema,
      ),
    getLog: (id, signal) => http.json({ method: "GET", url: `/v1/logs/${segment(id)}`, signal }, logSchema),
    listConfigs: (signal) => http.json({ method: "GET", url: "/v1/configs", signal }, configListSchema),
    getConfig: (slug, signal) => http.json({ method: "GET", url: `/v1/configs/${segment(slug)}`, signal }, configDetailSchema),
    listVirtualKeys: (page, signal) =>
      http.json({ method: "GET", url: "/v1/virtual-keys", query: { current_page: page.currentPage, page_size: page.pageSize }, signal }, virtualKeyListSchema),
    listPrompts: (query, signal) =>
      http.json(
        {
          method: "GET",
          url: "/v1/prompts",
          query: { search: query.search, collection_id: query.collectionId, current_page: query.currentPage, page_size: query.pageSize },
          signal,
        },
        promptListSchema,
      ),
    // rendering fills a template and calls no model: a read Portkey takes as POST
    renderPrompt: (promptId, variables, signal) =>
      http.json({ method: "POST", url: `/v1/prompts/${segment(promptId)}/render`, body: { variables }, signal, idempotent: true }, renderSchema),
    createFeedback: (feedback, signal) => http.json({ method: "POST", url: "/v1/feedback", body: feedback, signal }, feedbackResultSchema),
  };
}
