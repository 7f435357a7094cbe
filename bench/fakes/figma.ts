/**
 * Figma's files sync (team projects, their files, then versions and comments of each changed file)
 * against test/fakes/figma.ts, which checks the X-Figma-Token header and every query parameter.
 * Figma's sync is not scheduled in config/integrations.yaml (no sync_objects for figma); the case
 * runs it at the configured api_calls_per_minute, as `services/sync/cli.ts figma files` would.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/figma/index.js";
import { FigmaFake } from "../../test/fakes/figma.js";
import { type SyncBenchCase, forwardTo, realPlatformClient } from "./sync-case.js";

const TOKEN = "figd_bench";

export function figmaFilesCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Figma files (projects, files, versions and comments)",
    platform: "figma",
    apiCallsPerMinute,
    note: "Figma: one project, so a run is 2 listing calls plus 2 calls (versions, comments) per changed file; paced at the Tier 1 rate for every call.",
    async start(requests) {
      const fake = await FigmaFake.start({ token: TOKEN });
      const project = fake.addProject("Web app");
      const files = Math.max(1, Math.floor((requests - 2) / 2));
      const base = Date.parse("2026-01-01T00:00:00.000Z");
      for (let i = 0; i < files; i++) {
        const file = fake.addFile(project.id, `Screen ${i}`, { key: `BenchFile${String(i).padStart(6, "0")}Key`, lastModified: new Date(base + (i + 1) * 3_600_000).toISOString() });
        fake.addVersion(file, { created_at: new Date(base + i * 3_600_000 + 60_000).toISOString(), label: `v${i}`, description: `Iteration ${i}` });
        fake.addComment(file, { message: `Feedback on screen ${i}`, created_at: new Date(base + i * 3_600_000 + 120_000).toISOString() });
      }
      const credentials = { FIGMA_ACCESS_TOKEN: TOKEN, FIGMA_TEAM_ID: fake.team.id };
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, credentials, { ...settings, sync_objects: ["files"] }),
        // per file: the file, its named version, its comment
        expectedRecords: files * 3,
        expectedRequests: 2 + files * 2,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
