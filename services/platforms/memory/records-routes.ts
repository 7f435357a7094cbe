/**
 * The other servers' read-back and delete paths, beside /ingest and behind the same
 * MEMORY_INGEST_TOKEN: POST /records/list (one source's memories, newest first: tools served from
 * what a platform sent us) and POST /records/delete (one source's memories whose record has
 * field = value: a person's memories on a privacy request). A malformed body is 400, a store
 * failure 503.
 */
import { z } from "zod";
import { memoryFiltersSchema, recordMatchSchema } from "../../memory/types.js";
import type { HttpRoute, ToolContext } from "../../runtime/contract.js";
import type { MemoryApi } from "./api.js";
import { parseJsonBody, refusal } from "./ingest-route.js";

const listBodySchema = z.strictObject({
  filters: memoryFiltersSchema.extend({ source: memoryFiltersSchema.shape.source.unwrap() }),
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export function recordsRoutes(ctx: ToolContext<MemoryApi>): HttpRoute[] {
  const route = <T>(path: string, schema: z.ZodType<T>, run: (body: T) => Promise<Record<string, unknown>>): HttpRoute => ({
    method: "POST",
    path,
    async handle(request) {
      const refused = refusal(ctx, request);
      if (refused !== undefined) return refused;
      const body = parseJsonBody(request, schema);
      if ("answer" in body) return body.answer;
      try {
        return { status: 200, body: await run(body.data) };
      } catch (error) {
        ctx.log.error({ err: error, path }, "memory records request failed");
        return { status: 503, headers: { "retry-after": "5" }, body: { error: "store_failed", message: "memory store unavailable, retry later" } };
      }
    },
  });
  return [
    route("/records/list", listBodySchema, async (body) => {
      const page = await ctx.api.store.list({ filters: body.filters, ...(body.limit ? { limit: body.limit } : {}), ...(body.cursor ? { cursor: body.cursor } : {}) });
      return { memories: page.memories, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    }),
    route("/records/delete", recordMatchSchema, async (match) => {
      const { deleted } = await ctx.api.store.deleteMatching(match);
      ctx.log.info({ source: match.source, type: match.type, field: match.field, deleted }, "memories deleted by record field");
      return { deleted };
    }),
  ];
}
