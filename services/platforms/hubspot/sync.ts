/**
 * Incremental batch syncs of HubSpot CRM records through the search API, oldest change first.
 *
 * Position is kept as a keyset on the last-modified property rather than as the search `after`
 * offset alone: HubSpot's search stops at 10,000 results per query, and an offset shifts when
 * records change between runs. Each page moves `since` to the newest change seen, and the next
 * page asks for records changed at or after it (GTE, so records sharing that millisecond are seen
 * again; their memories have the same key, so the store ignores them). Only when a whole page
 * shares one timestamp do we fall back to `after` within that timestamp, so progress never stalls.
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import type { HubspotApi } from "./api/client.js";
import { type Lookups, loadOwnerNames, loadStageLabels, recordToMemory } from "./memory.js";
import { toCrmRecord } from "./types/normalized.js";
import { type CrmObjectType, OBJECT_TYPES } from "./types/objects.js";

/** The search API's documented page maximum is 100 on older portals; 100 is safe everywhere. */
export const SYNC_PAGE_SIZE = 100;

/**
 * Search results trail writes by a few seconds (the search index is updated asynchronously), so a
 * finished run does not move past "now minus this": the next run looks again at the last minutes.
 */
export const SEARCH_INDEX_LAG_MS = 5 * 60_000;

const checkpointSchema = z.strictObject({
  /** epoch ms: records changed at or after this are still to be read */
  since: z.number().int().nonnegative(),
  /** search offset within `since`, only while a run is inside a run of identical timestamps */
  after: z.string().min(1).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export function parseCheckpoint(checkpoint: string | undefined): Checkpoint {
  if (checkpoint === undefined) return { since: 0 };
  let json: unknown;
  try {
    json = JSON.parse(checkpoint);
  } catch {
    throw new Error(`unreadable HubSpot sync checkpoint: not JSON`);
  }
  const result = checkpointSchema.safeParse(json);
  if (!result.success) throw new Error(`unreadable HubSpot sync checkpoint: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

async function loadLookups(api: HubspotApi, objectType: CrmObjectType, signal: AbortSignal): Promise<Lookups> {
  const ownerNames = await loadOwnerNames(api, signal);
  if (objectType === "deals" || objectType === "tickets") {
    return { ownerNames, stageLabels: await loadStageLabels(api, objectType, signal) };
  }
  return { ownerNames };
}

async function* syncObjects(
  objectType: CrmObjectType,
  checkpoint: string | undefined,
  { api, signal, clock }: ToolContext<HubspotApi>,
): AsyncGenerator<SyncPage> {
  const info = OBJECT_TYPES[objectType];
  const start = parseCheckpoint(checkpoint);
  let { since, after } = start;
  const lookups = await loadLookups(api, objectType, signal);

  for (;;) {
    const response = await api.searchObjects(
      objectType,
      {
        filterGroups: [{ filters: [{ propertyName: info.lastModifiedProperty, operator: "GTE", value: String(since) }] }],
        sorts: [{ propertyName: info.lastModifiedProperty, direction: "ASCENDING" }],
        properties: info.defaultProperties,
        limit: SYNC_PAGE_SIZE,
        after,
      },
      signal,
    );
    const records = response.results.map((raw) => toCrmRecord(objectType, raw));
    const newest = records.reduce((max, record) => Math.max(max, Date.parse(record.updatedAt) || 0), since);
    const memories = records.map((record) =>
      recordToMemory(record, lookups, { key: `hubspot:${info.noun}:${record.id}:${record.updatedAt}` }),
    );

    const nextAfter = response.paging?.next?.after;
    if (nextAfter === undefined) {
      const settled = Math.max(start.since, Math.min(newest, clock.now().getTime() - SEARCH_INDEX_LAG_MS));
      yield { records: memories, checkpoint: JSON.stringify({ since: settled } satisfies Checkpoint) };
      return;
    }
    if (newest > since) {
      since = newest;
      after = undefined;
    } else {
      after = nextAfter;
    }
    yield { records: memories, checkpoint: JSON.stringify(after ? { since, after } : { since }) };
  }
}

function crmSync(objectType: CrmObjectType): SyncDefinition<HubspotApi> {
  return { object: objectType, run: (checkpoint, ctx) => syncObjects(objectType, checkpoint, ctx) };
}

export const syncs: readonly SyncDefinition<HubspotApi>[] = [
  crmSync("contacts"),
  crmSync("companies"),
  crmSync("deals"),
  crmSync("tickets"),
];
