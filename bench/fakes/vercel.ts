/**
 * Vercel's deployments sync (GET /v7/deployments, 100 a page, newest first, `until` = the previous
 * page's `pagination.next`) against test/fakes/vercel.ts, which checks the Bearer token, the team
 * scope and every query parameter, in front of the rate-limited fake.
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/vercel/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/vercel/sync.js";
import { VercelFake } from "../../test/fakes/vercel.js";
import { type SyncBenchCase, forwardTo, realPlatformClient } from "./sync-case.js";

const TOKEN = "vercel-bench-token";
const TEAM_ID = "team_bench0000000000000000";

export function vercelDeploymentsCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  return {
    name: "Vercel deployments (REST, 100 a page, newest first)",
    platform: "vercel",
    apiCallsPerMinute,
    note: "Vercel: a first run reads the last 30 days; the deployments here are one a second over the last hours, all finished (READY/ERROR), so nothing holds the checkpoint back.",
    async start(requests) {
      const fake = await VercelFake.start({ token: TOKEN, teamId: TEAM_ID });
      const now = Date.now();
      const projects = ["acme-web", "acme-api", "acme-docs"].map((name) => fake.addProject(name, now - 90 * 86_400_000, { type: "github", org: "acme", repo: name, productionBranch: "main" }));
      // exactly `requests` full pages: the last one is full and says there is no next page
      const count = SYNC_PAGE_SIZE * requests;
      for (let i = 0; i < count; i += 1) {
        const failed = i % 17 === 0;
        fake.addDeployment(projects[i % projects.length]!, {
          created: now - 60_000 - i * 1000,
          readyState: failed ? "ERROR" : "READY",
          target: i % 5 === 0 ? "production" : null,
          meta: { githubCommitRef: i % 5 === 0 ? "main" : `feature/${i % 40}`, githubCommitSha: `${i}`.padStart(12, "a"), githubCommitMessage: `Change ${i}: tune the checkout flow`, githubCommitAuthorName: "Ada Lovelace", githubOrg: "acme", githubRepo: "web" },
          ...(failed ? { errorCode: "BUILD_FAILED", errorMessage: 'Command "npm run build" exited with 1' } : {}),
        });
      }
      const credentials = { VERCEL_TOKEN: TOKEN, VERCEL_TEAM_ID: TEAM_ID };
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords: count,
        expectedRequests: requests,
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
