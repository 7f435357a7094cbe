/**
 * One run of one incremental sync: resume from the stored checkpoint, store each page's records,
 * persist each page's checkpoint, report.
 *
 * The rule that guarantees nothing is lost: a page's checkpoint is persisted only after every one
 * of its records is stored. If any record of a page still fails after the processor's retries, or
 * the run is aborted or crashes mid-page, the checkpoint stays at the previous page and the run
 * stops; the next run fetches that page again. Records of the page that were stored are stored
 * again then, which the memory sink absorbs (it is idempotent by record key). The cost is that a
 * record the sink rejects permanently stalls its object; that shows as failed runs in
 * `mcp_sync_runs_total` and an ageing `mcp_sync_last_success_timestamp_seconds`, with the keys in
 * the log, rather than as a silent gap in memory.
 *
 * While a page is being stored, the next page is already being fetched (one page ahead), so the
 * platform's rate limit, not the sink, sets the pace.
 */
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { SyncDefinition, SyncPage, ToolContext } from "../runtime/contract.js";
import type { CheckpointStore } from "./checkpoints.js";
import { syncMetrics } from "./metrics.js";
import { type ChunkFailure, type RetryPolicy, describeError, processBatch } from "./processor.js";
import { type ProgressReporter, silentProgress } from "./progress.js";

export type SyncOutcome = "success" | "failed" | "aborted";

export interface SyncReport {
  readonly platform: string;
  readonly object: string;
  readonly outcome: SyncOutcome;
  /** the checkpoint the run resumed from (undefined: from the beginning) */
  readonly resumedFrom: string | undefined;
  /** the last checkpoint persisted (unchanged from resumedFrom when no page completed) */
  readonly checkpoint: string | undefined;
  /** pages whose records were all stored and whose checkpoint was persisted */
  readonly pages: number;
  /** records stored */
  readonly processed: number;
  /** records that still failed after retries (their page was not checkpointed) */
  readonly failed: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** why the run failed or stopped, safe to log */
  readonly error?: string;
  readonly failures: readonly ChunkFailure[];
}

export interface RunSyncOptions {
  readonly platform: string;
  readonly sync: SyncDefinition<unknown>;
  /** `memory` receives the records; `signal` aborts the run; `clock` stamps checkpoints */
  readonly context: ToolContext<unknown>;
  readonly checkpoints: CheckpointStore;
  readonly log: Logger;
  readonly registry: Registry;
  readonly chunkSize?: number;
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  readonly progress?: ProgressReporter;
  /** ignore the stored checkpoint and start from the beginning (the stored one is replaced as pages complete) */
  readonly fromStart?: boolean;
  /** a progress log line at least every this many records (default 1000) ... */
  readonly logEveryRecords?: number;
  /** ... or every this many pages (default 10), whichever comes first */
  readonly logEveryPages?: number;
}

type PageResult = { ok: true; result: IteratorResult<SyncPage> } | { ok: false; error: unknown };

/** Never rejects, so a prefetched page that fails while we are busy cannot become an unhandled rejection. */
function nextPage(iterator: AsyncIterator<SyncPage>): Promise<PageResult> {
  return iterator.next().then(
    (result) => ({ ok: true, result }),
    (error: unknown) => ({ ok: false, error }),
  );
}

export async function runSync(options: RunSyncOptions): Promise<SyncReport> {
  const { platform, sync, context, checkpoints } = options;
  const object = sync.object;
  const labels = { platform, object };
  const metrics = syncMetrics(options.registry);
  const log = options.log.child({ component: "sync", platform, object });
  const progress = options.progress ?? silentProgress;
  const logEveryRecords = options.logEveryRecords ?? 1000;
  const logEveryPages = options.logEveryPages ?? 10;
  const signal = context.signal;

  const startedAt = context.clock.now();
  const startedMs = performance.now();
  const resumedFrom = options.fromStart ? undefined : checkpoints.get(platform, object)?.checkpoint;
  let checkpoint = resumedFrom;
  let pages = 0;
  let processed = 0;
  let failed = 0;
  let total: number | undefined;
  let outcome: SyncOutcome = "success";
  let error: string | undefined;
  const failures: ChunkFailure[] = [];
  let loggedAtRecords = 0;
  let loggedAtPages = 0;
  const snapshot = () => ({ processed, failed, pages, total });
  const rate = () => Math.round((processed * 1000) / Math.max(1, performance.now() - startedMs));

  metrics.inProgress.set(labels, 1);
  log.info({ resumedFrom: resumedFrom ?? null, fromStart: options.fromStart ?? false }, "sync started");

  const iterator = sync.run(resumedFrom, context)[Symbol.asyncIterator]();
  let pending: Promise<PageResult> | undefined = nextPage(iterator);
  try {
    while (pending) {
      const fetched: PageResult = await pending;
      pending = undefined;
      if (!fetched.ok) {
        outcome = signal.aborted ? "aborted" : "failed";
        error = describeError(fetched.error);
        break;
      }
      if (fetched.result.done) break;
      if (signal.aborted) {
        outcome = "aborted";
        break;
      }
      const page = fetched.result.value;
      pending = nextPage(iterator);
      // the platform's total counts from where this run resumed, so it is compared with this run's records
      if (page.total !== undefined) total = page.total;

      let pageStored = 0;
      let pageFailed = 0;
      const batch = await processBatch(page.records, context.memory, {
        chunkSize: options.chunkSize,
        concurrency: options.concurrency,
        retry: options.retry,
        signal,
        onChunk: (chunk) => {
          pageStored += chunk.stored;
          pageFailed += chunk.failed;
          progress.update({ processed: processed + pageStored, failed: failed + pageFailed, pages, total });
        },
      });
      processed += batch.processed;
      failed += batch.failed;
      failures.push(...batch.failures);
      if (batch.processed > 0) metrics.records.inc({ ...labels, outcome: "stored" }, batch.processed);
      if (batch.failed > 0) metrics.records.inc({ ...labels, outcome: "failed" }, batch.failed);

      if (batch.processed < page.records.length) {
        // Not every record of the page is stored: keep the previous checkpoint so the next run refetches it.
        outcome = batch.failed === 0 && signal.aborted ? "aborted" : "failed";
        error =
          batch.failed > 0
            ? `${batch.failed} of ${page.records.length} records of a page failed after retries: ${batch.failures[0]?.error ?? "unknown"}`
            : "aborted while storing a page";
        break;
      }
      checkpoints.set(platform, object, page.checkpoint, context.clock.now());
      checkpoint = page.checkpoint;
      pages += 1;
      progress.update(snapshot());
      if (processed - loggedAtRecords >= logEveryRecords || pages - loggedAtPages >= logEveryPages) {
        loggedAtRecords = processed;
        loggedAtPages = pages;
        log.info({ pages, processed, failed, recordsPerSecond: rate(), checkpoint }, "sync progress");
      }
    }
  } catch (thrown) {
    // The processor and checkpoint store throw only on programming or disk errors; report them like any failure.
    outcome = signal.aborted ? "aborted" : "failed";
    error = describeError(thrown);
  } finally {
    await closeIterator(iterator, pending, log);
    metrics.inProgress.set(labels, 0);
  }

  metrics.runs.inc({ ...labels, outcome });
  if (outcome === "success") metrics.lastSuccess.set(labels, context.clock.now().getTime() / 1000);
  progress.finish(snapshot());
  const report: SyncReport = {
    platform,
    object,
    outcome,
    resumedFrom,
    checkpoint,
    pages,
    processed,
    failed,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    ...(error === undefined ? {} : { error }),
    failures,
  };
  const summary = { outcome, pages, processed, failed, recordsPerSecond: rate(), checkpoint: checkpoint ?? null, durationMs: report.durationMs };
  if (outcome === "success") log.info(summary, "sync finished");
  else if (outcome === "aborted") log.warn({ ...summary, error }, "sync aborted; the next run resumes from the checkpoint");
  else log.error({ ...summary, error, failedKeys: failures.flatMap((f) => f.keys).slice(0, 20) }, "sync failed; the next run retries from the checkpoint");
  return report;
}

/**
 * Lets the sync's generator run its finally blocks (closing cursors, sessions). A page still being
 * prefetched is awaited first: an async generator queues return() behind a pending next() anyway.
 */
async function closeIterator(iterator: AsyncIterator<SyncPage>, pending: Promise<PageResult> | undefined, log: Logger): Promise<void> {
  try {
    if (pending) await pending;
    await iterator.return?.();
  } catch (error) {
    log.warn({ error: describeError(error) }, "sync iterator did not close cleanly");
  }
}
