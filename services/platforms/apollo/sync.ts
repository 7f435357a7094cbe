/**
 * Incremental syncs of the contacts and accounts saved in Apollo, into memory. Apollo's searches
 * have no "changed since" filter; they sort by last update, newest first, and show at most 50,000
 * records (500 pages of 100). So a run walks pages newest first and stops at the first record older
 * than the checkpoint; the checkpoint moves to the newest update seen only when the walk is done.
 * An interrupted run resumes at the page it reached (records only move to the top when they change,
 * so later pages can only shift down: some are read twice, none skipped, and a record that moved up
 * is newer than the next run's checkpoint). A first run reads the newest 50,000.
 */
import { z } from "zod";
import type { MemoryRecord, SyncDefinition, SyncPage, ToolContext } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import { type ApolloApi, SYNC_MAX_WAIT_MS } from "./api/index.js";
import { accountToMemory, contactToMemory } from "./memory.js";
import { MAX_PAGE, toAccount, toContact } from "./types/normalized.js";
import type { RawPagination } from "./types/raw.js";

export const SYNC_PAGE_SIZE = 100;

const checkpointSchema = z.strictObject({
  /** newest last update already synced (ISO 8601); absent on a first run */
  since: z.string().datetime({ offset: true }).optional(),
  /** an unfinished walk: the next page and the newest update it has seen */
  walk: z.strictObject({ page: z.number().int().min(2).max(MAX_PAGE), newest: z.string().datetime({ offset: true }) }).optional(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

interface Walkable {
  readonly updatedAt?: string;
  readonly createdAt?: string;
}

interface ObjectSync<Item extends Walkable> {
  readonly object: "contacts" | "accounts";
  readonly sortField: string;
  fetch(api: ApolloApi, body: Record<string, string | number | boolean>, signal: AbortSignal): Promise<{ items: Item[]; pagination: RawPagination }>;
  toMemory(item: Item): MemoryRecord;
}

const instant = (item: Walkable): number => Date.parse(item.updatedAt ?? item.createdAt ?? "") || 0;

async function* walk<Item extends Walkable>(spec: ObjectSync<Item>, checkpoint: string | undefined, { api, signal }: ToolContext<ApolloApi>): AsyncGenerator<SyncPage> {
  const resumed: Checkpoint = readCheckpoint(checkpoint, checkpointSchema, "Apollo") ?? {};
  const since = resumed.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(resumed.since);
  let newest = resumed.walk === undefined ? since : Date.parse(resumed.walk.newest);
  let page = resumed.walk?.page ?? 1;
  const finished = (): string => {
    const settled = Number.isFinite(newest) ? new Date(newest).toISOString() : resumed.since;
    return JSON.stringify((settled === undefined ? {} : { since: settled }) satisfies Checkpoint);
  };
  for (;;) {
    const { items, pagination } = await spec.fetch(
      api,
      { sort_by_field: spec.sortField, sort_ascending: false, page, per_page: SYNC_PAGE_SIZE },
      signal,
    );
    const fresh = items.filter((item) => instant(item) >= since);
    for (const item of fresh) newest = Math.max(newest, instant(item));
    const records = fresh.map((item) => spec.toMemory(item));
    const reachedOld = fresh.length < items.length;
    const last = reachedOld || items.length === 0 || page >= pagination.total_pages || page >= MAX_PAGE;
    if (last) {
      yield { records, checkpoint: finished() };
      return;
    }
    page += 1;
    const walking: Checkpoint = { ...(resumed.since === undefined ? {} : { since: resumed.since }), walk: { page, newest: new Date(Number.isFinite(newest) ? newest : 0).toISOString() } };
    yield { records, checkpoint: JSON.stringify(walking), total: Math.min(pagination.total_entries, MAX_PAGE * SYNC_PAGE_SIZE) };
  }
}

const patient = (signal: AbortSignal) => ({ signal, maxWaitMs: SYNC_MAX_WAIT_MS });

const contactsSync: ObjectSync<ReturnType<typeof toContact>> = {
  object: "contacts",
  sortField: "contact_updated_at",
  async fetch(api, body, signal) {
    const response = await api.searchContacts(body, patient(signal));
    return { items: response.contacts.map(toContact), pagination: response.pagination };
  },
  toMemory: contactToMemory,
};

const accountsSync: ObjectSync<ReturnType<typeof toAccount>> = {
  object: "accounts",
  sortField: "account_updated_at",
  async fetch(api, body, signal) {
    const response = await api.searchAccounts(body, patient(signal));
    return { items: response.accounts.map(toAccount), pagination: response.pagination };
  },
  toMemory: accountToMemory,
};

function define<Item extends Walkable>(spec: ObjectSync<Item>): SyncDefinition<ApolloApi> {
  return { object: spec.object, run: (checkpoint, ctx) => walk(spec, checkpoint, ctx) };
}

export const syncs: readonly SyncDefinition<ApolloApi>[] = [define(contactsSync), define(accountsSync)];
