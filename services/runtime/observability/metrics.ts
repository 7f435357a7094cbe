/**
 * The runtime's own Prometheus metrics. Each server owns one Registry; the colleagues' modules (the
 * platform HTTP client, the webhook intake, the sync scheduler) register theirs on the same one, so
 * /metrics is the whole picture.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export type ToolCallOutcome =
  /** the handler returned output that matched its schema */
  | "ok"
  /** the arguments did not match the input schema */
  | "invalid_input"
  /** the platform failed (UpstreamError) */
  | "upstream_error"
  /** required credentials are missing */
  | "not_configured"
  /** the client cancelled or the server shut down */
  | "cancelled"
  /** the call's deadline (MCP_TOOL_DEADLINE_MS) was reached */
  | "deadline"
  /** the handler's output did not match its output schema */
  | "invalid_output"
  /** anything else: a bug, logged in full */
  | "error";

export interface ToolMetrics {
  readonly calls: Counter<"platform" | "tool" | "outcome">;
  readonly duration: Histogram<"platform" | "tool">;
}

export function createServerRegistry(options: { readonly defaultMetrics: boolean }): Registry {
  const registry = new Registry();
  // process_resident_memory_bytes, event loop lag, GC, ... for the resource figures in the plan
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

export function toolMetrics(registry: Registry): ToolMetrics {
  return {
    calls: new Counter({
      name: "mcp_tool_calls_total",
      help: "MCP tool calls by tool and outcome (ok, invalid_input, upstream_error, not_configured, cancelled, invalid_output, error)",
      labelNames: ["platform", "tool", "outcome"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "mcp_tool_call_duration_seconds",
      help: "Duration of MCP tool calls, from validated input to result",
      labelNames: ["platform", "tool"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}
