/**
 * Which tools a server exposes, derived from the tool values themselves: read-only mode keeps the
 * tools whose annotations say readOnlyHint, toolset filtering keeps the listed toolsets.
 */
import type { IntegrationSettings } from "../../fleet/schema.js";
import type { ToolDefinition } from "../contract.js";

export function selectTools<Api>(tools: readonly ToolDefinition<Api>[], settings: IntegrationSettings): ToolDefinition<Api>[] {
  const toolsets = settings.toolsets === undefined ? undefined : new Set(settings.toolsets);
  return tools.filter(
    (tool) => (settings.read_only !== true || tool.annotations.readOnlyHint) && (toolsets === undefined || toolsets.has(tool.toolset)),
  );
}

/** toolsets named in the settings that no tool belongs to (almost always a typo) */
export function unknownToolsets(tools: readonly ToolDefinition<unknown>[], settings: IntegrationSettings): string[] {
  const known = new Set(tools.map((tool) => tool.toolset));
  return (settings.toolsets ?? []).filter((toolset) => !known.has(toolset));
}
