/**
 * Batch processing (the seed's PlatformDataProcessor): stores records into the memory sink in
 * chunks, several chunks at a time, and counts what was stored and what failed.
 *
 * A chunk is one `MemorySink.store` call. A failed chunk is retried with jittered exponential
 * backoff; a chunk that still fails is counted as failed and returned in `failures` with its
 * record keys, so the caller decides what to do with it (the sync runner refuses to advance its
 * checkpoint past it). Nothing is dropped silently. Retrying a chunk is safe because the sink is
 * idempotent by record key.
 */
import type { MemoryRecord, MemorySink } from "../runtime/contract.js";

export interface RetryPolicy {
  /** total attempts per chunk, including the first */
  readonly attempts: number;
  /** delay before the first retry; doubles each retry, with full jitter */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface ProcessOptions {
  /** records per store call (the seed's chunk_size) */
  readonly chunkSize?: number;
  /** chunks stored at the same time */
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  /** when aborted, no new chunk or retry starts; unfinished chunks are counted as `abandoned` */
  readonly signal?: AbortSignal;
  /** called after each chunk settles, for progress reporting */
  readonly onChunk?: (outcome: ChunkOutcome) => void;
}

export interface ChunkOutcome {
  readonly stored: number;
  readonly failed: number;
}

export interface ChunkFailure {
  readonly keys: readonly string[];
  readonly attempts: number;
  readonly error: string;
}

export interface BatchResult {
  readonly total: number;
  /** records stored */
  readonly processed: number;
  /** records whose chunk still failed after every attempt */
  readonly failed: number;
  /** records whose chunk was cut short by the abort signal: neither stored nor given up on */
  readonly abandoned: number;
  readonly failures: readonly ChunkFailure[];
}

export const DEFAULT_CHUNK_SIZE = 100;
export const DEFAULT_CONCURRENCY = 4;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export async function processBatch(
  records: readonly MemoryRecord[],
  sink: MemorySink,
  options: ProcessOptions = {},
): Promise<BatchResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const retry = options.retry ?? DEFAULT_RETRY;
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    throw new RangeError(`retry attempts must be a positive integer, got ${retry.attempts}`);
  }
  const chunks = chunk(records, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  let processed = 0;
  let failed = 0;
  let abandoned = 0;
  const failures: ChunkFailure[] = [];
  let next = 0;

  // A fixed pool of workers pulling chunk indexes keeps at most `concurrency` store calls in flight.
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const current = chunks[next++]!;
      const outcome = await storeWithRetry(current, sink, retry, options.signal);
      if (outcome.kind === "stored") {
        processed += current.length;
      } else if (outcome.kind === "failed") {
        failed += current.length;
        failures.push({ keys: current.map((r) => r.key), attempts: outcome.attempts, error: outcome.error });
      } else {
        abandoned += current.length;
      }
      options.onChunk?.({
        stored: outcome.kind === "stored" ? current.length : 0,
        failed: outcome.kind === "failed" ? current.length : 0,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return { total: records.length, processed, failed, abandoned, failures };
}

type StoreOutcome =
  | { kind: "stored" }
  | { kind: "failed"; attempts: number; error: string }
  | { kind: "abandoned" };

async function storeWithRetry(
  records: readonly MemoryRecord[],
  sink: MemorySink,
  retry: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<StoreOutcome> {
  let lastError = "";
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    if (signal?.aborted) return { kind: "abandoned" };
    if (attempt > 1) {
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 2));
      if (!(await sleep(Math.random() * ceiling, signal))) return { kind: "abandoned" };
    }
    try {
      await sink.store(records);
      return { kind: "stored" };
    } catch (error) {
      lastError = describeError(error);
    }
  }
  return { kind: "failed", attempts: retry.attempts, error: lastError };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A short, loggable description; UpstreamError-style `safeMessage` is preferred over raw detail. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const safe = "safeMessage" in error && typeof error.safeMessage === "string" ? error.safeMessage : error.message;
    return `${error.name}: ${safe}`;
  }
  return String(error);
}
