/**
 * Sync object `analytics`: one memory per closed UTC day with the day's requests, cost, errors and
 * top models, read from Portkey's analytics graphs (requests, cost, errors) and model groups for
 * that day's window (four requests a day). Portkey has no webhooks; this polls.
 *
 * The checkpoint is `{ nextDay }`, the first day not summarized yet; each day is its own page, so
 * an interrupted run resumes on the day it stopped at. Today is never summarized (it is not over);
 * the first run starts FIRST_RUN_DAYS back.
 */
import { z } from "zod";
import type { SyncDefinition } from "../../runtime/contract.js";
import { UpstreamError } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { PortkeyApi } from "./api/index.js";
import { dailySummaryRecord } from "./memory.js";

export const FIRST_RUN_DAYS = 7;
export const TOP_MODELS = 5;
const DAY_MS = 86_400_000;

const checkpointSchema = z.object({ nextDay: z.iso.date() });
export type AnalyticsCheckpoint = z.infer<typeof checkpointSchema>;

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

export function parseCheckpoint(text: string | undefined, now: Date): AnalyticsCheckpoint {
  const today = Date.parse(dayOf(now.getTime()));
  return readCheckpoint(text, checkpointSchema, "Portkey") ?? { nextDay: dayOf(today - FIRST_RUN_DAYS * DAY_MS) };
}

const analyticsSync: SyncDefinition<PortkeyApi> = {
  object: "analytics",
  async *run(checkpointText, ctx) {
    const workspace = ctx.api.defaultWorkspace;
    if (workspace === undefined) throw new UpstreamError("portkey", 400, false, "the analytics sync needs PORTKEY_WORKSPACE_ID (Portkey's analytics require a workspace_slug)");
    const today = dayOf(ctx.clock.now().getTime());
    let day = parseCheckpoint(checkpointText, ctx.clock.now()).nextDay;
    while (day < today) {
      ctx.signal.throwIfAborted();
      const start = Date.parse(day);
      const filter = { workspaceSlug: workspace, from: new Date(start).toISOString(), to: new Date(start + DAY_MS - 1).toISOString() };
      const requests = await ctx.api.graph("requests", filter, ctx.signal);
      const cost = await ctx.api.graph("cost", filter, ctx.signal);
      const errors = await ctx.api.graph("errors", filter, ctx.signal);
      const models = await ctx.api.group("ai-models", filter, { currentPage: 0, pageSize: TOP_MODELS }, ctx.signal);
      const record = dailySummaryRecord({
        workspace,
        day,
        requests: requests.summary.total ?? 0,
        costCents: cost.summary.total ?? 0,
        errors: errors.summary.total ?? 0,
        topModels: models.data.flatMap((row) => (row.ai_model === undefined ? [] : [{ model: row.ai_model, requests: row.requests ?? 0 }])),
      });
      day = dayOf(start + DAY_MS);
      yield { records: [record], checkpoint: JSON.stringify({ nextDay: day } satisfies AnalyticsCheckpoint) };
    }
  },
};

export const syncs: readonly SyncDefinition<PortkeyApi>[] = [analyticsSync];
