import type { CallToolResult } from "@modelcontextprotocol/server";
import { z } from "zod";
import { defineTool, UpstreamError, type ToolDefinition } from "../../runtime/contract.js";
import { describeProblems, type ArgumentChecker } from "./argument-check.js";
import type { Federation } from "./federation.js";
import { FIND_TOOLS_NAME } from "./find-tools.js";
import type { ToolSearchCache } from "./tool-index.js";

export const CALL_TOOL_NAME = "fleet_call_tool";

/** errors of the endpoint itself (not of a platform) carry this platform name */
const FLEET = "fleet";
const SUGGESTIONS = 3;

export function callToolTool(federation: Federation, search: ToolSearchCache, checker: ArgumentChecker): ToolDefinition<unknown> {
  return defineTool<unknown>()({
    name: CALL_TOOL_NAME,
    title: "Run a fleet tool",
    description:
      "Run one tool of the fleet by name with its arguments, as found with fleet_find_tools (whose answer gives " +
      "each tool's argument schema). The arguments are checked against that schema first, and a wrong one is " +
      "named. Returns the tool's own result. What it does depends on the tool: it may post, change or delete " +
      "things on that platform (read the tool's description and annotations first).",
    toolset: "search",
    input: z.object({
      name: z.string().trim().min(1).max(128).describe('the tool\'s name, e.g. "slack_post_message"'),
      arguments: z.record(z.string(), z.unknown()).default({}).describe("the tool's arguments, per its inputSchema"),
    }),
    // the target's own structured result, whatever its shape
    output: z.looseObject({}),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    async handler(input, { signal }) {
      const available = await federation.listTools(signal);
      const target = available.find((tool) => tool.name === input.name);
      if (target === undefined) {
        // a server that is down dropped out of the list: say which and why, not "no such tool"
        const down = await federation.unavailable?.(input.name);
        if (down !== undefined) throw new UpstreamError(FLEET, 503, true, `${down} (${input.name} is one of its tools; call it again once the server is back)`);
        const near = search.indexFor(available).search(input.name.replaceAll("_", " "), { limit: SUGGESTIONS });
        const hint = near.length === 0 ? "" : ` Did you mean ${near.map((hit) => hit.tool.name).join(", ")}?`;
        throw new UpstreamError(FLEET, 404, false, `No tool named "${input.name}" in the fleet.${hint} ${FIND_TOOLS_NAME} finds tools by what they do.`);
      }
      const checked = checker.check(target.inputSchema, input.arguments);
      if (!checked.ok) {
        throw new UpstreamError(FLEET, 400, false, `Invalid arguments for ${target.name}: ${describeProblems(checked.problems)}. Its inputSchema (from ${FIND_TOOLS_NAME}) says what it takes.`);
      }
      const result = await federation.callTool(target.name, input.arguments, signal);
      if (result.isError === true) {
        // the target's own error message, already made safe by its server
        throw new UpstreamError(target.platform, 0, false, textOf(result) || `${target.name} failed without saying why.`);
      }
      return structuredResult(result);
    },
  });
}

function textOf(result: CallToolResult): string {
  return result.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("\n")
    .trim();
}

/**
 * The target's structuredContent (every fleet server sends one); from a server that sends only
 * content, its text parsed as a JSON object, or else the content blocks as they came.
 */
function structuredResult(result: CallToolResult): Record<string, unknown> {
  const structured: unknown = result.structuredContent;
  if (isPlainObject(structured)) return structured;
  if (structured !== undefined) return { result: structured };
  try {
    const parsed: unknown = JSON.parse(textOf(result));
    if (isPlainObject(parsed)) return parsed;
  } catch {
    // not JSON: the content blocks as they came
  }
  return { content: result.content };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
