import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../services/fleet/catalog.js";
import { loadFleet, parseFleet, REPO_ROOT } from "../../services/fleet/load.js";
import { buildPlan, stackSettingsSchema, stableJson } from "../../services/fleet/plan.js";
import { integrationSchema } from "../../services/fleet/schema.js";

const settings = stackSettingsSchema.parse({ namespace: "fleet", registry: "registry.example.com/sophia", publicBaseUrl: "https://hooks.example.com" });
const shipped = loadFleet(path.join(REPO_ROOT, "config/integrations.yaml"));

describe("deployment plan", () => {
  const plan = buildPlan(shipped, settings);

  it("has one server per enabled integration, ordered by port", () => {
    expect(plan.servers.map((s) => s.port)).toEqual([...plan.servers.map((s) => s.port)].sort((a, b) => a - b));
    expect(plan.servers).toHaveLength(shipped.integrations.filter((i) => i.settings.enabled).length);
  });

  it("derives names, URLs and labels that kubectl selectors can use", () => {
    const lambda = plan.servers.find((s) => s.platform === "lambda_labs")!;
    expect(lambda.resourceName).toBe("mcp-lambda-labs");
    expect(lambda.mcpUrl).toBe("http://mcp-lambda-labs.fleet.svc.cluster.local:9015/mcp");
    expect(lambda.image.repository).toBe("registry.example.com/sophia/mcp-lambda-labs");
    expect(lambda.labels).toMatchObject({
      "app.kubernetes.io/name": "mcp-lambda-labs",
      "app.kubernetes.io/part-of": "sophia-mcp",
      "sophia.ai/platform": "lambda_labs",
      "sophia.ai/port": "9015",
    });
    expect(lambda.webhook).toBeUndefined();
  });

  it("routes webhooks under the integration's path and gives the URL to register", () => {
    const slack = plan.servers.find((s) => s.platform === "slack")!;
    expect(slack.webhook).toEqual({
      pathPrefix: "/webhook/slack",
      eventsPath: "/webhook/slack/events",
      publicUrl: "https://hooks.example.com/webhook/slack/events",
    });
    expect(slack.env.WEBHOOK_PUBLIC_URL).toBe("https://hooks.example.com/webhook/slack/events");
  });

  it("splits secrets into required and optional, webhook secrets required only with a webhook path", () => {
    const slack = plan.servers.find((s) => s.platform === "slack")!;
    expect(slack.secrets.required).toEqual(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MCP_AUTH_TOKEN", "MEMORY_INGEST_TOKEN"]);
    expect(slack.secrets.optional).toEqual(expect.arrayContaining(["SLACK_USER_TOKEN", "SLACK_APP_TOKEN"]));
    const noHooks = parseFleet("integrations:\n  slack:\n    enabled: true\n    mcp_server_port: 9003\n", "x.yaml");
    const plain = buildPlan(noHooks, { ...settings, mcpAuthMode: "oauth" }).servers[0]!;
    expect(plain.secrets.required).toEqual(["SLACK_BOT_TOKEN", "MEMORY_INGEST_TOKEN"]);
    expect(plain.secrets.optional).toContain("MCP_AUTH_TOKEN");
    expect(plain.secrets.optional).toContain("SLACK_SIGNING_SECRET");
  });

  it("passes the integration's settings to the server as JSON its schema accepts", () => {
    for (const server of plan.servers) {
      const parsed = integrationSchema.parse(JSON.parse(server.env.MCP_INTEGRATION!));
      expect(parsed.mcp_server_port).toBe(server.port);
      expect(server.env.MCP_PLATFORM).toBe(server.platform);
      expect(server.env.MCP_PORT).toBe(String(server.port));
    }
  });

  it("points every platform server at the memory server, and not the memory server at itself", () => {
    for (const server of plan.servers) {
      if (server.platform === "memory") expect(server.env.MEMORY_URL).toBeUndefined();
      else expect(server.env.MEMORY_URL).toBe("http://mcp-memory.fleet.svc.cluster.local:9010");
    }
  });

  it("never puts a variable of the catalog into the plain environment", () => {
    const secretNames = new Set(Object.values(CATALOG).flatMap((p) => p.variables.map((v) => v.name)));
    for (const server of plan.servers) {
      for (const name of Object.keys(server.env)) expect(secretNames.has(name), `${server.platform}: ${name}`).toBe(false);
    }
  });

  it("declares nothing for disabled integrations", () => {
    const fleet = parseFleet(
      "integrations:\n  slack:\n    enabled: false\n    mcp_server_port: 9003\n  gong:\n    enabled: true\n    mcp_server_port: 9001\n",
      "x.yaml",
    );
    expect(buildPlan(fleet, settings).servers.map((s) => s.platform)).toEqual(["gong"]);
  });

  it("is deterministic: the same inputs give byte-identical plans", () => {
    const again = buildPlan(loadFleet(path.join(REPO_ROOT, "config/integrations.yaml")), settings);
    expect(stableJson(again)).toBe(stableJson(plan));
  });

  it("rejects bad stack settings with the setting's name", () => {
    const result = stackSettingsSchema.safeParse({ namespace: "Bad_Namespace", webhookRouting: "alb" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["namespace", "webhookRouting"]);
  });
});
