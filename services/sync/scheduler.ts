/**
 * Scheduled incremental syncs inside a server: one croner job per configured sync object on the
 * integration's `batch_sync_interval` (UTC), each run resuming from its durable checkpoint.
 *
 * Runs of the same object never overlap: a tick that finds the previous run still going is skipped
 * (logged and counted in mcp_sync_skipped_runs_total), and `runNow` during a run joins that run
 * instead of starting a second one. Different objects run independently; the platform's request
 * rate is shared through the runtime's HTTP client, whose limiter paces them together.
 */
import { Cron } from "croner";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { SyncDefinition, ToolContext } from "../runtime/contract.js";
import { openCheckpointStore } from "./checkpoints.js";
import { syncMetrics } from "./metrics.js";
import { type SyncReport, runSync } from "./runner.js";

export interface ScheduleSyncsOptions {
  readonly platform: string;
  readonly syncs: readonly SyncDefinition<unknown>[];
  readonly settings: IntegrationSettings;
  /** its `signal` aborting also aborts every run (server shutdown) */
  readonly context: ToolContext<unknown>;
  /** the server's writable data directory; checkpoints live in <dataDir>/sync-checkpoints.sqlite */
  readonly dataDir: string;
  readonly registry: Registry;
  readonly log: Logger;
}

export interface SyncScheduler {
  /** stops the schedule, aborts runs in flight, waits for them to settle and closes the checkpoint store */
  stop(): Promise<void>;
  /** runs one configured object now (or joins its run in flight) */
  runNow(object: string): Promise<SyncReport>;
}

interface RunInFlight {
  readonly report: Promise<SyncReport>;
  readonly controller: AbortController;
}

export function scheduleSyncs(options: ScheduleSyncsOptions): SyncScheduler {
  const { platform, settings, context, registry } = options;
  const log = options.log.child({ component: "sync-scheduler", platform });
  const metrics = syncMetrics(registry);
  const configured = settings.sync_objects ?? [];
  const syncs = new Map<string, SyncDefinition<unknown>>();
  for (const object of configured) {
    const sync = options.syncs.find((candidate) => candidate.object === object);
    if (sync) syncs.set(object, sync);
    else log.warn({ object, defined: options.syncs.map((s) => s.object) }, "sync object listed in sync_objects has no sync definition; ignored");
  }
  const checkpoints = openCheckpointStore(options.dataDir);
  const inFlight = new Map<string, RunInFlight>();
  let stopped = false;

  const start = (object: string, sync: SyncDefinition<unknown>): Promise<SyncReport> => {
    const controller = new AbortController();
    const signal = AbortSignal.any([context.signal, controller.signal]);
    const report = runSync({ platform, sync, context: { ...context, signal }, checkpoints, log: options.log, registry }).finally(() =>
      inFlight.delete(object),
    );
    inFlight.set(object, { report, controller });
    return report;
  };

  const jobs: Cron[] = [];
  if (settings.batch_sync_interval !== undefined && syncs.size > 0) {
    for (const [object, sync] of syncs) {
      const job = new Cron(settings.batch_sync_interval, { timezone: "UTC" }, () => {
        if (stopped || context.signal.aborted) return;
        if (inFlight.has(object)) {
          metrics.skipped.inc({ platform, object });
          log.warn({ object }, "previous sync run still in flight; this tick is skipped");
          return;
        }
        start(object, sync).catch((error: unknown) => log.error({ object, error: String(error) }, "sync run crashed"));
      });
      jobs.push(job);
    }
    log.info(
      { objects: [...syncs.keys()], interval: settings.batch_sync_interval, nextRun: jobs[0]?.nextRun()?.toISOString() ?? null },
      "batch syncs scheduled (UTC)",
    );
  } else {
    log.info({ objects: [...syncs.keys()] }, "no batch_sync_interval or no sync objects: syncs run only on demand");
  }

  return {
    runNow(object) {
      if (stopped) return Promise.reject(new Error(`sync scheduler of ${platform} is stopped`));
      const running = inFlight.get(object);
      if (running) return running.report;
      const sync = syncs.get(object);
      if (!sync) {
        return Promise.reject(
          new Error(`"${object}" is not a configured sync object of ${platform}; configured: ${[...syncs.keys()].join(", ") || "none"}`),
        );
      }
      return start(object, sync);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const job of jobs) job.stop();
      const running = [...inFlight.values()];
      for (const run of running) run.controller.abort(new Error("sync scheduler stopping"));
      await Promise.allSettled(running.map((run) => run.report));
      checkpoints.close();
      log.info({ abortedRuns: running.length }, "batch syncs stopped");
    },
  };
}
