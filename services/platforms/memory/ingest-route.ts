/**
 * POST /ingest: how the other servers' inboxes drain into memory.
 *
 * - Authenticated with `Authorization: Bearer <MEMORY_INGEST_TOKEN>`, compared in constant time.
 * - No token configured: every request is refused with 503. An unauthenticated write path into
 *   what agents read is never opened by accident; 503 (not 4xx) because the fix is configuration
 *   and the senders should keep their events and retry once it is set.
 * - A malformed body is 400 (retrying the same body cannot help); a store failure is 503 so the
 *   sender keeps the event in its inbox and retries.
 */
import { z } from "zod";
import { memoryRecordSchema } from "../../memory/types.js";
import { safeEqual } from "../../runtime/constant-time.js";
import type { HttpRoute, HttpRouteRequest, HttpRouteResponse, ToolContext } from "../../runtime/contract.js";
import type { MemoryApi } from "./api.js";

export const MAX_RECORDS_PER_INGEST = 1_000;

const ingestBodySchema = z.strictObject({
  records: z.array(memoryRecordSchema).max(MAX_RECORDS_PER_INGEST),
});

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

const unauthorized: HttpRouteResponse = {
  status: 401,
  headers: { "www-authenticate": 'Bearer realm="memory-ingest"' },
  body: { error: "unauthorized", message: "present MEMORY_INGEST_TOKEN as a bearer token" },
};

/** undefined when the request carries MEMORY_INGEST_TOKEN, else the answer refusing it (the write token of every fleet route here) */
export function refusal(ctx: ToolContext<MemoryApi>, request: HttpRouteRequest): HttpRouteResponse | undefined {
  const expected = ctx.api.ingestToken;
  if (expected === undefined) {
    return { status: 503, body: { error: "ingest_disabled", message: "MEMORY_INGEST_TOKEN is not configured on the memory server" } };
  }
  const presented = bearer(request.headers.authorization);
  if (presented === undefined || !safeEqual(presented, expected)) return unauthorized;
  return undefined;
}

/**
 * The request's JSON body checked against `schema`, or the 400 answer: "invalid_json", or `code`
 * with at most ten issues (paths and messages only: a value is never echoed back).
 */
export function parseJsonBody<T>(request: HttpRouteRequest, schema: z.ZodType<T>, code = "invalid_body"): { data: T } | { answer: HttpRouteResponse } {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return { answer: { status: 400, body: { error: "invalid_json", message: "body is not JSON" } } };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { answer: { status: 400, body: { error: code, issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message })) } } };
  }
  return { data: parsed.data };
}

export function ingestRoute(ctx: ToolContext<MemoryApi>): HttpRoute {
  return {
    method: "POST",
    path: "/ingest",
    async handle(request) {
      const refused = refusal(ctx, request);
      if (refused !== undefined) return refused;

      const parsed = parseJsonBody(request, ingestBodySchema);
      if ("answer" in parsed) return parsed.answer;
      try {
        const result = await ctx.api.store.store(parsed.data.records);
        ctx.log.info({ stored: result.stored, duplicates: result.duplicates }, "memory ingest");
        return { status: 200, body: { stored: result.stored, duplicates: result.duplicates } };
      } catch (error) {
        ctx.log.error({ err: error, records: parsed.data.records.length }, "memory ingest failed");
        return { status: 503, headers: { "retry-after": "5" }, body: { error: "store_failed", message: "memory store unavailable, retry later" } };
      }
    },
  };
}
