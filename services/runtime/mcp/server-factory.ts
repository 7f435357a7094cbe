/**
 * Stateless MCP serving: the SDK's createMcpHandler asks this factory for a fresh McpServer per
 * request, so no state lives between requests and any replica can answer any request. Everything
 * that can be computed once (schemas, their JSON Schema, annotations) is computed here, at startup;
 * per request only the registrations are repeated.
 */
import { McpServer, type McpServerFactory, type ServerContext } from "@modelcontextprotocol/server";
import type { ToolDefinition } from "../contract.js";
import { callTool, type ToolCallEnvironment } from "./tool-call.js";
import { toolSchema, type ToolSchema } from "./tool-schemas.js";

export interface ServerIdentity {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly instructions?: string;
}

/** where a listed tool carries its toolset, for clients that group or filter tools */
export const TOOLSET_META_KEY = "sophia.ai/toolset";

interface PreparedTool {
  readonly name: string;
  readonly config: {
    readonly title: string;
    readonly description: string;
    readonly inputSchema: ToolSchema;
    readonly outputSchema: ToolSchema;
    readonly annotations: ToolDefinition<unknown>["annotations"] & { readonly title: string };
    readonly _meta: Record<string, unknown>;
  };
  readonly callback: (args: Record<string, unknown>, ctx: ServerContext) => ReturnType<typeof callTool>;
}

export function mcpServerFactory<Api>(
  identity: ServerIdentity,
  tools: readonly ToolDefinition<Api>[],
  callEnvironment: ToolCallEnvironment<Api>,
): McpServerFactory {
  const prepared: PreparedTool[] = tools.map((tool) => preparedTool(tool, callEnvironment));
  return () => {
    const server = new McpServer(
      { name: identity.name, title: identity.title, version: identity.version },
      { capabilities: { tools: { listChanged: false } }, ...(identity.instructions ? { instructions: identity.instructions } : {}) },
    );
    for (const tool of prepared) server.registerTool(tool.name, { ...tool.config, annotations: { ...tool.config.annotations } }, tool.callback);
    return server;
  };
}

function preparedTool<Api>(tool: ToolDefinition<Api>, callEnvironment: ToolCallEnvironment<Api>): PreparedTool {
  const log = callEnvironment.log.child({ tool: tool.name });
  return {
    name: tool.name,
    config: {
      title: tool.title,
      description: tool.description,
      inputSchema: toolSchema(tool.input, {
        onInvalid: () => callEnvironment.metrics.calls.inc({ platform: callEnvironment.platform, tool: tool.name, outcome: "invalid_input" }),
      }),
      // callTool validates the output itself (one error path), so the SDK need not do it again
      outputSchema: toolSchema(tool.output, { trusted: true }),
      annotations: { title: tool.title, ...tool.annotations },
      _meta: { [TOOLSET_META_KEY]: tool.toolset },
    },
    callback: (args, ctx) => callTool(tool, args, ctx.mcpReq.signal, callEnvironment, log),
  };
}
