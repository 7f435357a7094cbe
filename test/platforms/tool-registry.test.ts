/**
 * The fleet's tool surface as MCP clients see it, for every implemented platform, found the way
 * the runtime finds them (loadPlatformDefinition): each tool's input and output JSON schema,
 * title, toolset and annotations, snapshotted so any change to what models are offered shows up
 * in review, and the rules every tool keeps (named, described, annotated).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PLATFORM_NAMES, type PlatformName } from "../../services/fleet/catalog.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";
import type { ToolAnnotations, ToolDefinition } from "../../services/runtime/contract.js";

/** servers that answer from the fleet's own services: their tools do not reach the outside world */
const IN_FLEET: ReadonlySet<PlatformName> = new Set(["memory"]);
const ANNOTATION_HINTS = ["destructiveHint", "idempotentHint", "openWorldHint", "readOnlyHint"] as const satisfies readonly (keyof ToolAnnotations)[];

interface PlatformTools {
  readonly platform: PlatformName;
  readonly tools: readonly ToolDefinition<unknown>[];
}

/** the fleet endpoint has no tools of its own: it serves the other servers' (test/fleet-endpoint) */
const FEDERATING: ReadonlySet<PlatformName> = new Set(["fleet_endpoint"]);

const implemented: PlatformTools[] = [];
for (const platform of PLATFORM_NAMES) {
  if (FEDERATING.has(platform)) continue;
  const definition = await loadPlatformDefinition(platform);
  if (definition !== undefined) implemented.push({ platform, tools: definition.tools });
}
const everyTool = implemented.flatMap(({ platform, tools }) => tools.map((tool) => ({ platform, tool })));

describe("tool registry", () => {
  it("finds every platform built so far", () => {
    expect(implemented.map((p) => p.platform)).toEqual(expect.arrayContaining(["gong", "hubspot", "linear", "memory", "slack"]));
  });

  it("names every tool once across the fleet", () => {
    const names = everyTool.map(({ tool }) => tool.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // enough to cover what the best existing server for the platform offers, few enough that an agent
  // connected to one server can still hold them all (the fleet endpoint's tool search covers the rest)
  it.each(implemented.filter(({ platform }) => !IN_FLEET.has(platform)).map((p) => [p.platform, p] as const))(
    "%s offers 6 to 24 tools",
    (_platform, { tools }) => {
      expect(tools.length).toBeGreaterThanOrEqual(6);
      expect(tools.length).toBeLessThanOrEqual(24);
    },
  );

  describe.each(everyTool.map(({ platform, tool }) => [tool.name, platform, tool] as const))("%s", (_name, platform, tool) => {
    it("input and output JSON schemas and annotations", () => {
      expect({
        name: tool.name,
        title: tool.title,
        toolset: tool.toolset,
        annotations: tool.annotations,
        input: z.toJSONSchema(tool.input, { io: "input" }),
        output: z.toJSONSchema(tool.output, { io: "output" }),
      }).toMatchSnapshot();
    });

    it("is named <platform>_<verb>_<noun> in snake_case, with a title, a toolset and a description written for a model", () => {
      // the memory server's tools act on memories, which their prefix already names (memory_search)
      expect(tool.name).toMatch(IN_FLEET.has(platform) ? new RegExp(`^${platform}(_[a-z]+)+$`) : new RegExp(`^${platform}_[a-z]+(_[a-z]+)+$`));
      expect(tool.title.length).toBeGreaterThan(5);
      expect(tool.toolset).toMatch(/^[a-z][a-z_]*$/);
      expect(tool.description.length).toBeGreaterThan(80);
    });

    it("states all four annotation hints, consistently", () => {
      const hints = tool.annotations;
      expect(Object.keys(hints).sort()).toEqual(ANNOTATION_HINTS);
      for (const hint of ANNOTATION_HINTS) expect(typeof hints[hint], hint).toBe("boolean");
      // a read-only tool neither destroys nor has effects to repeat
      if (hints.readOnlyHint) expect([hints.destructiveHint, hints.idempotentHint]).toEqual([false, true]);
      expect(hints.openWorldHint).toBe(!IN_FLEET.has(platform));
    });
  });
});
