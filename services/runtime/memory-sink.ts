/**
 * Where webhook events and synced records go. With MEMORY_URL set, the memory server's ingest
 * endpoint (its client throws on failure, so the inbox keeps the event and retries). Without it
 * (no memory integration enabled) records are discarded on purpose: an inbox that can never drain
 * would only fill the disk. The server says so at startup and counts what it drops.
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
}): MemorySink {
  if (options.override) return options.override;
  if (options.memory) return createMemoryClient({ url: options.memory.url, ...(options.memory.token ? { token: options.memory.token } : {}) });
  options.log.warn("MEMORY_URL is not set: webhook events and synced records are not stored anywhere");
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
