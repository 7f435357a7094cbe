/**
 * Stateless MCP serving: the SDK's createMcpHandler asks this factory for a fresh McpServer per
 * request, so no state lives between requests and any replica can answer any request. Everything
 * that can be computed once (schemas, their JSON Schema, annotations) is computed here, at startup;
 * per request only the registrations are repeated.
 */
import { McpServer, ProtocolError, ProtocolErrorCode, Server, type CallToolResult, type McpServerFactory, type ServerContext } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { ToolDefinition, ToolProvider } from "../contract.js";
import type { ToolMetrics } from "../observability/metrics.js";
import { decidedAnswer } from "./pass-through.js";
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
    answerInvalidParamsAsSuch(server.server);
    return server;
  };
}

/**
 * Stateless serving of tools known only at run time (a ToolProvider, the fleet endpoint's): the
 * same per-request server, answering tools/list and tools/call from the provider. Each call is
 * counted and timed like the runtime's own tools; the caller's signal goes to the provider.
 */
export function providerServerFactory(
  identity: ServerIdentity,
  provider: ToolProvider,
  environment: { readonly platform: string; readonly metrics: ToolMetrics; readonly log: Logger },
): McpServerFactory {
  const { platform, metrics, log } = environment;
  return () => {
    const server = new Server(
      { name: identity.name, title: identity.title, version: identity.version },
      { capabilities: { tools: { listChanged: false } }, ...(identity.instructions ? { instructions: identity.instructions } : {}) },
    );
    server.setRequestHandler("tools/list", async (_request, ctx) => ({ tools: [...(await provider.list(ctx.mcpReq.signal))] }));
    server.setRequestHandler("tools/call", async (request, ctx) => {
      const { name } = request.params;
      // the pass-through decided this call's answer (and counted it): see pass-through.ts
      const decided = decidedAnswer.getStore();
      if (decided !== undefined) return server.projectCallToolResult(decided.result, undefined);
      const endTimer = metrics.duration.startTimer({ platform, tool: name });
      let result: CallToolResult;
      try {
        result = await provider.call(name, request.params.arguments ?? {}, ctx.mcpReq.signal);
      } catch (error) {
        endTimer();
        metrics.calls.inc({ platform, tool: name, outcome: ctx.mcpReq.signal.aborted ? "cancelled" : "error" });
        if (error instanceof ProtocolError) throw error;
        log.error({ err: error, tool: name }, "tool call failed unexpectedly");
        result = { content: [{ type: "text", text: `${name} failed unexpectedly; the error was logged.` }], isError: true };
        return server.projectCallToolResult(result, undefined);
      }
      endTimer();
      metrics.calls.inc({ platform, tool: name, outcome: result.isError ? "upstream_error" : "ok" });
      return server.projectCallToolResult(result, undefined);
    });
    answerInvalidParamsAsSuch(server);
    return server;
  };
}

type RequestHandler = (request: unknown, ctx: unknown) => Promise<unknown>;

/**
 * The SDK validates the params of the requests it answers itself (initialize, tools/list, ping, ...)
 * and, when they are invalid, throws a plain Error whose message is the zod issue list as JSON, which
 * goes out as -32603 (internal error) carrying that dump; tools/call's own check says -32602 but with
 * the same dump. Invalid params are the client's mistake: -32602 with a short message naming the
 * fields. The SDK offers no hook for this, so the server's handler table (a Map on the low-level
 * Server, filled by the time the tools are registered) is wrapped; test/runtime/protocol-edges.test.ts
 * fails if that table moves.
 */
function answerInvalidParamsAsSuch(server: Server): void {
  const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) throw new Error("MCP SDK: the server's request handler table (_requestHandlers) is gone; update answerInvalidParamsAsSuch");
  const table = handlers as Map<string, RequestHandler>;
  for (const [method, handler] of table) {
    table.set(method, async (request, ctx) => {
      try {
        return await handler(request, ctx);
      } catch (error) {
        throw invalidParamsError(method, error) ?? error;
      }
    });
  }
}

interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A -32602 error with a short message when `error` is the SDK's params validation failure; else undefined. */
export function invalidParamsError(method: string, error: unknown): ProtocolError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined && code !== ProtocolErrorCode.InvalidParams) return undefined;
  // the message is the issue list (a plain Error), or "<what>: <issue list>" (tools/call's ProtocolError)
  const listAt = error.message.indexOf("[");
  if (listAt === -1 || (code === undefined && listAt !== 0)) return undefined;
  let issues: unknown;
  try {
    issues = JSON.parse(error.message.slice(listAt));
  } catch {
    return undefined;
  }
  if (!Array.isArray(issues) || issues.length === 0 || !issues.every(isIssue)) return undefined;
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "params"}: ${issue.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
  return new ProtocolError(ProtocolErrorCode.InvalidParams, `invalid params for ${method}: ${shown.join("; ")}${more}`);
}

function isIssue(value: unknown): value is Issue {
  if (typeof value !== "object" || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return Array.isArray(path) && path.every((p) => typeof p === "string" || typeof p === "number") && typeof message === "string";
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
