/** Builds the configured memory backend. */
import { EmbeddedMemoryStore } from "./embedded/sqlite-store.js";
import { memoryBackendSettings } from "./settings.js";
import type { MemoryStore } from "./types.js";
import type { Credentials } from "../runtime/contract.js";

export interface CreateMemoryStoreOptions {
  readonly credentials: Credentials;
  /** where the embedded backend keeps memory.sqlite */
  readonly dataDir: string;
}

export function createMemoryStore(options: CreateMemoryStoreOptions): MemoryStore {
  const settings = memoryBackendSettings(options.credentials);
  return new EmbeddedMemoryStore({ dataDir: options.dataDir });
}
