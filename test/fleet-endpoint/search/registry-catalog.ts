/**
 * The fleet's real tool surface as the fleet endpoint would list it, built in-process from every
 * platform's definition (found the way the runtime finds them, as test/platforms/tool-registry.test.ts
 * does), with each tool's input JSON Schema as the server lists it.
 */
import { z } from "zod";
import type { FederatedTool } from "../../../services/fleet-endpoint/search/federation.js";
import { PLATFORM_NAMES } from "../../../services/fleet/catalog.js";
import { loadPlatformDefinition } from "../../../services/platforms/index.js";

export async function registryCatalog(): Promise<FederatedTool[]> {
  const tools: FederatedTool[] = [];
  for (const platform of PLATFORM_NAMES) {
    const definition = await loadPlatformDefinition(platform);
    if (definition === undefined) continue;
    for (const tool of definition.tools) {
      tools.push({
        platform,
        name: tool.name,
        title: tool.title,
        description: tool.description,
        toolset: tool.toolset,
        inputSchema: z.toJSONSchema(tool.input, { io: "input" }),
        annotations: { title: tool.title, ...tool.annotations },
      });
    }
  }
  return tools;
}
