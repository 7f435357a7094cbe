/** Builds the configured memory backend. */
import type { Logger } from "pino";
import { EmbeddedMemoryStore } from "./embedded/sqlite-store.js";
import { ProductionMemoryStore } from "./production/production-store.js";
import { memoryBackendSettings } from "./settings.js";
import type { MemoryStore } from "./types.js";
import type { Credentials } from "../runtime/contract.js";

export interface CreateMemoryStoreOptions {
  readonly credentials: Credentials;
  /** where the embedded backend keeps memory.sqlite */
  readonly dataDir: string;
  readonly log?: Logger;
}

/** Throws MemorySettingsError naming the missing variables when the production settings are incomplete. */
export function createMemoryStore(options: CreateMemoryStoreOptions): MemoryStore {
  const settings = memoryBackendSettings(options.credentials);
  if (settings.backend === "embedded") return new EmbeddedMemoryStore({ dataDir: options.dataDir });
  return new ProductionMemoryStore({ settings, ...(options.log === undefined ? {} : { log: options.log }) });
}
