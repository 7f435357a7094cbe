/**
 * Per-platform webhook state, for the servers whose replicas must share a value one of them learned
 * (Asana's handshake secret): the memory server is the fleet's one durable store every pod reaches.
 *
 *   GET  /state?platform=<platform>&key=<key>   200 { platform, key, value } | 404
 *   POST /state   { platform, key, value }      200 { platform, key } once the value is durable
 *   POST /state   { platform, key, value, expected }   compare-and-set: stored only if the current
 *                 value is `expected` (null: unset), else 409 { error: "conflict" } (an OAuth
 *                 refresh token another replica rotated first: runtime/http/refresh-token-store.ts)
 *
 * Behind the ingest token like every fleet route here: `Authorization: Bearer <MEMORY_INGEST_TOKEN>`
 * (ingest-route.ts `refusal`), reads too, since the values are secrets. Values are never logged and never
 * echoed in errors; names (platform, key) are, as they say nothing secret. (Exact paths with the
 * names in the query or the body, because the runtime mounts a definition's routes by exact path.)
 */
import { z } from "zod";
import type { HttpRoute, HttpRouteRequest, HttpRouteResponse, ToolContext } from "../../runtime/contract.js";
import type { MemoryApi } from "./api.js";
import { parseJsonBody, refusal } from "./ingest-route.js";

export const STATE_PATH = "/state";
export const MAX_STATE_VALUE_CHARS = 16_384;

const platformName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a platform name (lower case letters, digits, _)");
const stateKey = z.string().regex(/^[A-Za-z0-9._:-]{1,256}$/, "must be 1-256 characters of A-Z a-z 0-9 . _ : -");
const nameSchema = z.strictObject({ platform: platformName, key: stateKey });
const putSchema = z.strictObject({
  platform: platformName,
  key: stateKey,
  value: z.string().max(MAX_STATE_VALUE_CHARS),
  expected: z.string().max(MAX_STATE_VALUE_CHARS).nullable().optional(),
});

function invalid(error: z.ZodError): HttpRouteResponse {
  // paths and messages only: a value is never echoed back
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message }));
  return { status: 400, body: { error: "invalid_request", issues } };
}

const storeFailed: HttpRouteResponse = { status: 503, headers: { "retry-after": "5" }, body: { error: "store_failed", message: "webhook state unavailable, retry later" } };

export function stateRoutes(ctx: ToolContext<MemoryApi>): HttpRoute[] {
  const store = ctx.api.webhookState;
  const read: HttpRoute = {
    method: "GET",
    path: STATE_PATH,
    async handle(request: HttpRouteRequest) {
      const refused = refusal(ctx, request);
      if (refused !== undefined) return refused;
      const parsed = nameSchema.safeParse({ platform: request.query.platform, key: request.query.key });
      if (!parsed.success) return invalid(parsed.error);
      const { platform, key } = parsed.data;
      let value: string | undefined;
      try {
        value = store.get(platform, key);
      } catch (error) {
        ctx.log.error({ platform, key, error: error instanceof Error ? error.message : String(error) }, "webhook state read failed");
        return storeFailed;
      }
      if (value === undefined) return { status: 404, body: { error: "not_found", platform, key } };
      return { status: 200, headers: { "cache-control": "no-store" }, body: { platform, key, value } };
    },
  };
  const write: HttpRoute = {
    method: "POST",
    path: STATE_PATH,
    async handle(request: HttpRouteRequest) {
      const refused = refusal(ctx, request);
      if (refused !== undefined) return refused;
      const parsed = parseJsonBody(request, putSchema, "invalid_request");
      if ("answer" in parsed) return parsed.answer;
      const { platform, key, value, expected } = parsed.data;
      try {
        if (expected === undefined) store.set(platform, key, value, ctx.clock.now().getTime());
        else if (!store.compareAndSet(platform, key, expected, value, ctx.clock.now().getTime())) {
          return { status: 409, body: { error: "conflict", message: "the stored value is not the expected one", platform, key } };
        }
      } catch (error) {
        ctx.log.error({ platform, key, error: error instanceof Error ? error.message : String(error) }, "webhook state write failed");
        return storeFailed;
      }
      ctx.log.info({ platform, key }, "webhook state stored");
      return { status: 200, body: { platform, key } };
    },
  };
  return [read, write];
}
