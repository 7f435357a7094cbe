import { pino } from "pino";
import type { ToolContext, ToolDefinition } from "../../services/runtime/contract.js";
import type { MemoryApi } from "../../services/platforms/memory/api.js";
import type { MemoryStore } from "../../services/memory/types.js";
import { WebhookStateStore } from "../../services/platforms/memory/webhook-state.js";

export function memoryToolContext(
  store: MemoryStore,
  options: { ingestToken?: string; webhookState?: WebhookStateStore } = { ingestToken: "test-ingest-token" },
): ToolContext<MemoryApi> {
  return {
    api: { store, ingestToken: options.ingestToken, webhookState: options.webhookState ?? new WebhookStateStore(":memory:") },
    memory: { store: async () => undefined },
    log: pino({ level: "silent" }),
    clock: { now: () => new Date() },
    signal: new AbortController().signal,
    settings: { enabled: true, mcp_server_port: 9010 },
  };
}

/** Calls a tool as the runtime does: input parsed by its schema, output checked against its schema. */
export async function callTool(tool: ToolDefinition<MemoryApi>, input: unknown, ctx: ToolContext<MemoryApi>): Promise<Record<string, unknown>> {
  const parsedInput = tool.input.parse(input);
  const output = await tool.handler(parsedInput, ctx);
  return tool.output.parse(output) as Record<string, unknown>;
}
