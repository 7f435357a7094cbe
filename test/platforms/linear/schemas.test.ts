import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definition } from "../../../services/platforms/linear/index.js";

describe("Linear tool surface", () => {
  it.each(definition.tools.map((tool) => [tool.name, tool] as const))("%s: input and output JSON schemas and annotations", (_name, tool) => {
    expect({
      name: tool.name,
      title: tool.title,
      toolset: tool.toolset,
      annotations: tool.annotations,
      input: z.toJSONSchema(tool.input, { io: "input" }),
      output: z.toJSONSchema(tool.output, { io: "output" }),
    }).toMatchSnapshot();
  });

  it("names every tool <verb>_<noun> in snake_case, once", () => {
    const names = definition.tools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^linear_[a-z]+(_[a-z]+)+$/);
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names.length).toBeLessThanOrEqual(10);
  });

  it("describes every tool for a model and states every annotation hint consistently", () => {
    for (const tool of definition.tools) {
      expect(tool.description.length, tool.name).toBeGreaterThan(80);
      expect(tool.title.length, tool.name).toBeGreaterThan(5);
      const hints = tool.annotations;
      expect(Object.keys(hints).sort(), tool.name).toEqual(["destructiveHint", "idempotentHint", "openWorldHint", "readOnlyHint"]);
      // a read-only tool neither destroys nor has effects to repeat
      if (hints.readOnlyHint) expect([hints.destructiveHint, hints.idempotentHint], tool.name).toEqual([false, true]);
      expect(hints.openWorldHint, tool.name).toBe(true);
    }
  });
});
