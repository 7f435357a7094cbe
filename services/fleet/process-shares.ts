/**
 * The processes of one integration in a cluster and how they share its rate budget. Each process
 * is told its part in its environment (shareEnvironment); the runtime (services/runtime/
 * environment.ts) reads it back. Pure data, no Kubernetes here.
 */
import type { ServerPlan } from "./plan.js";

/**
 * What one process of an integration does and what part of its rate budget it may use. The
 * runtime divides rate_limits.api_calls_per_minute by apiDivisor and
 * rate_limits.webhook_events_per_minute by webhookDivisor (rounding down, never below 1/min).
 */
export interface ProcessShare {
  /** runs the batch syncs (MCP_SYNC) */
  readonly sync: boolean;
  readonly apiDivisor: number;
  readonly webhookDivisor: number;
}

/** A process that is the whole integration: the local fleet, one `npm run server`. */
export const STANDALONE_SHARE: ProcessShare = { sync: true, apiDivisor: 1, webhookDivisor: 1 };

/**
 * The split of an integration's budget between its processes, so that together they stay under
 * the figures in config/integrations.yaml: the sync runner, when there is one, gets half the API
 * budget (a sync pages through everything changed since its checkpoint, and a starved sync falls
 * behind for good) and the serving replicas share the other half equally; without a runner they
 * share all of it. Webhooks reach serving replicas only (the runner is behind no Service), so the
 * webhook budget is split between them.
 */
export function processShares(servingReplicas: number, hasSyncRunner: boolean): { serving: ProcessShare; syncRunner?: ProcessShare } {
  if (!hasSyncRunner) return { serving: { sync: false, apiDivisor: servingReplicas, webhookDivisor: servingReplicas } };
  return {
    serving: { sync: false, apiDivisor: 2 * servingReplicas, webhookDivisor: servingReplicas },
    syncRunner: { sync: true, apiDivisor: 2, webhookDivisor: 1 },
  };
}

/** MCP_SYNC, MCP_API_RATE_DIVISOR and MCP_WEBHOOK_RATE_DIVISOR for a process with this share. */
export function shareEnvironment(share: ProcessShare): Record<string, string> {
  return {
    MCP_SYNC: share.sync ? "on" : "off",
    MCP_API_RATE_DIVISOR: String(share.apiDivisor),
    MCP_WEBHOOK_RATE_DIVISOR: String(share.webhookDivisor),
  };
}

/** The server's environment for a single process that serves, receives webhooks and syncs alone. */
export function standaloneEnvironment(server: ServerPlan): Record<string, string> {
  return { ...server.env, ...shareEnvironment(STANDALONE_SHARE) };
}
