/**
 * The tool surface as an MCP client sees it: each tool's input and output JSON schema and its
 * annotations, snapshotted so any change to what models are offered shows up in review.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definition } from "../../../services/platforms/gong/index.js";

describe("gong tool surface", () => {
  it("has 6 to 10 tools, each gong_-prefixed snake_case, described, with all four annotation hints", () => {
    expect(definition.tools.length).toBeGreaterThanOrEqual(6);
    expect(definition.tools.length).toBeLessThanOrEqual(10);
    expect(new Set(definition.tools.map((t) => t.name)).size).toBe(definition.tools.length);
    for (const tool of definition.tools) {
      expect(tool.name).toMatch(/^gong_[a-z0-9_]+$/);
      expect(tool.title.length).toBeGreaterThan(5);
      expect(tool.description.length).toBeGreaterThan(60);
      expect(Object.keys(tool.annotations).sort()).toEqual(["destructiveHint", "idempotentHint", "openWorldHint", "readOnlyHint"]);
      if (tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(false);
    }
  });

  it("is read-only: Gong tools only read", () => {
    const writes = definition.tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    expect(writes.sort()).toEqual([]);
  });

  for (const tool of definition.tools) {
    it(`${tool.name} schemas and annotations`, () => {
      expect({
        toolset: tool.toolset,
        annotations: tool.annotations,
        input: z.toJSONSchema(tool.input, { io: "input" }),
        output: z.toJSONSchema(tool.output, { io: "output" }),
      }).toMatchSnapshot();
    });
  }
});
