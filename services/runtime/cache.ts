/**
 * An expiring, bounded cache with single-flight loads, for lookups that enrich tool results and
 * memories (user names, channel names, pipeline stage labels): however many callers ask for the
 * same missing key at once, it is loaded once, and a failed load is not remembered. Built on
 * lru-cache's fetch, which shares one in-flight promise per key.
 */
import { LRUCache } from "lru-cache";
import { currentCall, outsideAnyCall, untilAborted } from "./call-bounds.js";

export interface ExpiringCacheOptions {
  /** most entries kept; the least recently used go first */
  readonly maxEntries: number;
  /** how long a loaded value is served before it is loaded again */
  readonly ttlMs: number;
  /** the clock ttl is measured with (tests pass a fake); default performance.now */
  readonly now?: () => number;
}

interface Loader<V> {
  readonly load: () => Promise<V>;
}

export interface ExpiringCache<V> {
  /** the cached value, or `load()`'s once (shared by every caller waiting for the same key) */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
}

// lru-cache requires values that are not null or undefined
export function expiringCache<V extends NonNullable<unknown>>(options: ExpiringCacheOptions): ExpiringCache<V> {
  const cache = new LRUCache<string, V, Loader<V>>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    ...(options.now ? { perf: { now: options.now } } : {}),
    fetchMethod: (_key, _stale, { context }) => context.load(),
  });
  return {
    async getOrLoad(key, load) {
      // the load is shared by every caller waiting for the key, so it runs as no one's tool call
      // (one caller's cancel or deadline does not fail it for the others); each caller stops
      // waiting at its own (call-bounds.ts)
      const value = await untilAborted(
        outsideAnyCall(() => cache.fetch(key, { context: { load } })),
        currentCall()?.signal,
      );
      // only a load that resolved undefined (outside its type) gets here
      if (value === undefined) throw new Error(`cache load for "${key}" returned nothing`);
      return value;
    },
  };
}
