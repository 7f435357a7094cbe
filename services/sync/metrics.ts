/**
 * Prometheus metrics of batch syncs. Created once per registry and shared by every run on it, so
 * calling runSync repeatedly (or for several objects) against one server registry never registers
 * a metric twice.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export interface SyncMetrics {
  /** records handled by syncs; outcome: stored | failed */
  readonly records: Counter<"platform" | "object" | "outcome">;
  /** finished runs; outcome: success | failed | aborted */
  readonly runs: Counter<"platform" | "object" | "outcome">;
  readonly lastSuccess: Gauge<"platform" | "object">;
  /** 1 while a run of the object is in flight */
  readonly inProgress: Gauge<"platform" | "object">;
  /** scheduled ticks skipped because the previous run of the object was still going */
  readonly skipped: Counter<"platform" | "object">;
}

const cache = new WeakMap<Registry, SyncMetrics>();

export function syncMetrics(registry: Registry): SyncMetrics {
  const cached = cache.get(registry);
  if (cached) return cached;
  const registers = [registry];
  const metrics: SyncMetrics = {
    records: new Counter({
      name: "mcp_sync_records_total",
      help: "Records handled by batch syncs, by outcome (stored, failed)",
      labelNames: ["platform", "object", "outcome"],
      registers,
    }),
    runs: new Counter({
      name: "mcp_sync_runs_total",
      help: "Finished batch sync runs, by outcome (success, failed, aborted)",
      labelNames: ["platform", "object", "outcome"],
      registers,
    }),
    lastSuccess: new Gauge({
      name: "mcp_sync_last_success_timestamp_seconds",
      help: "Unix time of the last batch sync run that finished successfully",
      labelNames: ["platform", "object"],
      registers,
    }),
    inProgress: new Gauge({
      name: "mcp_sync_in_progress",
      help: "1 while a batch sync run of the object is in flight",
      labelNames: ["platform", "object"],
      registers,
    }),
    skipped: new Counter({
      name: "mcp_sync_skipped_runs_total",
      help: "Scheduled batch sync ticks skipped because the previous run was still in flight",
      labelNames: ["platform", "object"],
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
