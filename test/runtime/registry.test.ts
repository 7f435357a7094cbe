/** The platform registry: definitions found by folder convention, each one for the platform it names. */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PLATFORM_NAMES } from "../../services/fleet/catalog.js";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";

describe("loadPlatformDefinition", () => {
  it.each(PLATFORM_NAMES)("%s: its folder's definition, or undefined when there is no index module yet", async (name) => {
    const index = path.join(REPO_ROOT, "services", "platforms", name, "index.ts");
    const definition = await loadPlatformDefinition(name);
    if (!existsSync(index)) {
      expect(definition).toBeUndefined();
      return;
    }
    expect(definition?.facts.name).toBe(name);
    // the fleet endpoint's tools are the other servers' (a tool provider), known only at run time
    if (definition?.toolProvider) expect(definition.tools).toEqual([]);
    else expect(definition?.tools.length).toBeGreaterThan(0);
  });
});
