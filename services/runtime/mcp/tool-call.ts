/**
 * The one error path of tool calls. Every handler runs through `callTool`, which turns what
 * happened into an MCP result, a log line and a metric:
 * - output: validated against the tool's output schema, returned as structuredContent plus its
 *   JSON text (for clients that read only content);
 * - UpstreamError: isError with the error's safeMessage only; status and detail go to the log;
 * - not configured: isError naming the missing variables;
 * - the call's deadline (MCP_TOOL_DEADLINE_MS) reached: isError saying so and what the platform
 *   request was doing (the HTTP client's UpstreamError), or else which platform it was waiting for;
 * - anything else: a generic isError; the error itself is logged.
 * The handler runs within the call's bounds (call-bounds.ts): every platform request it makes
 * stops when the client cancels or disconnects, the server stops, or the deadline is reached.
 * Every message that leaves the process is scrubbed of credential values first.
 */
import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import { DEFAULT_TOOL_DEADLINE_MS, deadlineReached, formatLimit, runWithinCall, settleOrAbort, startCall, UpstreamDeadlineError } from "../call-bounds.js";
import { UpstreamError, type ToolContext, type ToolDefinition } from "../contract.js";
import type { ToolCallOutcome, ToolMetrics } from "../observability/metrics.js";
import type { SecretScrubber } from "../observability/secret-scrubber.js";

export interface ToolCallEnvironment<Api> {
  readonly platform: string;
  /** the platform's title from its facts ("HubSpot"), for messages */
  readonly title: string;
  readonly metrics: ToolMetrics;
  readonly log: Logger;
  readonly scrubber: SecretScrubber;
  /** how long one call may take in all, retries and rate-limit waits included (MCP_TOOL_DEADLINE_MS; default DEFAULT_TOOL_DEADLINE_MS) */
  readonly deadlineMs?: number;
  /** aborts when the server shuts down: every call in flight stops with it */
  readonly stopping?: AbortSignal;
  /** the context for one call (log: the tool's logger), or why tools cannot run (e.g. "not configured: missing X") */
  context(log: Logger, signal: AbortSignal): ToolContext<Api> | { readonly unavailable: string };
}

export async function callTool<Api>(
  tool: ToolDefinition<Api>,
  input: Record<string, unknown>,
  signal: AbortSignal,
  env: ToolCallEnvironment<Api>,
  /** the tool's own logger (created once per tool, not per call) */
  log: Logger,
): Promise<CallToolResult> {
  const endTimer = env.metrics.duration.startTimer({ platform: env.platform, tool: tool.name });
  const finish = (outcome: ToolCallOutcome, result: CallToolResult): CallToolResult => {
    endTimer();
    env.metrics.calls.inc({ platform: env.platform, tool: tool.name, outcome });
    return result;
  };
  const call = startCall(env.stopping === undefined ? signal : AbortSignal.any([signal, env.stopping]), env.deadlineMs ?? DEFAULT_TOOL_DEADLINE_MS);
  try {
    return await runWithinCall(call, () => runHandler(tool, input, call.signal, env, log, finish));
  } finally {
    call.end();
  }
}

async function runHandler<Api>(
  tool: ToolDefinition<Api>,
  input: Record<string, unknown>,
  signal: AbortSignal,
  env: ToolCallEnvironment<Api>,
  log: Logger,
  finish: (outcome: ToolCallOutcome, result: CallToolResult) => CallToolResult,
): Promise<CallToolResult> {
  const context = env.context(log, signal);
  if ("unavailable" in context) return finish("not_configured", errorResult(`${tool.title}: ${context.unavailable}`));
  try {
    const output = await endsWithCall(tool.handler(input, context), signal);
    const checked = tool.output.safeParse(output);
    if (!checked.success) {
      log.error({ issues: checked.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, "tool output does not match its output schema");
      return finish("invalid_output", errorResult(`${tool.title} produced a result in an unexpected shape; the problem was logged.`));
    }
    const structured = checked.data as Record<string, unknown>;
    return finish("ok", { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured });
  } catch (error) {
    const limitMs = error instanceof UpstreamDeadlineError ? error.limitMs : deadlineReached(signal)?.limitMs;
    if (limitMs !== undefined) {
      // the HTTP client says what the request was doing; a driver or a shared wait does not
      const message =
        error instanceof UpstreamDeadlineError
          ? error.safeMessage
          : `${tool.title}: deadline of ${formatLimit(limitMs)} reached while waiting for ${env.title}`;
      log.warn({ deadlineMs: limitMs, detail: error instanceof UpstreamError ? error.detail : String(error) }, `tool call deadline reached: ${message}`);
      return finish("deadline", errorResult(env.scrubber.scrub(message)));
    }
    if (error instanceof UpstreamError) {
      log.warn({ status: error.status, retryable: error.retryable, detail: error.detail, retryAfterMs: error.retryAfterMs }, `upstream error: ${error.safeMessage}`);
      return finish("upstream_error", errorResult(env.scrubber.scrub(error.safeMessage)));
    }
    if (signal.aborted) {
      log.info("tool call cancelled");
      return finish("cancelled", errorResult(`${tool.title} was cancelled.`));
    }
    log.error({ err: error }, "tool handler failed unexpectedly");
    return finish("error", errorResult(`${tool.title} failed unexpectedly; the error was logged.`));
  }
}

/**
 * The handler's result, or, once the call is over (deadline, cancel), its end even when the handler
 * does not listen: its platform requests are aborted through the call's bounds, but a handler may
 * wait on something else. One macrotask of grace first, so that the error a request gives (which
 * says what it was doing) wins over the bare abort reason.
 */
function endsWithCall<T>(handler: Promise<T>, signal: AbortSignal): Promise<T> {
  return settleOrAbort(handler, signal, (reject) => setImmediate(() => reject(signal.reason as Error)));
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}
