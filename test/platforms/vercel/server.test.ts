/**
 * End to end through the real server: an agent calls Vercel tools over MCP and the server calls the
 * Vercel fake in the configured team; Vercel posts a signed webhook, which is verified, deduplicated
 * by its id and turned into an enriched memory through the inbox.
 */
import { createHmac } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { definition } from "../../../services/platforms/vercel/index.js";
import { type ContractServer, startContractServer } from "../../contract/harness.js";
import { VercelFake } from "../../fakes/vercel.js";
import { TEAM_ID, TOKEN, gitMeta } from "./harness.js";

const WEBHOOK_SECRET = "e2e-vercel-webhook-secret";

let fake: VercelFake;
let server: ContractServer;
beforeAll(async () => {
  fake = await VercelFake.start({ token: TOKEN, teamId: TEAM_ID });
  server = await startContractServer(definition, {
    env: { PLATFORM_API_BASE_URL: fake.url, VERCEL_TOKEN: TOKEN, VERCEL_TEAM_ID: TEAM_ID, VERCEL_WEBHOOK_SECRET: WEBHOOK_SECRET },
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("Vercel server end to end", () => {
  it("answers vercel_list_deployments and vercel_list_env_vars over MCP, never with a variable's value", async () => {
    const project = fake.addProject("acme-web", Date.now() - 86_400_000, { type: "github", org: "acme", repo: "web", productionBranch: "main" });
    fake.addDeployment(project, { created: Date.now() - 60_000, target: "production", meta: gitMeta("main", "abc1234def", "Ship") });
    fake.envVars = [{ id: "env_1", projectId: project.id, key: "DATABASE_URL", type: "encrypted", target: ["production"], value: "CIPHERTEXT-E2E", createdAt: 1, updatedAt: 2 }];
    const client = new Client({ name: "vercel-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
    try {
      const listed = await client.callTool({ name: "vercel_list_deployments", arguments: { project: "acme-web" } });
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent).toMatchObject({ deployments: [{ project: "acme-web", state: "READY", target: "production", git: { branch: "main" } }] });
      const envs = await client.callTool({ name: "vercel_list_env_vars", arguments: { project: "acme-web" } });
      expect(envs.structuredContent).toEqual({ project: "acme-web", envVars: [{ id: "env_1", key: "DATABASE_URL", type: "encrypted", targets: ["production"], updatedAt: new Date(2).toISOString() }] });
      expect(JSON.stringify(envs.content)).not.toContain("CIPHERTEXT");
      const failed = await client.callTool({ name: "vercel_get_deployment", arguments: { deployment: "dpl_missing" } });
      expect(failed.isError).toBe(true);
      expect(JSON.stringify(failed.content)).toContain("404");
    } finally {
      await client.close();
    }
    expect(fake.requests.every((r) => r.query.get("teamId") === TEAM_ID)).toBe(true);
    expect(fake.unexpected).toEqual([]);
  });

  it("verifies a signed webhook and stores the enriched event once", async () => {
    const project = fake.addProject("acme-api", Date.now() - 86_400_000);
    const deployment = fake.addDeployment(project, { created: Date.now() - 30_000, readyState: "READY", target: "production", meta: gitMeta("main", "feedface0000", "Release 2.0") });
    const body = JSON.stringify({
      id: "evt_e2e_1",
      type: "deployment.succeeded",
      createdAt: Date.now(),
      payload: { deployment: { id: deployment.id, url: deployment.url, name: "acme-api" }, links: { deployment: "https://vercel.com/acme/acme-api/x" }, target: "production", project: { id: project.id } },
    });
    const signature = createHmac("sha1", WEBHOOK_SECRET).update(body).digest("hex");
    const post = (sig: string) => fetch(`${server.url}${server.webhookPath}`, { method: "POST", headers: { "content-type": "application/json", "x-vercel-signature": sig }, body });

    expect((await post(createHmac("sha1", "wrong-secret").update(body).digest("hex"))).status).toBe(401);
    expect((await post(signature)).status).toBe(200);
    expect((await post(signature)).status).toBe(200);
    await vi.waitFor(() => expect(server.stored.some((m) => m.key === `vercel:event:deployment.succeeded:${deployment.id}`)).toBe(true), { timeout: 10_000, interval: 50 });
    const memories = server.stored.filter((m) => m.key === `vercel:event:deployment.succeeded:${deployment.id}`);
    expect(memories).toHaveLength(1);
    expect(memories[0]?.content).toContain("The production deployment of acme-api succeeded. Vercel production deployment of acme-api succeeded and is ready.");
    expect(fake.unexpected).toEqual([]);
  });
});
