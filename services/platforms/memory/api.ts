import type { MemoryStore } from "../../memory/types.js";
import type { RetentionLoop } from "./retention.js";
import type { WebhookStateStore } from "./webhook-state.js";

/** What the memory server's tools and routes are handed. */
export interface MemoryApi {
  readonly store: MemoryStore;
  /** MEMORY_INGEST_TOKEN; without it the ingest endpoint refuses every request */
  readonly ingestToken: string | undefined;
  /** the fleet's shared webhook state (state-route.ts), in the data directory */
  readonly webhookState: WebhookStateStore;
  /** deletes memories past integrations.memory.retention.memories_days (when set) */
  readonly retention?: RetentionLoop;
}
