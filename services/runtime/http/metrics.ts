/**
 * Get-or-create helpers for prom-client metrics, so two components (or two test servers) that
 * share one Registry register a metric once instead of throwing "already registered".
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

interface MetricSpec<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
}

function existing<M>(registry: Registry, name: string, kind: new (...args: never[]) => M): M | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof kind)) {
    throw new Error(`metric ${name} is already registered with a different type`);
  }
  return metric;
}

export function counter<L extends string>(registry: Registry, spec: MetricSpec<L>): Counter<L> {
  return (
    existing<Counter<L>>(registry, spec.name, Counter) ??
    new Counter<L>({ name: spec.name, help: spec.help, labelNames: spec.labelNames, registers: [registry] })
  );
}

export function gauge<L extends string>(registry: Registry, spec: MetricSpec<L>): Gauge<L> {
  return (
    existing<Gauge<L>>(registry, spec.name, Gauge) ??
    new Gauge<L>({ name: spec.name, help: spec.help, labelNames: spec.labelNames, registers: [registry] })
  );
}

export function histogram<L extends string>(
  registry: Registry,
  spec: MetricSpec<L> & { readonly buckets: readonly number[] },
): Histogram<L> {
  return (
    existing<Histogram<L>>(registry, spec.name, Histogram) ??
    new Histogram<L>({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames,
      buckets: [...spec.buckets],
      registers: [registry],
    })
  );
}

/** The platform HTTP client's metrics on one registry. */
export function upstreamMetrics(registry: Registry) {
  return {
    requests: counter(registry, {
      name: "mcp_upstream_requests_total",
      help: "Requests sent to the platform API, one per attempt, by HTTP status or network/timeout/circuit_open",
      labelNames: ["platform", "method", "status"] as const,
    }),
    duration: histogram(registry, {
      name: "mcp_upstream_request_duration_seconds",
      help: "Duration of one attempt against the platform API, until the response headers arrived",
      labelNames: ["platform", "method"] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    retries: counter(registry, {
      name: "mcp_upstream_retries_total",
      help: "Retries of platform API requests, by the reason of the failed attempt",
      labelNames: ["platform", "reason"] as const,
    }),
    rateLimited: counter(registry, {
      name: "mcp_upstream_rate_limited_total",
      help: "Rate limiting: source=upstream counts 429 answers, source=client counts requests the local limiter delayed",
      labelNames: ["platform", "source"] as const,
    }),
  };
}

export type UpstreamMetrics = ReturnType<typeof upstreamMetrics>;
