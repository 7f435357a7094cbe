/**
 * One Lambda Cloud call over the runtime's fetch (which owns auth, pacing, retries and the circuit
 * breaker): unwraps `{ data }` with the endpoint's schema, and turns `{ error: { code, message } }`
 * into an UpstreamError whose message names Lambda's error code, because that code is what tells a
 * caller what to do (`instance-operations/launch/insufficient-capacity`, `global/quota-exceeded`).
 * Lambda's messages are its own fixed texts about the request, never our credentials.
 */
import type { z } from "zod";
import { UpstreamError, type PlatformHttp } from "../../../runtime/contract.js";
import { errorEnvelopeSchema } from "../types/raw.js";

const PLATFORM = "lambda_labs";

export interface LambdaRequest {
  readonly method: "GET" | "POST";
  /** path under the API origin, e.g. /api/v1/instances */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export async function lambdaCall<T>(http: PlatformHttp, request: LambdaRequest, schema: z.ZodType<T>): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) params.set(key, value);
  const target = params.size > 0 ? `${request.path}?${params.toString()}` : request.path;
  const described = `${request.method} ${request.path}`;
  const response = await http.fetch(target, {
    method: request.method,
    headers: { accept: "application/json", ...(request.body !== undefined && { "content-type": "application/json" }) },
    ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
    ...(request.signal !== undefined && { signal: request.signal }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new UpstreamError(PLATFORM, response.status, false, `Lambda Labs answered ${described} with a body that is not JSON`, `status ${response.status}`);
  }
  if (!response.ok) {
    const failure = errorEnvelopeSchema.safeParse(json);
    const retryable = response.status === 429 || response.status === 503;
    if (!failure.success) throw new UpstreamError(PLATFORM, response.status, retryable, `Lambda Labs answered ${response.status} for ${described}`);
    const { code, message, suggestion } = failure.data.error;
    const advice = suggestion === undefined ? "" : ` ${suggestion}`;
    throw new UpstreamError(PLATFORM, response.status, retryable, `Lambda Labs answered ${response.status} (${code}) for ${described}: ${message}${advice}`, `code=${code}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const where = first === undefined || first.path.length === 0 ? "the top level" : first.path.join(".");
    throw new UpstreamError(PLATFORM, response.status, false, `Lambda Labs answered ${described} with an unexpected shape at ${where}: ${first?.message ?? "invalid"}`);
  }
  return parsed.data;
}
