/** Every Vercel tool against the Vercel fake, through the runtime's HTTP client. */
import { describe, expect, it } from "vitest";
import { cancelDeployment } from "../../../services/platforms/vercel/tools/cancel-deployment.js";
import { checkDomain } from "../../../services/platforms/vercel/tools/check-domain.js";
import { getBuildLogs } from "../../../services/platforms/vercel/tools/get-build-logs.js";
import { getDeployment } from "../../../services/platforms/vercel/tools/get-deployment.js";
import { getProject } from "../../../services/platforms/vercel/tools/get-project.js";
import { listDeployments } from "../../../services/platforms/vercel/tools/list-deployments.js";
import { listDomains } from "../../../services/platforms/vercel/tools/list-domains.js";
import { listEnvVars } from "../../../services/platforms/vercel/tools/list-env-vars.js";
import { listProjectDomains } from "../../../services/platforms/vercel/tools/list-project-domains.js";
import { listProjects } from "../../../services/platforms/vercel/tools/list-projects.js";
import { listTeams } from "../../../services/platforms/vercel/tools/list-teams.js";
import { redeploy } from "../../../services/platforms/vercel/tools/redeploy.js";
import { closedAfterEachTest, startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { type Harness, NOW, TEAM_ID, TOKEN, gitMeta, seedProject, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));
// a second harness with other credentials, checked and closed after its test
const startOther = closedAfterEachTest(startHarness);

const minutesAgo = (minutes: number) => NOW.getTime() - minutes * 60_000;

/** acme-web with three deployments: a READY production one, a failed preview, a building preview. */
function seed() {
  const project = seedProject(h.fake);
  const ready = h.fake.addDeployment(project, {
    created: minutesAgo(60),
    buildingAt: minutesAgo(60),
    ready: minutesAgo(58),
    target: "production",
    meta: gitMeta("main", "a1b2c3d4e5f6a7b8c9d0", "Fix login redirect"),
    alias: ["acme.com", "www.acme.com"],
  });
  const failed = h.fake.addDeployment(project, {
    created: minutesAgo(30),
    readyState: "ERROR",
    meta: gitMeta("feature/checkout", "0f1e2d3c4b5a69788796", "Checkout v2"),
    errorCode: "BUILD_FAILED",
    errorMessage: "Command \"npm run build\" exited with 1",
    events: [
      { type: "command", date: minutesAgo(30), text: "Running \"npm run build\"" },
      { type: "stdout", date: minutesAgo(30) + 1000, text: "Creating an optimized production build ..." },
      { type: "stderr", date: minutesAgo(30) + 2000, text: "Type error: Property 'total' does not exist on type 'Cart'.", level: "error" },
      { type: "exit", date: minutesAgo(30) + 3000, text: "Command \"npm run build\" exited with 1" },
    ],
  });
  const building = h.fake.addDeployment(project, { created: minutesAgo(5), readyState: "BUILDING", meta: gitMeta("main", "ffffeeeeddddccccbbbb", "Bump deps") });
  return { project, ready, failed, building };
}

const lastQuery = () => Object.fromEntries(h.fake.requests.at(-1)?.query ?? []);

describe("teams and projects", () => {
  it("vercel_list_teams lists the token's teams without a team scope, and names the configured team", async () => {
    h.fake.teams = [
      { id: TEAM_ID, slug: "acme", name: "Acme", createdAt: Date.parse("2024-01-01T00:00:00Z"), role: "OWNER" },
      { id: "team_other", slug: "side", name: "Side project", createdAt: Date.parse("2025-01-01T00:00:00Z"), role: "MEMBER" },
    ];
    const result = await h.call(listTeams, {});
    expect(result).toEqual({
      teams: [
        { id: "team_other", slug: "side", name: "Side project", role: "MEMBER", createdAt: "2025-01-01T00:00:00.000Z" },
        { id: TEAM_ID, slug: "acme", name: "Acme", role: "OWNER", createdAt: "2024-01-01T00:00:00.000Z" },
      ],
      configuredTeamId: TEAM_ID,
    });
    expect(h.fake.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(lastQuery()).toEqual({ limit: "20" });
  });

  it("vercel_list_projects searches by name and pages with the continuation cursor", async () => {
    for (let i = 0; i < 3; i += 1) h.fake.addProject(`acme-site-${i}`, minutesAgo(100 - i));
    h.fake.addProject("other", minutesAgo(1));
    const first = await h.call(listProjects, { search: "acme", limit: 2 });
    expect(first.projects.map((p) => p.name)).toEqual(["acme-site-2", "acme-site-1"]);
    expect(lastQuery()).toEqual({ limit: "2", search: "acme", teamId: TEAM_ID });
    expect(first.nextCursor).toBe(String(minutesAgo(99)));
    const second = await h.call(listProjects, { search: "acme", limit: 2, cursor: first.nextCursor });
    expect(second.projects.map((p) => p.name)).toEqual(["acme-site-0"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("vercel_get_project names the repository, production branch and what production serves, and never a deploy hook URL", async () => {
    const { ready, failed } = seed();
    const result = await h.call(getProject, { project: "acme-web" });
    expect(result.project).toMatchObject({
      name: "acme-web",
      framework: "nextjs",
      git: { provider: "github", repo: "acme/web", productionBranch: "main" },
      productionDeployment: { id: ready.id, url: `https://${ready.url}`, state: "READY", target: "production" },
    });
    expect(result.project.latestDeployments?.map((d) => d.id)).toContain(failed.id);
    expect(JSON.stringify(result)).not.toContain("SECRETHOOK");
  });

  it("falls back to VERCEL_PROJECT_ID, and says so when there is no project at all", async () => {
    const withDefault = await startOther({ VERCEL_TOKEN: TOKEN, VERCEL_TEAM_ID: TEAM_ID, VERCEL_PROJECT_ID: "acme-web" });
    seedProject(withDefault.fake);
    expect((await withDefault.call(getProject, {})).project.name).toBe("acme-web");
    const error = await upstreamErrorOf(h.call(getProject, {}));
    expect(error.safeMessage).toMatch(/VERCEL_PROJECT_ID/);
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("deployments", () => {
  it("vercel_list_deployments filters by project, environment, state and branch, newest first, with Git details", async () => {
    const { ready, failed } = seed();
    const all = await h.call(listDeployments, { project: "acme-web" });
    expect(all.deployments.map((d) => d.state)).toEqual(["BUILDING", "ERROR", "READY"]);
    expect(all.deployments[2]).toEqual({
      id: ready.id,
      project: "acme-web",
      projectId: ready.projectId,
      url: `https://${ready.url}`,
      state: "READY",
      target: "production",
      createdAt: new Date(ready.created).toISOString(),
      buildingAt: new Date(ready.created).toISOString(),
      readyAt: new Date(minutesAgo(58)).toISOString(),
      creator: "ada",
      source: "git",
      git: { provider: "github", repo: "acme/web", branch: "main", commitSha: "a1b2c3d4e5f6a7b8c9d0", commitMessage: "Fix login redirect", commitAuthor: "Ada Lovelace" },
      inspectorUrl: expect.stringMatching(/^https:\/\/vercel\.com\/acme\/acme-web\//),
    });
    const failures = await h.call(listDeployments, { states: ["ERROR", "CANCELED"], target: "preview", branch: "feature/checkout" });
    expect(failures.deployments.map((d) => d.id)).toEqual([failed.id]);
    expect(failures.deployments[0]).toMatchObject({ errorCode: "BUILD_FAILED", errorMessage: 'Command "npm run build" exited with 1' });
    expect(lastQuery()).toEqual({ limit: "20", target: "preview", state: "ERROR,CANCELED", branch: "feature/checkout", teamId: TEAM_ID });
  });

  it("pages with `until` and reads `since` as an ISO time", async () => {
    const project = seedProject(h.fake);
    const made = Array.from({ length: 5 }, (_, i) => h.fake.addDeployment(project, { created: minutesAgo(50 - i) }));
    const first = await h.call(listDeployments, { limit: 2, since: new Date(minutesAgo(49.5)).toISOString() });
    expect(first.deployments.map((d) => d.id)).toEqual([made[4]?.id, made[3]?.id]);
    expect(lastQuery().since).toBe(String(minutesAgo(49.5)));
    const second = await h.call(listDeployments, { limit: 2, since: new Date(minutesAgo(49.5)).toISOString(), until: first.nextCursor });
    expect(lastQuery().until).toBe(String(made[3]?.created));
    expect(second.deployments.map((d) => d.id)).toEqual([made[2]?.id, made[1]?.id]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("vercel_get_deployment accepts an id or a pasted URL and lists the domains pointing at it", async () => {
    const { ready } = seed();
    const byUrl = await h.call(getDeployment, { deployment: `https://${ready.url}/some/page` });
    expect(h.fake.requests.at(-1)?.path).toBe(`/v13/deployments/${ready.url}`);
    expect(byUrl.deployment).toMatchObject({ id: ready.id, state: "READY", aliases: ["acme.com", "www.acme.com"], target: "production" });
    expect((await h.call(getDeployment, { deployment: ready.id })).deployment.id).toBe(ready.id);
  });

  it("vercel_get_deployment_build_logs reads the end of the log, in print order, and can keep only errors", async () => {
    const { failed } = seed();
    const tail = await h.call(getBuildLogs, { deployment: failed.id, limit: 3 });
    expect(lastQuery()).toEqual({ builds: "1", follow: "0", direction: "backward", limit: "3", teamId: TEAM_ID });
    expect(tail.events.map((e) => e.type)).toEqual(["stdout", "stderr", "exit"]);
    expect(tail.errorCount).toBe(1);
    expect(tail.events[1]).toEqual({ type: "stderr", at: new Date(minutesAgo(30) + 2000).toISOString(), level: "error", text: "Type error: Property 'total' does not exist on type 'Cart'." });
    const errors = await h.call(getBuildLogs, { deployment: failed.id, errorsOnly: true, fromStart: true });
    expect(lastQuery().direction).toBe("forward");
    expect(errors.events.map((e) => e.text)).toEqual(["Type error: Property 'total' does not exist on type 'Cart'."]);
  });

  it("reads the flat event form Vercel also answers", async () => {
    const { failed } = seed();
    h.fake.failNext(
      { status: 200, body: [{ created: 5, date: 1_700_000_000_000, deploymentId: failed.id, id: "e1", serial: "1", text: "Build failed", type: "fatal", info: { type: "build", name: "bld_1" } }, null] },
      `/v3/deployments/${failed.id}/events`,
    );
    const result = await h.call(getBuildLogs, { deployment: failed.id });
    expect(result.events).toEqual([{ type: "fatal", at: new Date(1_700_000_000_000).toISOString(), text: "Build failed" }]);
    expect(result.errorCount).toBe(1);
  });
});

describe("domains and environment variables", () => {
  it("vercel_list_domains shows verification, DNS and renewal", async () => {
    h.fake.domains = [
      { id: "dom_1", name: "acme.com", verified: true, serviceType: "zeit.world", nameservers: ["ns1.vercel-dns.com"], intendedNameservers: ["ns1.vercel-dns.com"], createdAt: minutesAgo(1000), expiresAt: Date.parse("2027-06-01T00:00:00Z"), boughtAt: minutesAgo(1000), renew: true },
      { id: "dom_2", name: "acme.io", verified: false, serviceType: "external", nameservers: ["ns.other.net"], intendedNameservers: ["ns1.vercel-dns.com"], createdAt: minutesAgo(10), expiresAt: null, boughtAt: null },
    ];
    const result = await h.call(listDomains, {});
    expect(result.domains).toEqual([
      { id: "dom_2", name: "acme.io", verified: false, serviceType: "external", nameservers: ["ns.other.net"], intendedNameservers: ["ns1.vercel-dns.com"], createdAt: new Date(minutesAgo(10)).toISOString() },
      {
        id: "dom_1", name: "acme.com", verified: true, serviceType: "zeit.world", nameservers: ["ns1.vercel-dns.com"], intendedNameservers: ["ns1.vercel-dns.com"],
        createdAt: new Date(minutesAgo(1000)).toISOString(), expiresAt: "2027-06-01T00:00:00.000Z", renew: true,
      },
    ]);
  });

  it("vercel_list_project_domains lists production domains, branch domains and redirects", async () => {
    const { project } = seed();
    h.fake.projectDomains = [
      { name: "acme.com", apexName: "acme.com", projectId: project.id, verified: true, createdAt: minutesAgo(300), updatedAt: minutesAgo(300) },
      { name: "www.acme.com", apexName: "acme.com", projectId: project.id, verified: true, redirect: "acme.com", redirectStatusCode: 308, createdAt: minutesAgo(200), updatedAt: minutesAgo(200) },
      { name: "staging.acme.com", apexName: "acme.com", projectId: project.id, verified: false, gitBranch: "staging", createdAt: minutesAgo(100), updatedAt: minutesAgo(100) },
    ];
    const all = await h.call(listProjectDomains, { project: project.id });
    expect(all.domains).toEqual([
      { name: "staging.acme.com", apexName: "acme.com", verified: false, gitBranch: "staging" },
      { name: "www.acme.com", apexName: "acme.com", verified: true, redirect: "acme.com", redirectStatusCode: 308 },
      { name: "acme.com", apexName: "acme.com", verified: true },
    ]);
    const production = await h.call(listProjectDomains, { project: project.id, production: true });
    expect(lastQuery()).toMatchObject({ production: "true" });
    expect(production.domains.map((d) => d.name)).toEqual(["www.acme.com", "acme.com"]);
  });

  it("vercel_check_domain_availability asks the registrar, and prices only a domain that can be bought", async () => {
    h.fake.registrar = {
      "acme-shop.com": { available: true, purchasePrice: 11.25, renewalPrice: 12, transferPrice: 11.25, minYears: 1 },
      "acme.com": { available: false, purchasePrice: 11.25, renewalPrice: 12, transferPrice: 11.25, minYears: 1 },
    };
    expect(await h.call(checkDomain, { domain: "Acme-Shop.com", years: 2 })).toEqual({ domain: "acme-shop.com", available: true, years: 2, purchasePrice: 22.5, renewalPrice: 24, transferPrice: 22.5 });
    expect(h.fake.requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
      `/v1/registrar/domains/acme-shop.com/availability?teamId=${TEAM_ID}`,
      `/v1/registrar/domains/acme-shop.com/price?years=2&teamId=${TEAM_ID}`,
    ]);
    expect(await h.call(checkDomain, { domain: "acme.com" })).toEqual({ domain: "acme.com", available: false });
    expect(h.fake.requests).toHaveLength(3);
    const unsupported = await upstreamErrorOf(h.call(checkDomain, { domain: "acme.notatld" }));
    expect(unsupported.status).toBe(400);
  });

  it("vercel_list_env_vars returns names, types and targets, never a value, and never asks Vercel to decrypt", async () => {
    const { project } = seed();
    const at = minutesAgo(500);
    h.fake.envVars = [
      { id: "env_1", projectId: project.id, key: "DATABASE_URL", type: "encrypted", target: ["production", "preview"], value: "CIPHERTEXT-postgres://prod", createdAt: at, updatedAt: at },
      { id: "env_2", projectId: project.id, key: "NEXT_PUBLIC_SITE", type: "plain", target: ["production", "preview", "development"], value: "PLAINVALUE-https://acme.com", createdAt: at, updatedAt: at },
      { id: "env_3", projectId: project.id, key: "STRIPE_KEY", type: "sensitive", target: ["preview"], value: "CIPHERTEXT-sk_test", gitBranch: "staging", createdAt: at, updatedAt: at },
    ];
    const all = await h.call(listEnvVars, { project: "acme-web" });
    expect(all.envVars).toEqual([
      { id: "env_1", key: "DATABASE_URL", type: "encrypted", targets: ["production", "preview"], updatedAt: new Date(at).toISOString() },
      { id: "env_2", key: "NEXT_PUBLIC_SITE", type: "plain", targets: ["production", "preview", "development"], updatedAt: new Date(at).toISOString() },
      { id: "env_3", key: "STRIPE_KEY", type: "sensitive", targets: ["preview"], gitBranch: "staging", updatedAt: new Date(at).toISOString() },
    ]);
    expect(JSON.stringify(all)).not.toMatch(/CIPHERTEXT|PLAINVALUE/);
    expect(h.fake.requests.every((r) => !r.query.has("decrypt"))).toBe(true);
    const production = await h.call(listEnvVars, { project: "acme-web", target: "production" });
    expect(production.envVars.map((e) => e.key)).toEqual(["DATABASE_URL", "NEXT_PUBLIC_SITE"]);
  });
});

describe("writes", () => {
  it("vercel_redeploy_deployment rebuilds a deployment under its project's name and returns the queued build", async () => {
    const { ready } = seed();
    const result = await h.call(redeploy, { deployment: `https://${ready.url}`, target: "production" });
    const post = h.fake.requests.find((r) => r.method === "POST");
    expect(post?.path).toBe("/v13/deployments");
    expect(Object.fromEntries(post?.query ?? [])).toEqual({ teamId: TEAM_ID });
    expect(JSON.parse(post?.body ?? "")).toEqual({ name: "acme-web", deploymentId: ready.id, target: "production" });
    expect(result.redeployOf).toBe(ready.id);
    expect(result.deployment).toMatchObject({ state: "QUEUED", target: "production", source: "redeploy", git: { branch: "main" } });
    expect(h.fake.deployments).toHaveLength(4);
  });

  it("vercel_cancel_deployment cancels a building deployment, and reports Vercel's refusal for a finished one", async () => {
    const { building, ready } = seed();
    const result = await h.call(cancelDeployment, { deployment: building.id });
    expect(h.fake.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/v12/deployments/${building.id}/cancel`, body: "" });
    expect(result.deployment).toMatchObject({ id: building.id, state: "CANCELED" });
    const refused = await upstreamErrorOf(h.call(cancelDeployment, { deployment: ready.id }));
    expect(refused.status).toBe(400);
    expect(refused.retryable).toBe(false);
  });

  it("resolves a URL to the deployment id before cancelling", async () => {
    const { building } = seed();
    await h.call(cancelDeployment, { deployment: building.url });
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v13/deployments/${building.url}`, `PATCH /v12/deployments/${building.id}/cancel`]);
  });
});

describe("errors through the runtime client", () => {
  it("waits for X-RateLimit-Reset on a 429 and then succeeds", async () => {
    seed();
    const resetAt = Math.ceil(NOW.getTime() / 1000);
    h.fake.failNext(
      { status: 429, headers: { "retry-after": "3", "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetAt) }, body: { error: { code: "rate_limited", message: "Rate limit exceeded" } } },
      "/v7/deployments",
    );
    const result = await h.call(listDeployments, {});
    expect(result.deployments).toHaveLength(3);
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Math.max(...h.waits)).toBeGreaterThanOrEqual(3000);
  });

  it("turns a 404 into a typed, non-retryable UpstreamError", async () => {
    const error = await upstreamErrorOf(h.call(getDeployment, { deployment: "dpl_doesnotexist" }));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
  });

  it("reports an answer that is not Vercel's shape as an UpstreamError", async () => {
    h.fake.failNext({ status: 200, body: { deployments: "nope", pagination: { count: 0, next: null, prev: null } } }, "/v7/deployments");
    const error = await upstreamErrorOf(h.call(listDeployments, {}));
    expect(error.safeMessage).toMatch(/unexpected shape/);
  });

  it("never retries a redeploy that failed ambiguously (it may have started a build)", async () => {
    const { ready } = seed();
    h.fake.failNext({ status: 502, body: { error: { code: "bad_gateway", message: "upstream" } } }, "/v13/deployments");
    const error = await upstreamErrorOf(h.call(redeploy, { deployment: ready.id }));
    expect(error.status).toBe(502);
    expect(h.fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("without VERCEL_TEAM_ID sends no team scope (the fake answers the personal account)", async () => {
    const personal = await startOther({ VERCEL_TOKEN: TOKEN });
    seedProject(personal.fake);
    await personal.call(listProjects, {});
    expect(personal.fake.requests[0]?.query.has("teamId")).toBe(false);
  });
});
