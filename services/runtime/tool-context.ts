/**
 * The dependencies handed to handlers (tools, webhook processing, syncs, extra routes): the
 * platform API, the memory sink, a logger, a clock, a cancellation signal and the settings. Built
 * here once, so every caller gets the same shape.
 */
import type { Logger } from "pino";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { Clock, MemorySink, ToolContext } from "./contract.js";
import type { PlatformConnection } from "./platform-connection.js";

export const systemClock: Clock = { now: () => new Date() };

export type ContextFactory<Api> = (log: Logger, signal: AbortSignal) => ToolContext<Api> | { readonly unavailable: string };

export function contextFactory<Api>(
  connection: PlatformConnection<Api>,
  deps: { readonly memory: MemorySink; readonly settings: IntegrationSettings; readonly webhookUrl?: URL; readonly clock?: Clock },
): ContextFactory<Api> {
  if (!connection.configured) {
    const unavailable = { unavailable: connection.reason };
    return () => unavailable;
  }
  const clock = deps.clock ?? systemClock;
  const webhookUrl = deps.webhookUrl === undefined ? {} : { webhookUrl: deps.webhookUrl.href };
  return (log, signal) => ({ api: connection.api, memory: deps.memory, log, clock, signal, settings: deps.settings, ...webhookUrl });
}
