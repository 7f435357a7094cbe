/**
 * The memory server's retention loop (integrations.memory.retention.memories_days): shortly after
 * start and then every RETENTION_EVERY_MS, the store deletes memories past their source's maximum
 * age, in small batches off the request path (EmbeddedMemoryStore.prune). One run at a time.
 */
import type { Logger } from "pino";
import type { RetentionSettings } from "../../fleet/schema.js";
import type { MemoryRetention, MemoryStore } from "../../memory/types.js";

export const RETENTION_EVERY_MS = 3_600_000;
const FIRST_RUN_AFTER_MS = 10_000;

export interface RetentionLoop {
  /** one pass now (also what the timer runs); resolves with how many memories went */
  runOnce(): Promise<number>;
  stop(): void;
}

export function memoryRetention(settings: RetentionSettings | undefined): MemoryRetention | undefined {
  const days = settings?.memories_days;
  return days === undefined || Object.keys(days).length === 0 ? undefined : { maxAgeDays: days };
}

export function startRetention(store: MemoryStore, retention: MemoryRetention | undefined, log: Logger): RetentionLoop | undefined {
  if (retention === undefined) return undefined;
  if (store.prune === undefined) {
    log.warn({ retention: retention.maxAgeDays }, "retention.memories_days is set but this memory backend does not prune: memories are kept");
    return undefined;
  }
  const prune = store.prune.bind(store);
  let running: Promise<number> | undefined;
  const runOnce = () =>
    (running ??= prune(retention)
      .then(({ deleted }) => {
        if (deleted > 0) log.info({ deleted, retention: retention.maxAgeDays }, "memories past their retention deleted");
        return deleted;
      })
      .finally(() => {
        running = undefined;
      }));
  const pass = () => void runOnce().catch((error: unknown) => log.error({ err: error }, "memory retention pass failed"));
  const first = setTimeout(pass, FIRST_RUN_AFTER_MS);
  const every = setInterval(pass, RETENTION_EVERY_MS);
  first.unref();
  every.unref();
  return {
    runOnce,
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
