/**
 * Webhook and inbox metrics. The inbox gauges are read from the database at scrape time through
 * providers registered per Registry, so several intakes (or test servers) can share one registry.
 */
import type { Registry } from "prom-client";
import { counter, gauge } from "../http/metrics.js";

/** per event, except rejected / rate_limited / malformed / unavailable, which count requests */
export type WebhookOutcome = "accepted" | "rejected" | "deduplicated" | "unsubscribed" | "rate_limited" | "malformed" | "unavailable";
export type ProcessedOutcome = "done" | "retry" | "dead";

export interface InboxSnapshot {
  readonly depth: number;
  readonly oldestAgeSeconds: number;
  /** unprocessed events that have failed at least once */
  readonly retrying: number;
  readonly dead: number;
  /** set while events cannot be stored: what they wait for */
  readonly waitingFor?: "memory" | "platform";
}

const providers = new WeakMap<Registry, Map<string, () => InboxSnapshot>>();

export function webhookMetrics(registry: Registry) {
  let sources = providers.get(registry);
  if (sources === undefined) {
    sources = new Map();
    providers.set(registry, sources);
  }
  const registered = sources;
  const inboxGauge = (name: string, help: string, read: (snapshot: InboxSnapshot) => number) => {
    const metric = gauge(registry, { name, help, labelNames: ["platform"] as const });
    // collect() is attached once, on the first creation, and reads every registered inbox
    const withCollect = metric as typeof metric & { collect?: () => void };
    if (withCollect.collect === undefined) {
      Object.assign(metric, {
        collect: () => {
          metric.reset();
          for (const [platform, snapshot] of registered) metric.set({ platform }, read(snapshot()));
        },
      });
    }
    return metric;
  };
  return {
    webhooks: counter(registry, {
      name: "mcp_webhooks_total",
      help: "Webhook requests and events by outcome (accepted, rejected, deduplicated, rate_limited, malformed, unavailable)",
      labelNames: ["platform", "outcome"] as const,
    }),
    rejected: counter(registry, {
      name: "mcp_webhooks_rejected_total",
      help: "Webhook requests that failed verification, by reason",
      labelNames: ["platform", "reason"] as const,
    }),
    processed: counter(registry, {
      name: "mcp_inbox_processed_total",
      help: "Inbox processing attempts by outcome: done, retry (will be tried again), dead (rejected, attempts exhausted or retention passed; kept)",
      labelNames: ["platform", "outcome"] as const,
    }),
    depth: inboxGauge("mcp_inbox_depth", "Events stored in the inbox and not yet processed (pending)", (s) => s.depth),
    oldestAge: inboxGauge("mcp_inbox_oldest_age_seconds", "Age of the oldest unprocessed inbox event", (s) => s.oldestAgeSeconds),
    retrying: inboxGauge("mcp_inbox_retrying", "Unprocessed events that have failed at least once and wait for a retry", (s) => s.retrying),
    dead: inboxGauge("mcp_inbox_dead_letters", "Dead-lettered events, kept in the inbox until re-driven (npm run inbox)", (s) => s.dead),
    waitingForMemory: inboxGauge(
      "mcp_inbox_waiting_for_memory",
      "1 while events cannot be stored because the memory service is unavailable or not configured",
      (s) => (s.waitingFor === "memory" ? 1 : 0),
    ),
    waitingForPlatform: inboxGauge(
      "mcp_inbox_waiting_for_platform",
      "1 while events cannot be converted because the platform's API is unavailable",
      (s) => (s.waitingFor === "platform" ? 1 : 0),
    ),
    register(platform: string, snapshot: () => InboxSnapshot): void {
      registered.set(platform, snapshot);
    },
    unregister(platform: string): void {
      registered.delete(platform);
    },
  };
}

export type WebhookMetrics = ReturnType<typeof webhookMetrics>;
