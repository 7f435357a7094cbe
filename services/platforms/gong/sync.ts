/**
 * Batch sync of calls (sync object "calls"): POST /v2/calls/extensive over a time window, 100 calls
 * a page with Gong's records.cursor, each call stored with its participants and Gong's AI content.
 *
 * The checkpoint is `{ from, to?, cursor? }`: while a window is being paged it holds the window and
 * the cursor of the next page, so an interrupted run resumes on the page it stopped at; when the
 * window is done it holds only the next window's start. That start overlaps the finished window by
 * a few hours, because Gong lists a call only once it is processed and a call that started just
 * before the window closed may not be listed yet; records are keyed by call id, so the overlap
 * stores nothing twice.
 */
import { z } from "zod";
import type { SyncDefinition } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { GongApi } from "./api/index.js";
import type { ExtensiveSelection } from "./api/calls.js";
import { callRecord } from "./memory.js";

export const FIRST_RUN_LOOKBACK_DAYS = 30;
export const PROCESSING_OVERLAP_HOURS = 3;

export const SYNC_SELECTION: ExtensiveSelection = {
  parties: true,
  brief: true,
  keyPoints: true,
  callOutcome: true,
  topics: true,
  trackers: true,
  crmContext: true,
};

const checkpointSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().optional(),
});
export type GongCallsCheckpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(text: string | undefined, now: Date): GongCallsCheckpoint {
  return readCheckpoint(text, checkpointSchema, "Gong") ?? { from: new Date(now.getTime() - FIRST_RUN_LOOKBACK_DAYS * 86_400_000).toISOString() };
}

const callsSync: SyncDefinition<GongApi> = {
  object: "calls",
  async *run(checkpointText, ctx) {
    const now = ctx.clock.now();
    const start = parseCheckpoint(checkpointText, now);
    const from = start.from;
    const to = start.to ?? now.toISOString();
    let cursor = start.cursor;
    for (;;) {
      ctx.signal.throwIfAborted();
      const page = await ctx.api.calls.extensive({
        filter: { fromDateTime: from, toDateTime: to },
        select: SYNC_SELECTION,
        ...(cursor !== undefined && { cursor }),
      });
      cursor = page.records?.cursor;
      const records = page.calls.map(callRecord);
      const total = page.records?.totalRecords;
      if (cursor !== undefined) {
        yield { records, checkpoint: JSON.stringify({ from, to, cursor } satisfies GongCallsCheckpoint), ...(total !== undefined && { total }) };
        continue;
      }
      const nextFrom = new Date(Math.max(Date.parse(from), Date.parse(to) - PROCESSING_OVERLAP_HOURS * 3_600_000)).toISOString();
      yield { records, checkpoint: JSON.stringify({ from: nextFrom } satisfies GongCallsCheckpoint), ...(total !== undefined && { total }) };
      return;
    }
  },
};
export const syncs: readonly SyncDefinition<GongApi>[] = [callsSync];
