/**
 * Tool search mode: for clients that cannot hold the whole fleet's tools, the fleet endpoint exposes
 * these two instead of every server's tools. `fleet_find_tools` ranks the federated tools against a
 * request (tool-index.ts); `fleet_call_tool` checks the arguments against the target's schema and
 * forwards the call. They are ordinary tool definitions: the endpoint registers them like any other.
 *
 * Call it once per process, not per request: the pair keeps the search index (built when the tool
 * list changes, which costs far more than a search) and the compiled argument validators.
 */
import type { ToolDefinition } from "../../runtime/contract.js";
import { ArgumentChecker } from "./argument-check.js";
import { callToolTool } from "./call-tool.js";
import type { Federation } from "./federation.js";
import { findToolsTool } from "./find-tools.js";
import { ToolSearchCache } from "./tool-index.js";

export type { FederatedTool, Federation } from "./federation.js";
export { CALL_TOOL_NAME } from "./call-tool.js";
export { FIND_TOOLS_NAME } from "./find-tools.js";
export { ToolSearchIndex, type ToolHit } from "./tool-index.js";

export function searchModeTools(federation: Federation): readonly ToolDefinition<unknown>[] {
  const search = new ToolSearchCache();
  return [findToolsTool(federation, search), callToolTool(federation, search, new ArgumentChecker())];
}
