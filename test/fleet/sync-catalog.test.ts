/**
 * The deployment plan decides which integrations get a sync runner from the catalog's
 * `syncObjects`, without loading platform code; this keeps that list equal to what each platform
 * definition really implements, so a new sync cannot ship without its runner (or a runner without
 * a sync).
 */
import { describe, expect, it } from "vitest";
import { CATALOG, PLATFORM_NAMES } from "../../services/fleet/catalog.js";
import { loadPlatformDefinition } from "../../services/platforms/index.js";

describe("catalog syncObjects", () => {
  it.each(PLATFORM_NAMES.map((p) => [p]))("%s: lists exactly the sync objects its definition implements", async (platform) => {
    const definition = await loadPlatformDefinition(platform);
    const implemented = (definition?.syncs ?? []).map((sync) => sync.object);
    expect(CATALOG[platform].syncObjects ?? []).toEqual(implemented);
  });
});
