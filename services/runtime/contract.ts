/**
 * The contract between the shared runtime and the platform definitions built on it.
 *
 * A platform (services/platforms/<platform>/index.ts) is one declarative value of type
 * PlatformDefinition: how to build its API client, its tools, its webhook verification and event
 * handling, and its batch syncs. Only the runtime touches HTTP serving, MCP transports, retries,
 * rate limits, the inbox and metrics. Handlers get their dependencies handed in (ToolContext), never
 * read the environment or module-level clients.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { z } from "zod";
import type { PlatformFacts } from "../fleet/facts.js";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { RefreshTokenStore } from "./http/refresh-token-store.js";
import type { ForwardRoute } from "./mcp/pass-through.js";

// ---------------------------------------------------------------------------------------------
// Tools

/** All four MCP annotation hints, always stated explicitly. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

export interface Clock {
  now(): Date;
}

/** Where events and synced records go: the memory service (idempotent by record key). */
export interface MemorySink {
  store(records: readonly MemoryRecord[]): Promise<void>;
  /**
   * Reads back one platform's memories, newest first (tools served from what a platform sent us).
   * Absent when no memory service is configured.
   */
  list?(query: MemoryListQuery): Promise<MemoryListPage>;
  /**
   * Deletes every memory of `source` (and `type`) whose record has `field` equal to `value`, e.g. a
   * person's memories on a privacy request. Absent when no memory service is configured.
   */
  deleteMatching?(match: MemoryMatch): Promise<{ readonly deleted: number }>;
}

export interface MemoryListQuery {
  readonly source: string;
  readonly type?: string;
  /** inclusive bounds on the record timestamp, ISO 8601 */
  readonly from?: string;
  readonly to?: string;
  /** default 20, at most 200 */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface MemoryListPage {
  readonly memories: readonly (MemoryRecord & { readonly id: string; readonly storedAt: string })[];
  readonly nextCursor?: string;
}

/** Memories of one source whose record's top-level `field` equals `value` (a string). */
export interface MemoryMatch {
  readonly source: string;
  readonly type?: string;
  /** a top-level key of MemoryRecord.record: letters, digits and "_" */
  readonly field: string;
  readonly value: string;
}

export interface ToolContext<Api> {
  readonly api: Api;
  readonly memory: MemorySink;
  readonly log: Logger;
  readonly clock: Clock;
  /** aborted when the client cancels or the server shuts down */
  readonly signal: AbortSignal;
  readonly settings: IntegrationSettings;
  /**
   * the public URL of this integration's webhook endpoint, for tools that register webhooks with the
   * platform (the <PLATFORM>_WEBHOOK_URL override, else the fleet's WEBHOOK_PUBLIC_URL); undefined
   * when the integration takes no webhooks or no public URL is known
   */
  readonly webhookUrl?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyZodObject = z.ZodObject<any>;

export interface ToolDefinition<Api, In extends AnyZodObject = AnyZodObject, Out extends AnyZodObject = AnyZodObject> {
  /** snake_case, platform-prefixed: hubspot_get_deal */
  readonly name: string;
  readonly title: string;
  /** written for a model: what it does, when to use it, what it returns */
  readonly description: string;
  /** group for toolset filtering, e.g. "calls", "crm", "messages" */
  readonly toolset: string;
  readonly input: In;
  readonly output: Out;
  readonly annotations: ToolAnnotations;
  handler(input: z.infer<In>, ctx: ToolContext<Api>): Promise<z.infer<Out>>;
}

/** Identity helper that keeps the input/output types of a tool inferred from its schemas. */
export function defineTool<Api>() {
  return <In extends AnyZodObject, Out extends AnyZodObject>(tool: ToolDefinition<Api, In, Out>): ToolDefinition<Api, In, Out> =>
    tool;
}

// ---------------------------------------------------------------------------------------------
// Platform API errors

/**
 * The one error type platform clients throw. The runtime turns it into an MCP isError result with
 * `safeMessage` only; `detail` goes to logs (redacted) and never to the caller.
 */
export class UpstreamError extends Error {
  constructor(
    readonly platform: string,
    /** HTTP status from the platform, or 0 for network / timeout / circuit-open failures */
    readonly status: number,
    readonly retryable: boolean,
    readonly safeMessage: string,
    readonly detail?: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${platform}: ${safeMessage}`);
    this.name = "UpstreamError";
  }
}

// ---------------------------------------------------------------------------------------------
// Memory records

export interface MemoryRecord {
  /** idempotency key: the same key never makes a second memory (e.g. "slack:event:Ev123") */
  readonly key: string;
  /** the platform's name (PlatformFacts.name) */
  readonly source: string;
  /** e.g. "message", "call", "deal", "issue" */
  readonly type: string;
  /** when the thing happened, ISO 8601 */
  readonly timestamp: string;
  readonly title?: string;
  /** text written to read well in search results */
  readonly content: string;
  /** the normalized structured record */
  readonly record: Readonly<Record<string, unknown>>;
  readonly url?: string;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

export interface RawWebhookRequest {
  readonly method: string;
  /** path and query as received by this server, e.g. /webhook/slack/events?x=1 */
  readonly url: string;
  /**
   * The URL the platform called, as it signed it (URI-signing schemes: HubSpot, Gong): the
   * integration's public webhook URL (<PLATFORM>_WEBHOOK_URL, else the fleet's WEBHOOK_PUBLIC_URL,
   * else this server's own origin and path) plus this request's query. Computed once, by the runtime
   * (services/runtime/webhook-url.ts).
   */
  readonly publicUrl: string;
  /** lower-cased header names */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
  readonly receivedAt: Date;
}

export type VerifyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/** Verifies a request came from the platform. Must not parse the body before the check passes. */
export type WebhookVerifier = (request: RawWebhookRequest) => VerifyResult | Promise<VerifyResult>;

/** A verified event, as stored in the inbox. */
export interface WebhookEvent {
  /** the platform's dedupe key (Slack event_id, Linear-Delivery, ...) */
  readonly dedupeKey: string;
  readonly type: string;
  /**
   * The event_subscriptions name this event falls under, in the platform's vocabulary (one of its
   * facts' webhook.subscriptions): when the integration lists event_subscriptions and this is not
   * among them, the event is acknowledged, counted and not stored. Undefined for events outside any
   * subscription (a platform's control messages), which are never filtered.
   */
  readonly subscription?: string;
  readonly payload: unknown;
}

/** An immediate answer that is not an event (Slack url_verification, Asana X-Hook-Secret, Figma PING). */
export interface HandshakeResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Readonly<Record<string, unknown>>;
}

export interface WebhookContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly settings: IntegrationSettings;
  /** the integration's public webhook URL, as on ToolContext */
  readonly webhookUrl?: string;
  /** the integration's credentials, as handed to `verifier` (e.g. what a handshake checks a registration with) */
  readonly credentials: Credentials;
  /**
   * Small durable key-value state of this integration (e.g. Asana's handshake secrets). With
   * MEMORY_URL set it lives on the memory server, so every replica reads what one of them wrote
   * (webhooks/shared-state.ts); otherwise in this server's inbox database.
   */
  readonly state: KeyValueState;
}

/** Asynchronous because the shared store is across the network; `set` resolves once the value is durable. */
export interface KeyValueState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export interface WebhookDefinition<Api> {
  /**
   * Handshake requests answered before verification (they carry no signature). Return undefined
   * for a normal event delivery.
   */
  handshake?(request: RawWebhookRequest, ctx: WebhookContext): HandshakeResponse | undefined | Promise<HandshakeResponse | undefined>;
  /**
   * Immediate answers to requests that passed the verifier but carry no event (Slack signs its
   * url_verification challenge, so an unsigned challenge must never be echoed). Called after the
   * verifier accepts the request and before parse; return undefined for a normal event delivery.
   */
  verifiedHandshake?(request: RawWebhookRequest, ctx: WebhookContext): HandshakeResponse | undefined;
  /** builds the verifier once, from the credentials and durable state */
  verifier(credentials: Credentials, ctx: WebhookContext): WebhookVerifier;
  /** parse the verified body into events (a HubSpot body is a batch); throw on a malformed body */
  parse(request: RawWebhookRequest): WebhookEvent[];
  /** asynchronously, from the inbox: turn an event into memory records (may call the API to enrich) */
  toMemory(event: WebhookEvent, ctx: ToolContext<Api>): Promise<MemoryRecord[]>;
}

// ---------------------------------------------------------------------------------------------
// Batch syncs

export interface SyncPage {
  readonly records: readonly MemoryRecord[];
  /** opaque position after this page; persisted once the page's records are stored */
  readonly checkpoint: string;
  /** records this run will yield in all, when the platform says (HubSpot search `total`); drives the ETA */
  readonly total?: number;
}

export interface SyncDefinition<Api> {
  /** one of the integration's sync_objects, e.g. "contacts" */
  readonly object: string;
  /** yields pages from `checkpoint` (undefined: from the beginning / default lookback) */
  run(checkpoint: string | undefined, ctx: ToolContext<Api>): AsyncIterable<SyncPage>;
}

// ---------------------------------------------------------------------------------------------
// The platform

export type Credentials = Readonly<Record<string, string | undefined>>;

export interface ApiFactoryContext {
  readonly credentials: Credentials;
  readonly settings: IntegrationSettings;
  /** the runtime's resilient HTTP client, configured for this platform */
  readonly http: PlatformHttp;
  readonly log: Logger;
  /** this server's writable data directory (INBOX_DIR's parent): a per-pod emptyDir in the cluster, a claim for the memory server and sync runners */
  readonly dataDir: string;
  /** FLEET_SERVERS (the fleet endpoint only): the servers it federates, as JSON; plain configuration set by the plan */
  readonly fleetServers?: string;
}

export interface HttpRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** absolute URL, or a path resolved against the client's base URL */
  readonly url: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** serialized as JSON unless a string or Buffer */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * the request has no side effects, so it may be retried like a GET (after a 500/502/504, a reset
   * connection or a timeout); for reads the platform takes as POST (search endpoints, GraphQL queries)
   */
  readonly idempotent?: boolean;
  /**
   * called with the final answer's status and headers (success or not) before its body is parsed:
   * for platforms whose quota state rides on response headers (Apollo's x-rate-limit-* windows)
   */
  readonly onResponse?: (response: { readonly status: number; readonly headers: Headers }) => void;
}

/**
 * What PlatformHttp.fetch accepts besides the standard RequestInit: our own callers may declare a
 * POST a read with `idempotent: true`, as on HttpRequest. Vendor SDKs never set it, so their
 * requests keep the method-based rule.
 */
export type PlatformFetchInit = RequestInit & Pick<HttpRequest, "idempotent">;

/**
 * The runtime's HTTP client for one platform: timeouts, jittered exponential backoff on 429/5xx and
 * network errors honouring Retry-After, client-side rate limiting from rate_limits, a circuit breaker,
 * auth headers (static or from a token manager) and typed UpstreamErrors.
 */
export interface PlatformHttp {
  /** performs the request and parses the JSON response with `schema` (a parse failure is an UpstreamError) */
  json<T>(request: HttpRequest, schema: z.ZodType<T>): Promise<T>;
  /**
   * a fetch-compatible function with the same policies, for vendor SDKs that accept a custom fetch;
   * its init may be a PlatformFetchInit
   */
  readonly fetch: typeof fetch;
}

export interface AuthScheme {
  /** headers to add to every request; called per request so refreshed tokens are picked up */
  headers(): Promise<Record<string, string>>;
  /** called once when the platform answers 401; returns true when a retry may succeed (token refreshed) */
  onUnauthorized?(): Promise<boolean>;
  /** for /readyz: undefined when fine, else what is wrong (e.g. "token refresh failing: 400") */
  problem?(): string | undefined;
}

/** What `auth()` is handed besides the credentials. */
export interface PlatformAuthContext {
  /** for token endpoints: in a server, a platform HTTP client of its own without auth */
  readonly fetch: typeof fetch;
  readonly baseUrl?: string;
  /** where a rotated OAuth refresh token is kept for the integration's other processes (OAuthTokenManager `store`) */
  readonly refreshTokens?: RefreshTokenStore;
}

export interface PlatformDefinition<Api> {
  /** the platform's facts (its facts.ts): name, title, credentials, sync objects, webhook proof */
  readonly facts: PlatformFacts;
  /** base URL of the platform's API; tests override it with PLATFORM_API_BASE_URL */
  readonly baseUrl: string;
  /**
   * how requests authenticate. `http.fetch` is for token endpoints (the platform client cannot
   * refresh its own auth, so in a server it is a second platform client without auth: timeouts,
   * retries, metrics, safe errors); `http.baseUrl` is where the platform client sends requests
   * (PLATFORM_API_BASE_URL, else `baseUrl`), so a token endpoint on the API host follows it too.
   * Callers that predate `baseUrl` omit it: fall back to the definition's `baseUrl`.
   */
  auth(credentials: Credentials, http: PlatformAuthContext): AuthScheme;
  createApi(ctx: ApiFactoryContext): Api;
  readonly tools: readonly ToolDefinition<Api>[];
  /**
   * For a server whose tools are not known until it runs (the fleet endpoint serves other servers'
   * tools): it answers tools/list and tools/call itself, and `tools` is empty.
   */
  toolProvider?(api: Api): ToolProvider | { readonly tools: readonly ToolDefinition<unknown>[] };
  readonly webhook?: WebhookDefinition<Api>;
  readonly syncs?: readonly SyncDefinition<Api>[];
  /** extra HTTP routes beside /mcp (e.g. the memory server's authenticated ingest endpoint) */
  routes?(ctx: ToolContext<Api>): readonly HttpRoute[];
  /** for /readyz: problems of the API's own dependencies (e.g. "memory store unreachable") */
  readiness?(api: Api): Promise<readonly string[]>;
  /** release what createApi opened (database handles, pools) on shutdown */
  dispose?(api: Api): Promise<void>;
}

/** Tools listed and called at run time (PlatformDefinition.toolProvider). */
export interface ToolProvider {
  /** the tools as MCP lists them (name, description, JSON Schemas, annotations, _meta) */
  list(signal: AbortSignal): Promise<readonly Tool[]>;
  /** one call; `signal` is the caller's (aborted when the agent cancels or goes away) */
  call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult>;
  /**
   * where a tools/call is forwarded as an HTTP pass-through (mcp/pass-through.ts), or undefined to
   * answer it with call(); without route every call goes to call()
   */
  route?(name: string): Promise<ForwardRoute | undefined>;
}

export interface HttpRouteRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export interface HttpRouteResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Readonly<Record<string, unknown>> | readonly unknown[];
}

/** A framework-independent route the runtime mounts (with its body limit, timeouts and logging). */
export interface HttpRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  handle(request: HttpRouteRequest): Promise<HttpRouteResponse>;
}
