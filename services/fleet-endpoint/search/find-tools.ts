import { z } from "zod";
import { defineTool, type ToolDefinition } from "../../runtime/contract.js";
import type { Federation } from "./federation.js";
import type { ToolSearchCache } from "./tool-index.js";

export const FIND_TOOLS_NAME = "fleet_find_tools";

const foundToolSchema = z.object({
  name: z.string().describe("pass to fleet_call_tool"),
  platform: z.string(),
  title: z.string().optional(),
  description: z.string(),
  toolset: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()).describe("JSON Schema of the arguments fleet_call_tool takes for this tool"),
  annotations: z.record(z.string(), z.unknown()).optional(),
  score: z.number().describe("relevance, comparable within one answer only"),
});

export function findToolsTool(federation: Federation, search: ToolSearchCache): ToolDefinition<unknown> {
  return defineTool<unknown>()({
    name: FIND_TOOLS_NAME,
    title: "Find fleet tools for a task",
    description:
      "Search the tools of every platform connected to the fleet (e.g. Slack, HubSpot, Gong, Linear, Asana, " +
      "Snowflake, memory) by what you want done, in plain words, e.g. \"post a message in #deals\" " +
      "or \"which GPU instances are running\". Returns the best matches, best first, each with its name, " +
      "description and the JSON Schema of its arguments; then run the one you choose with fleet_call_tool. " +
      "Narrow to one platform with `platform`. Reads nothing but the tool list.",
    toolset: "search",
    input: z.object({
      query: z.string().trim().min(1).max(500).describe("the task, in plain words"),
      limit: z.number().int().min(1).max(20).default(5).describe("how many tools to return"),
      platform: z.string().min(1).max(64).optional().describe('only tools of this platform, e.g. "slack"'),
    }),
    output: z.object({
      tools: z.array(foundToolSchema),
      searched: z.number().int().describe("how many tools the fleet offers now"),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async handler(input, { signal }) {
      const available = await federation.listTools(signal);
      const hits = search.indexFor(available).search(input.query, { limit: input.limit, ...(input.platform === undefined ? {} : { platform: input.platform }) });
      return {
        tools: hits.map(({ tool, score }) => ({
          name: tool.name,
          platform: tool.platform,
          ...(tool.title === undefined ? {} : { title: tool.title }),
          description: tool.description,
          ...(tool.toolset === undefined ? {} : { toolset: tool.toolset }),
          inputSchema: tool.inputSchema as Record<string, unknown>,
          ...(tool.annotations === undefined ? {} : { annotations: tool.annotations as Record<string, unknown> }),
          score,
        })),
        searched: available.length,
      };
    },
  });
}
