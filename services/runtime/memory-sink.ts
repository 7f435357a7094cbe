/**
 * Where webhook events and synced records go. With MEMORY_URL set, the memory server's ingest
 * endpoint (its client throws on failure, so the inbox keeps the event and retries). Without it
 * (the fleet has no memory integration enabled) webhook records are discarded on purpose: an inbox
 * that can never drain would only fill the disk. The server says so at startup and counts what it
 * drops; batch syncs are not scheduled at all then (background-work.ts), so no checkpoint ever
 * moves past records that were not stored.
 */
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { createMemoryClient } from "../memory/client.js";
import type { MemorySink } from "./contract.js";

export function selectMemorySink(options: {
  readonly override?: MemorySink;
  readonly memory?: { readonly url: string; readonly token?: string };
  readonly platform: string;
  readonly registry: Registry;
  readonly log: Logger;
  /** whether the platform produces records at all (webhooks or syncs); the memory server does not */
  readonly producesRecords: boolean;
}): MemorySink {
  if (options.override) return options.override;
  if (options.memory) return createMemoryClient({ url: options.memory.url, ...(options.memory.token ? { token: options.memory.token } : {}) });
  if (options.producesRecords) options.log.warn("MEMORY_URL is not set: webhook events are not stored anywhere and batch syncs do not run");
  const discarded = new Counter({
    name: "mcp_memory_records_discarded_total",
    help: "Records dropped because no memory service is configured (MEMORY_URL unset)",
    labelNames: ["platform"] as const,
    registers: [options.registry],
  });
  return {
    async store(records) {
      discarded.inc({ platform: options.platform }, records.length);
      options.log.debug({ records: records.length }, "no memory service configured; records discarded");
    },
  };
}
