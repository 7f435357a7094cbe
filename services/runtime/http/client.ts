/**
 * The platform HTTP client every platform uses (PlatformHttp in contract.ts): `json()` for our own
 * calls, parsed with a zod schema, and a fetch-compatible `fetch` for vendor SDKs that accept one.
 * Both go through the same RequestExecutor, so timeouts, retries, pacing, the circuit breaker,
 * token refresh and metrics live once.
 */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { z } from "zod";
import { UpstreamError, type AuthScheme, type HttpRequest, type PlatformHttp } from "../contract.js";
import { RequestExecutor, type PreparedRequest } from "./executor.js";
import { upstreamMetrics } from "./metrics.js";
import { RequestPacer, realSleep } from "./pacing.js";
import { isRetryable } from "./retry-rules.js";
import { describeRequest, statusMessage } from "./safe-messages.js";

export interface PlatformHttpOptions {
  readonly platform: string;
  /** the platform's title from its facts ("HubSpot"), for messages */
  readonly title: string;
  readonly baseUrl: string;
  readonly auth: AuthScheme;
  /** rate_limits.api_calls_per_minute: requests are paced evenly just under this rate */
  readonly apiCallsPerMinute?: number;
  readonly registry: Registry;
  readonly log: Logger;
  /** per attempt, including reading the body for json(); default 30 s */
  readonly timeoutMs?: number;
  /** attempts per request including the first; default 4 */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** longest Retry-After we wait for inside one call; longer ends in a retryable 429 UpstreamError. Default 30 s */
  readonly maxRetryWaitMs?: number;
  /** default: open after 5 consecutive 5xx/transport failures, probe again after 30 s */
  readonly circuitBreaker?: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
  /** full-jitter backoff base and cap; default 500 ms and 20 s */
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
}

export function createPlatformHttp(options: PlatformHttpOptions): PlatformHttp {
  const sleep = options.sleep ?? realSleep;
  const executor = new RequestExecutor({
    platform: options.platform,
    title: options.title,
    auth: options.auth,
    log: options.log,
    metrics: upstreamMetrics(options.registry),
    pacer: new RequestPacer(options.apiCallsPerMinute, sleep),
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    backoffBaseMs: options.backoff?.baseMs ?? 500,
    backoffCapMs: options.backoff?.capMs ?? 20_000,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    breaker: options.circuitBreaker ?? { consecutiveFailures: 5, halfOpenAfterMs: 30_000 },
    sleep,
    random: options.random ?? Math.random,
  });
  const resolve = (url: string): URL => resolveUrl(options.baseUrl, url);

  return {
    json: <T>(request: HttpRequest, schema: z.ZodType<T>) => jsonCall(executor, options.platform, options.title, resolve, request, schema),
    fetch: (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const resolved = typeof input === "string" ? resolve(input) : input;
      const request = new Request(resolved, init);
      const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
      const executed = await executor.execute({
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body,
        signal: init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined,
        readBody: false,
        // only our own callers set this (PlatformFetchInit); a vendor SDK's POST keeps the method rule
        declaredRead: init !== undefined && "idempotent" in init && init.idempotent === true,
      });
      return executed.response;
    }) as typeof fetch,
  };
}

/** Paths resolve against the base URL keeping its own path (`https://x/api/v1` + `/instances`). */
export function resolveUrl(baseUrl: string, url: string): URL {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return new URL(url);
  return new URL(`${baseUrl.replace(/\/+$/, "")}/${url.replace(/^\/+/, "")}`);
}

async function jsonCall<T>(
  executor: RequestExecutor,
  platform: string,
  title: string,
  resolve: (url: string) => URL,
  request: HttpRequest,
  schema: z.ZodType<T>,
): Promise<T> {
  const url = resolve(request.url);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const headers = new Headers(request.headers);
  if (!headers.has("accept")) headers.set("accept", "application/json");
  let body: string | Uint8Array | undefined;
  if (typeof request.body === "string" || request.body instanceof Uint8Array) {
    body = request.body;
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const prepared: PreparedRequest = {
    method: request.method,
    url,
    headers,
    body,
    signal: request.signal,
    readBody: true,
    declaredRead: request.idempotent === true,
  };
  const { response, bodyText = "", idempotent, retryAfterMs } = await executor.execute(prepared);
  request.onResponse?.({ status: response.status, headers: response.headers });
  const described = describeRequest(request.method, url);

  if (!response.ok) {
    const outcome = { kind: "response", status: response.status, headers: response.headers } as const;
    throw new UpstreamError(
      platform,
      response.status,
      isRetryable(outcome, idempotent),
      statusMessage(title, response.status, request.method, url),
      errorSummary(bodyText),
      retryAfterMs,
    );
  }

  let parsedJson: unknown;
  if (bodyText.trim() !== "") {
    try {
      parsedJson = JSON.parse(bodyText);
    } catch {
      throw new UpstreamError(platform, response.status, false, `${title} answered ${described} with a body that is not JSON`, `content-type: ${response.headers.get("content-type") ?? "none"}`);
    }
  }
  const parsed = schema.safeParse(parsedJson);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first === undefined || first.path.length === 0 ? "the top level" : formatPath(first.path);
    throw new UpstreamError(
      platform,
      response.status,
      false,
      `${title} answered ${described} with an unexpected shape at ${where}: ${first?.message ?? "invalid"}`,
      parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
        .join("; "),
    );
  }
  return parsed.data;
}

/** `["results", 0, "id"]` → `results[0].id` */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`), "");
}

const ERROR_FIELDS = ["error", "error_description", "code", "category", "message", "status"] as const;

/**
 * For logs only (UpstreamError.detail): the platform's error code and message fields, not the whole
 * body, which can echo back the personal data we sent.
 */
function errorSummary(bodyText: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed === null || typeof parsed !== "object") return undefined;
    const fields = ERROR_FIELDS.flatMap((name) => {
      const value = (parsed as Record<string, unknown>)[name];
      return typeof value === "string" || typeof value === "number" ? [`${name}=${String(value).slice(0, 200)}`] : [];
    });
    return fields.length === 0 ? undefined : fields.join(" ");
  } catch {
    return undefined;
  }
}
