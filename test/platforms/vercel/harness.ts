/** Vercel under test: the shared platform harness over the Vercel fake, scoped to a team. */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import type { VercelApi } from "../../../services/platforms/vercel/api/index.js";
import { definition } from "../../../services/platforms/vercel/index.js";
import { VercelFake } from "../../fakes/vercel.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const TOKEN = "vercel-test-token";
export const TEAM_ID = "team_acme0000000000000000";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9014, webhook_path: "/webhook/vercel", sync_objects: ["deployments"] };
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export interface Harness extends PlatformHarness<VercelApi>, StartedFake {
  readonly fake: VercelFake;
}

export async function startHarness(credentials: Credentials = { VERCEL_TOKEN: TOKEN, VERCEL_TEAM_ID: TEAM_ID }, now: Date = NOW): Promise<Harness> {
  const fake = await VercelFake.start({ token: TOKEN, teamId: credentials.VERCEL_TEAM_ID });
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now });
  return { ...harness, fake, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

/** A project with a GitHub repository and one deployment per entry, `minutes` before NOW. */
export function seedProject(fake: VercelFake, name = "acme-web") {
  return fake.addProject(name, NOW.getTime() - 90 * 86_400_000, { type: "github", org: "acme", repo: "web", productionBranch: "main" });
}

export function gitMeta(branch: string, sha: string, message: string): Record<string, string> {
  return { githubCommitRef: branch, githubCommitSha: sha, githubCommitMessage: message, githubCommitAuthorName: "Ada Lovelace", githubOrg: "acme", githubRepo: "web" };
}
