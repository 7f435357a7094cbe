/**
 * Linear's GraphQL endpoint over the runtime's PlatformHttp.fetch (which owns auth, pacing,
 * retries on 429/5xx, Retry-After and the circuit breaker). What this adds is GraphQL's own error
 * channel: Linear reports failures in `errors[]` with `extensions.code` / `extensions.type`, often
 * with HTTP 200 or 400, so a status check alone would call them success or lose the reason.
 *
 * Why not @linear/sdk's client: its LinearGraphQLClient calls the global fetch directly (no way to
 * hand it ours), and its models load every relation lazily with a request of its own (an issue's
 * state, team and assignee are three more round trips), which spends the hourly request budget
 * many times over. One hand-written query per operation fetches exactly what a tool returns.
 */
import { z } from "zod";
import { type PlatformFetchInit, type PlatformHttp, UpstreamError } from "../../../runtime/contract.js";

export interface GraphqlOperation {
  /** the operation name in the document, used in safe messages and as operationName */
  readonly name: string;
  readonly document: string;
  /** a query reads, so the runtime may retry it after a 5xx, a reset or a timeout; a mutation it must not */
  readonly kind: "query" | "mutation";
}

export type GraphqlRequest = <T>(
  operation: GraphqlOperation,
  variables: Readonly<Record<string, unknown>>,
  dataSchema: z.ZodType<T>,
  signal?: AbortSignal,
) => Promise<T>;

const graphqlErrorSchema = z.object({
  message: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z
    .object({
      code: z.string().optional(),
      type: z.string().optional(),
      userError: z.boolean().optional(),
      userPresentableMessage: z.string().optional(),
    })
    .optional(),
});
type GraphqlError = z.infer<typeof graphqlErrorSchema>;

const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).optional(),
});

const PLATFORM = "linear";
const PRESENTABLE_MAX = 300;

interface ErrorClass {
  readonly status: number;
  readonly retryable: boolean;
  readonly reason: string;
}

/** Linear sends both an upper-case `code` and a lower-case `type`; either identifies the class. */
function classify(error: GraphqlError, httpStatus: number): ErrorClass {
  const code = (error.extensions?.code ?? "").toUpperCase();
  const type = (error.extensions?.type ?? "").toLowerCase();
  if (code === "RATELIMITED" || type === "ratelimited") return { status: 429, retryable: true, reason: "rate limit reached" };
  if (code === "AUTHENTICATION_ERROR" || type === "authentication error") {
    return { status: 401, retryable: false, reason: "authentication failed (check LINEAR_API_KEY)" };
  }
  if (code === "FORBIDDEN" || type === "forbidden" || type === "feature not accessible") {
    return { status: 403, retryable: false, reason: "not permitted for this key" };
  }
  if (type === "usage limit exceeded" || code === "USAGE_LIMIT_EXCEEDED") {
    return { status: 402, retryable: false, reason: "workspace usage limit exceeded" };
  }
  if (code === "INTERNAL_ERROR" || type === "internal error" || type === "lock timeout" || code === "LOCK_TIMEOUT") {
    return { status: 503, retryable: true, reason: "Linear had an internal error" };
  }
  if (code === "GRAPHQL_VALIDATION_FAILED" || code === "GRAPHQL_PARSE_FAILED" || type === "graphql error") {
    return { status: 400, retryable: false, reason: "the query was rejected" };
  }
  if (code === "INPUT_ERROR" || code === "INVALID_INPUT" || type === "invalid input" || type === "user error" || error.extensions?.userError) {
    return { status: 400, retryable: false, reason: "invalid input" };
  }
  return { status: httpStatus >= 400 ? httpStatus : 502, retryable: httpStatus >= 500, reason: "Linear reported an error" };
}

/** Linear's user-presentable text ("Could not find referenced Issue.") is written for end users: safe to show, once clipped. */
function presentable(error: GraphqlError): string | undefined {
  const text = error.extensions?.userError ? error.extensions.userPresentableMessage : undefined;
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PRESENTABLE_MAX ? `${flat.slice(0, PRESENTABLE_MAX - 1)}…` : flat;
}

/** Retry-After (seconds) first, then Linear's reset headers (epoch milliseconds). */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter && /^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.ceil(Number(retryAfter) * 1000);
  const resets = ["x-ratelimit-requests-reset", "x-ratelimit-complexity-reset"]
    .map((name) => Number(headers.get(name)))
    .filter((value) => Number.isFinite(value) && value > 0);
  if (resets.length === 0) return undefined;
  return Math.max(0, Math.max(...resets) - now);
}

function errorFrom(operation: GraphqlOperation, errors: readonly GraphqlError[], response: Response): UpstreamError {
  const [first] = errors;
  const kind = first ? classify(first, response.status) : { status: response.status, retryable: false, reason: "error" };
  const shown = first ? presentable(first) : undefined;
  const detail = errors
    .slice(0, 3)
    .map((error) => `${error.extensions?.code ?? error.extensions?.type ?? "?"}: ${(error.message ?? "").slice(0, 200)}`)
    .join("; ");
  // a mutation that failed with a server error may still have been applied: repeating it is not safe
  const retryable = kind.retryable && (operation.kind === "query" || kind.status === 429);
  return new UpstreamError(
    PLATFORM,
    kind.status,
    retryable,
    `Linear ${operation.name}: ${kind.reason}${shown ? ` (${shown})` : ""}`,
    `http ${response.status}; ${detail}`,
    kind.status === 429 ? retryAfterMs(response.headers, Date.now()) : undefined,
  );
}

export function createGraphqlRequest(http: PlatformHttp, path = "/graphql"): GraphqlRequest {
  return async (operation, variables, dataSchema, signal) => {
    const init: PlatformFetchInit = {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: operation.document, variables, operationName: operation.name }),
      signal,
      idempotent: operation.kind === "query",
    };
    const response = await http.fetch(path, init);
    const text = await response.text();
    let json: unknown;
    try {
      json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const envelope = envelopeSchema.safeParse(json);
    const errors = envelope.success ? (envelope.data.errors ?? []) : [];
    if (errors.length > 0) throw errorFrom(operation, errors, response);
    if (!response.ok) {
      throw new UpstreamError(
        PLATFORM,
        response.status,
        response.status === 429 || (response.status >= 500 && operation.kind === "query"),
        `Linear answered ${response.status} for ${operation.name}`,
        `content-type: ${response.headers.get("content-type") ?? "none"}`,
        response.status === 429 ? retryAfterMs(response.headers, Date.now()) : undefined,
      );
    }
    if (!envelope.success || envelope.data.data === undefined || envelope.data.data === null) {
      throw new UpstreamError(PLATFORM, response.status, false, `Linear answered ${operation.name} without data`, "no data field");
    }
    const parsed = dataSchema.safeParse(envelope.data.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UpstreamError(
        PLATFORM,
        response.status,
        false,
        `Linear answered ${operation.name} with an unexpected shape at ${issue?.path.join(".") || "the top level"}`,
        parsed.error.issues
          .slice(0, 5)
          .map((entry) => `${entry.path.join(".")}: ${entry.message}`)
          .join("; "),
      );
    }
    return parsed.data;
  };
}
