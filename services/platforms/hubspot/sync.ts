/**
 * Incremental batch syncs of HubSpot CRM records through the search API, oldest change first, on
 * the shared keyset loop (services/sync/keyset.ts) over each object's last-modified property.
 * `since` is kept in epoch milliseconds, as HubSpot's search filters take it.
 */
import { z } from "zod";
import type { SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { keysetSync } from "../../sync/keyset.js";
import type { HubspotApi } from "./api/index.js";
import { type Lookups, loadOwnerNames, recordToMemory } from "./memory.js";
import { toCrmRecord } from "./types/normalized.js";
import { type CrmObjectType, OBJECT_TYPES } from "./types/objects.js";

/** The search API's documented page maximum is 100 on older portals; 100 is safe everywhere. */
export const SYNC_PAGE_SIZE = 100;

/**
 * Search results trail writes by a few seconds (the search index is updated asynchronously), so a
 * finished run does not move past "now minus this": the next run looks again at the last minutes.
 */
export const SEARCH_INDEX_LAG_MS = 5 * 60_000;

async function loadLookups(api: HubspotApi, objectType: CrmObjectType, signal: AbortSignal): Promise<Lookups> {
  const ownerNames = await loadOwnerNames(api, signal);
  if (objectType === "deals" || objectType === "tickets") {
    return { ownerNames, stageLabels: await api.stageLabels(objectType, signal) };
  }
  return { ownerNames };
}

async function* syncObjects(objectType: CrmObjectType, checkpoint: string | undefined, { api, signal, clock }: ToolContext<HubspotApi>): AsyncGenerator<SyncPage> {
  const info = OBJECT_TYPES[objectType];
  const lookups = await loadLookups(api, objectType, signal);
  yield* keysetSync({
    title: "HubSpot",
    position: z.number().int().nonnegative(),
    start: 0,
    checkpoint,
    async fetchPage({ since, after }) {
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
      return { items: response.results.map((raw) => toCrmRecord(objectType, raw)), nextCursor: response.paging?.next?.after };
    },
    updatedAt: (record) => Date.parse(record.updatedAt) || 0,
    toRecords: (records) => records.map((record) => recordToMemory(record, lookups, { key: `hubspot:${info.noun}:${record.id}:${record.updatedAt}` })),
    settle: (newest, startedAt) => Math.max(startedAt, Math.min(newest, clock.now().getTime() - SEARCH_INDEX_LAG_MS)),
  });
}

function crmSync(objectType: CrmObjectType): SyncDefinition<HubspotApi> {
  return { object: objectType, run: (checkpoint, ctx) => syncObjects(objectType, checkpoint, ctx) };
}

export const syncs: readonly SyncDefinition<HubspotApi>[] = [crmSync("contacts"), crmSync("companies"), crmSync("deals"), crmSync("tickets")];
