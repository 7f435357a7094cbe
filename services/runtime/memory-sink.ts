/**
 * Where webhook events and synced records go. With MEMORY_URL set, the memory server's ingest
 * endpoint (its client throws on failure, so the inbox keeps the event and retries). Without it
 * nothing is marked stored: the sink refuses every record as "no memory service configured", so
 * webhook events stay pending in the durable inbox (counted by mcp_inbox_depth and named on the
 * status page) until a memory service is configured or the inbox retention passes, and batch
 * syncs are not scheduled at all (background-work.ts), so no checkpoint ever moves past records
 * that were not stored. The server says so at startup.
 */
import type { Logger } from "pino";
import { createMemoryClient, MemoryIngestError } from "../memory/client.js";
import type { MemorySink } from "./contract.js";

export function selectMemorySink(options: {
  readonly override?: MemorySink;
  readonly memory?: { readonly url: string; readonly token?: string };
  readonly log: Logger;
  /** whether the platform produces records at all (webhooks or syncs); the memory server does not */
  readonly producesRecords: boolean;
}): MemorySink {
  if (options.override) return options.override;
  if (options.memory) return createMemoryClient({ url: options.memory.url, ...(options.memory.token ? { token: options.memory.token } : {}) });
  if (options.producesRecords) {
    options.log.warn("MEMORY_URL is not set: webhook events are kept in the inbox until a memory service is configured, and batch syncs do not run");
  }
  return {
    async store() {
      throw new MemoryIngestError("no memory service configured (MEMORY_URL is not set)", 0);
    },
  };
}
