/** What only Gong's tool surface promises (the rules every tool keeps are in ../tool-registry.test.ts). */
import { describe, expect, it } from "vitest";
import { definition } from "../../../services/platforms/gong/index.js";

describe("gong tool surface", () => {
  it("is read-only: Gong tools only read", () => {
    const writes = definition.tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    expect(writes.sort()).toEqual([]);
  });
});
