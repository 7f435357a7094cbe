/**
 * The incremental sync every "changed since" API gets: a keyset on the records' last-change time,
 * oldest change first, with the checkpoint written after each stored page.
 *
 * Each page moves `since` to the newest change seen, and the next page asks for records changed at
 * or after it (at-or-after, so records sharing that instant come again; their memories have the same
 * key and the store ignores them). The platform's page cursor is used only while a whole page shares
 * one timestamp, so progress never stalls and a stale cursor never decides where a resumed run
 * starts. An offset alone would shift as records change between runs, and many search APIs stop at
 * a fixed number of results per query (HubSpot: 10,000).
 */
import { z } from "zod";
import type { MemoryRecord, SyncPage } from "../runtime/contract.js";
import { readCheckpoint } from "./checkpoint-json.js";

/** A position on the change-time axis: epoch milliseconds, or an ISO 8601 instant. */
export type KeysetPosition = number | string;

export interface KeysetPageResult<Item> {
  readonly items: readonly Item[];
  /** the platform's cursor to the next page of the same query; undefined on the last page */
  readonly nextCursor?: string | undefined;
  /** records this run will yield in all, when the platform says (drives the progress ETA) */
  readonly total?: number;
}

export interface KeysetSyncOptions<Item, Position extends KeysetPosition> {
  /** the platform's title, for checkpoint errors */
  readonly title: string;
  /** how `since` is written in the checkpoint; kept as earlier runs wrote it */
  readonly position: z.ZodType<Position>;
  /** where a first run starts */
  readonly start: Position;
  readonly checkpoint: string | undefined;
  /** one page of records changed at or after `since` (inside it, from `after` when given), oldest first */
  fetchPage(at: { readonly since: Position; readonly after?: string }): Promise<KeysetPageResult<Item>>;
  /** an item's last-change time, in the same form as `start` */
  updatedAt(item: Item): Position;
  toRecords(items: readonly Item[]): readonly MemoryRecord[];
  /**
   * where a finished run leaves `since`, given the newest change seen and where the run started
   * (default: the newest change). HubSpot's search index trails writes, so it stays a little behind.
   */
  settle?(newest: Position, startedAt: Position): Position;
}

export async function* keysetSync<Item, Position extends KeysetPosition>(options: KeysetSyncOptions<Item, Position>): AsyncGenerator<SyncPage> {
  const checkpointSchema = z.strictObject({ since: options.position, after: z.string().min(1).optional() });
  type Checkpoint = z.infer<typeof checkpointSchema>;
  const resumed = readCheckpoint(options.checkpoint, checkpointSchema, options.title);
  const startedAt = resumed?.since ?? options.start;
  let since: Position = startedAt;
  let after = resumed?.after;

  for (;;) {
    const page = await options.fetchPage(after === undefined ? { since } : { since, after });
    const newest = page.items.reduce<Position>((max, item) => {
      const at = options.updatedAt(item);
      return instantOf(at) > instantOf(max) ? at : max;
    }, since);
    const records = options.toRecords(page.items);
    const total = page.total === undefined ? {} : { total: page.total };

    if (page.nextCursor === undefined) {
      const settled = options.settle?.(newest, startedAt) ?? newest;
      yield { records, checkpoint: JSON.stringify({ since: settled } satisfies Checkpoint), ...total };
      return;
    }
    if (instantOf(newest) > instantOf(since)) {
      since = newest;
      after = undefined;
    } else {
      after = page.nextCursor;
    }
    yield { records, checkpoint: JSON.stringify((after === undefined ? { since } : { since, after }) satisfies Checkpoint), ...total };
  }
}

function instantOf(position: KeysetPosition): number {
  return typeof position === "number" ? position : Date.parse(position);
}

