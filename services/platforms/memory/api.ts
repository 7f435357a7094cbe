import type { MemoryStore } from "../../memory/types.js";

/** What the memory server's tools and routes are handed. */
export interface MemoryApi {
  readonly store: MemoryStore;
  /** MEMORY_INGEST_TOKEN; without it the ingest endpoint refuses every request */
  readonly ingestToken: string | undefined;
}
