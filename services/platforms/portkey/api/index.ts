/**
 * The Portkey Admin API (analytics, logs, configs, virtual keys, prompts, feedback) as thin typed
 * functions over the runtime's HTTP client, which owns the x-portkey-api-key header, pacing,
 * retries and errors.
 *
 * Why not the portkey-ai SDK: it is built on the `openai` client with its own retry loop and
 * transport; the admin endpoints we need are a dozen plain JSON GETs, so we call them directly and
 * parse every response.
 */
import { type ApiFactoryContext, UpstreamError } from "../../../runtime/contract.js";
import {
  type RawConfigDetail,
  type RawGraph,
  type RawGroup,
  type RawLog,
  type RawLogExport,
  type RawLogExportRow,
  type RawRender,
  configDetailSchema,
  configListSchema,
  feedbackResultSchema,
  graphSchema,
  groupSchema,
  logExportCreatedSchema,
  logExportDownloadSchema,
  logExportRowSchema,
  logExportSchema,
  logExportTaskSchema,
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

export interface LogExportFilter {
  /** ISO 8601 */
  readonly from: string;
  readonly to: string;
  readonly model?: string;
  readonly statusCodes?: readonly number[];
  readonly traceId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** logs in the export at most (its page_size) */
  readonly maxLogs: number;
}

/**
 * The columns an export asks for (LogExportsRequestedData): everything a reader needs, and not
 * request_url (a provider URL can carry a key in its query string).
 */
export const EXPORT_COLUMNS = [
  "id", "trace_id", "created_at", "request", "response", "is_success", "ai_org", "ai_model", "req_units", "res_units",
  "total_units", "cost", "cost_currency", "response_time", "response_status_code", "config", "prompt_slug", "metadata",
] as const;

/** One exported line longer than this is refused rather than held in memory. */
const MAX_EXPORT_LINE_CHARS = 2_000_000;

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
  /** creates a log export (a draft) and starts it; Portkey builds the file in the background */
  startLogExport(filter: LogExportFilter, signal?: AbortSignal): Promise<{ id: string; total: number | undefined }>;
  getLogExport(id: string, signal?: AbortSignal): Promise<RawLogExport>;
  /** the first `maxRows` lines of a finished export's file, and whether it holds more */
  readLogExport(id: string, maxRows: number, signal?: AbortSignal): Promise<{ rows: RawLogExportRow[]; more: boolean }>;
}

/**
 * Where a signed download URL may point: https anywhere (Portkey's object storage), plain http only
 * on loopback (the tests' fake). It is fetched without any Portkey header: the API key never goes to
 * the storage host, and the URL itself (it grants access) is never shown.
 */
function downloadUrl(signed: string): URL {
  let url: URL;
  try {
    url = new URL(signed);
  } catch {
    throw new UpstreamError("portkey", 502, false, "Portkey returned an unusable log export download URL");
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) throw new UpstreamError("portkey", 502, false, "Portkey returned a log export download URL that is not https");
  return url;
}

async function readJsonLines(url: URL, maxRows: number, signal: AbortSignal | undefined): Promise<{ rows: RawLogExportRow[]; more: boolean }> {
  const response = await fetch(url, { redirect: "error", ...(signal ? { signal } : {}) }).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    throw new UpstreamError("portkey", 0, true, "Portkey's log export file could not be downloaded (network)");
  });
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new UpstreamError("portkey", response.status, response.status >= 500, `Portkey's log export file could not be downloaded (HTTP ${response.status})`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const rows: RawLogExportRow[] = [];
  let buffer = "";
  let line = 0;
  const take = (text: string): boolean => {
    if (text.trim() === "") return false;
    line += 1;
    if (rows.length === maxRows) return true;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamError("portkey", 502, false, `Portkey's log export file is not JSON Lines (line ${line})`);
    }
    const parsed = logExportRowSchema.safeParse(json);
    if (!parsed.success) throw new UpstreamError("portkey", 502, false, `Portkey's log export file has an unexpected line ${line}`, parsed.error.issues[0]?.message);
    rows.push(parsed.data);
    return false;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value !== undefined) buffer += value;
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        if (take(buffer.slice(0, newline))) return { rows, more: true };
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
      if (buffer.length > MAX_EXPORT_LINE_CHARS) throw new UpstreamError("portkey", 502, false, `Portkey's log export file has a line over ${MAX_EXPORT_LINE_CHARS} characters`);
      if (done) return { rows, more: take(buffer) };
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
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
    async startLogExport(filter, signal) {
      const filters = {
        time_of_generation_min: filter.from,
        time_of_generation_max: filter.to,
        ...(filter.model !== undefined && { ai_model: filter.model }),
        ...(filter.statusCodes !== undefined && filter.statusCodes.length > 0 && { status_code: filter.statusCodes.join(",") }),
        ...(filter.traceId !== undefined && { trace_id: filter.traceId }),
        ...(filter.metadata !== undefined && Object.keys(filter.metadata).length > 0 && { metadata: filter.metadata }),
        page_size: filter.maxLogs,
        current_page: 0,
      };
      const created = await http.json({ method: "POST", url: "/v1/logs/exports", body: { filters, requested_data: EXPORT_COLUMNS }, signal }, logExportCreatedSchema);
      await http.json({ method: "POST", url: `/v1/logs/exports/${segment(created.id)}/start`, signal }, logExportTaskSchema);
      return { id: created.id, total: created.total };
    },
    getLogExport: (id, signal) => http.json({ method: "GET", url: `/v1/logs/exports/${segment(id)}`, signal }, logExportSchema),
    async readLogExport(id, maxRows, signal) {
      const { signed_url } = await http.json({ method: "GET", url: `/v1/logs/exports/${segment(id)}/download`, signal }, logExportDownloadSchema);
      return readJsonLines(downloadUrl(signed_url), maxRows, signal);
    },
  };
}
