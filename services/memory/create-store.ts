/** Builds the configured memory backend. */
import type { Logger } from "pino";
import { EmbeddedMemoryStore } from "./embedded/sqlite-store.js";
import type { ProductionMemoryStore } from "./production/production-store.js";
import { memoryBackendSettings } from "./settings.js";
import type { MemoryStore } from "./types.js";
import type { Credentials } from "../runtime/contract.js";

export interface CreateMemoryStoreOptions {
  readonly credentials: Credentials;
  /** where the embedded backend keeps memory.sqlite */
  readonly dataDir: string;
  readonly log?: Logger;
}

/**
 * Throws MemorySettingsError naming the missing variables when the production settings are
 * incomplete. The production store's module (and with it the Pinecone SDK, about 80 ms to
 * evaluate) loads on the store's first use, as the Snowflake driver loads on its first statement:
 * a memory server on the embedded store never loads it, and one on the production store answers
 * its liveness probe without waiting for it.
 */
export function createMemoryStore(options: CreateMemoryStoreOptions): MemoryStore {
  const settings = memoryBackendSettings(options.credentials);
  if (settings.backend === "embedded") return new EmbeddedMemoryStore({ dataDir: options.dataDir });
  return deferredStore(async () => {
    const { ProductionMemoryStore } = await import("./production/production-store.js");
    return new ProductionMemoryStore({ settings, ...(options.log === undefined ? {} : { log: options.log }) });
  });
}

// the production store keeps everything (it has no prune), and so does its deferred form: this
// stops compiling the day it gains one, so the wrapper below learns to forward it
const productionStoreHasNoPrune: "prune" extends keyof ProductionMemoryStore ? never : true = true;
void productionStoreHasNoPrune;

/** A store made on first use; a failed load is tried again on the next call. */
function deferredStore(load: () => Promise<MemoryStore>): MemoryStore {
  let loading: Promise<MemoryStore> | undefined;
  const store = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    store: async (records) => (await store()).store(records),
    deleteMatching: async (match) => (await store()).deleteMatching(match),
    get: async (id) => (await store()).get(id),
    search: async (query) => (await store()).search(query),
    list: async (query) => (await store()).list(query),
    sources: async () => (await store()).sources(),
    recent: async (limit) => (await store()).recent(limit),
    health: async () => (await store()).health(),
    // nothing to close unless it was made (a load that failed made nothing)
    close: async () => (await loading?.catch(() => undefined))?.close(),
  };
}
