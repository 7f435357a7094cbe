import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../services/fleet/catalog.js";
import { FleetConfigError, loadFleet, parseFleet, REPO_ROOT } from "../../services/fleet/load.js";
import { buildPlan, hasServerDefinition, stackSettingsSchema, stableJson } from "../../services/fleet/plan.js";
import { processShares, shareEnvironment, standaloneEnvironment, STANDALONE_SHARE } from "../../services/fleet/process-shares.js";
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
    const plain = buildPlan(noHooks, { ...settings, mcpAuthMode: "oauth" }).servers.find((s) => s.platform === "slack")!;
    expect(plain.secrets.required).toEqual(["SLACK_BOT_TOKEN", "MEMORY_INGEST_TOKEN"]);
    expect(plain.secrets.optional).toContain("MCP_AUTH_TOKEN");
    expect(plain.secrets.optional).toContain("SLACK_SIGNING_SECRET");
    expect(slack.secrets.oneOf).toEqual([]);
  });

  it("carries a platform's choices as oneOf, their alternatives among the optional secrets", () => {
    const snowflake = plan.servers.find((s) => s.platform === "snowflake")!;
    expect(snowflake.secrets.oneOf).toEqual([["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]]);
    expect(snowflake.secrets.required).not.toContain("SNOWFLAKE_PASSWORD");
    expect(snowflake.secrets.optional).toEqual(expect.arrayContaining(["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]));
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
      for (const name of Object.keys(server.syncRunner?.env ?? {})) expect(secretNames.has(name), `${server.platform} sync: ${name}`).toBe(false);
    }
  });

  it("gives the memory server one pod, Recreate and a claim sized by memoryStorage, whatever the default replicas", () => {
    const scaled = buildPlan(shipped, { ...settings, replicas: 3, memoryStorage: "40Gi", storageClassName: "fast" });
    const memory = scaled.servers.find((s) => s.platform === "memory")!;
    expect(memory.replicas).toBe(1);
    expect(memory.strategy).toBe("Recreate");
    expect(memory.storage).toEqual({ claimName: "mcp-memory-data", size: "40Gi", storageClassName: "fast" });
    expect(memory.resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } });
    const slack = scaled.servers.find((s) => s.platform === "slack")!;
    expect([slack.replicas, slack.strategy, slack.storage]).toEqual([3, "RollingUpdate", undefined]);
    expect(slack.resources).toEqual({ requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } });
  });

  it("sets the memory server's memory limit from memoryServerMemory, keeping the request at most the limit", () => {
    const memoryOf = (memoryServerMemory: string) =>
      buildPlan(shipped, { ...settings, memoryServerMemory }).servers.find((s) => s.platform === "memory")!.resources;
    expect(memoryOf("1Gi")).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } });
    expect(memoryOf("200Mi")).toEqual({ requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "1", memory: "200Mi" } });
    expect(memoryOf("2G")).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "2G" } });
    expect(stackSettingsSchema.safeParse({ memoryServerMemory: "1 GB" }).error?.issues.map((i) => i.path.join("."))).toEqual(["memoryServerMemory"]);
  });

  it("plans a sync runner exactly where a schedule meets sync objects the platform implements", () => {
    const withRunner = plan.servers.filter((s) => s.syncRunner).map((s) => [s.platform, s.syncRunner!.syncObjects]);
    expect(withRunner).toEqual([
      ["gong", ["calls"]],
      ["hubspot", ["contacts", "companies", "deals"]],
      ["slack", ["channel_history"]],
      ["linear", ["issues"]],
      ["figma", ["files"]],
      ["snowflake", ["query_history", "warehouse_metering"]],
      ["airbyte", ["jobs"]],
      ["vercel", ["deployments"]],
      ["lambda_labs", ["instances", "audit_events"]],
      ["portkey", ["analytics"]],
      ["asana", ["tasks"]],
      ["apollo", ["contacts", "accounts"]],
    ]);
    const unscheduled = parseFleet('integrations:\n  slack:\n    enabled: true\n    mcp_server_port: 9003\n    sync_objects: ["channel_history"]\n', "x.yaml");
    expect(buildPlan(unscheduled, settings).servers[0]!.syncRunner).toBeUndefined();
  });

  it("makes the sync runner a one-pod, Recreate workload of its own, on a checkpoint claim", () => {
    const slack = buildPlan(shipped, { ...settings, storageClassName: "fast" }).servers.find((s) => s.platform === "slack")!;
    const runner = slack.syncRunner!;
    expect(runner).toMatchObject({ resourceName: "mcp-slack-sync", port: 9003, replicas: 1, strategy: "Recreate" });
    expect(runner.storage).toEqual({ claimName: "mcp-slack-sync-checkpoints", size: "1Gi", storageClassName: "fast" });
    expect(runner.labels).toEqual({
      ...slack.labels,
      "app.kubernetes.io/name": "mcp-slack-sync",
      "app.kubernetes.io/instance": "mcp-slack-sync-fleet",
      "app.kubernetes.io/component": "sync",
    });
    expect([runner.probes, runner.resources]).toEqual([slack.probes, slack.resources]);
    // the same settings, memory and webhook wiring; only the role and the rate share differ
    const { MCP_SYNC, MCP_API_RATE_DIVISOR, MCP_WEBHOOK_RATE_DIVISOR, ...shared } = runner.env;
    expect([MCP_SYNC, MCP_API_RATE_DIVISOR, MCP_WEBHOOK_RATE_DIVISOR]).toEqual(["on", "2", "1"]);
    const { MCP_SYNC: servingSync, MCP_API_RATE_DIVISOR: servingApi, MCP_WEBHOOK_RATE_DIVISOR: servingHooks, ...servingShared } = slack.env;
    expect([servingSync, servingApi, servingHooks]).toEqual(["off", "4", "2"]);
    expect(shared).toEqual(servingShared);
  });

  it("splits an integration's rate budget so its processes together stay within it", () => {
    expect(processShares(2, true)).toEqual({
      serving: { sync: false, apiDivisor: 4, webhookDivisor: 2 },
      syncRunner: { sync: true, apiDivisor: 2, webhookDivisor: 1 },
    });
    expect(processShares(3, false)).toEqual({ serving: { sync: false, apiDivisor: 3, webhookDivisor: 3 } });
    for (const replicas of [1, 2, 3, 5, 20]) {
      for (const runner of [true, false]) {
        const shares = processShares(replicas, runner);
        const apiTotal = replicas / shares.serving.apiDivisor + (shares.syncRunner ? 1 / shares.syncRunner.apiDivisor : 0);
        expect(apiTotal, `${replicas} replicas, runner ${runner}`).toBeCloseTo(1, 10);
        expect(replicas / shares.serving.webhookDivisor).toBeCloseTo(1, 10);
      }
    }
    for (const server of plan.servers) {
      expect(server.env.MCP_API_RATE_DIVISOR).toBe(String(server.syncRunner ? 2 * server.replicas : server.replicas));
      expect(server.env.MCP_WEBHOOK_RATE_DIVISOR).toBe(String(server.replicas));
    }
  });

  it("gives a process that is the whole integration (the local fleet) syncs and the whole budget", () => {
    const slack = plan.servers.find((s) => s.platform === "slack")!;
    const alone = standaloneEnvironment(slack);
    expect(alone).toEqual({ ...slack.env, ...shareEnvironment(STANDALONE_SHARE) });
    expect([alone.MCP_SYNC, alone.MCP_API_RATE_DIVISOR, alone.MCP_WEBHOOK_RATE_DIVISOR]).toEqual(["on", "1", "1"]);
  });

  it("names each server's MCP URL as the tokens' audience in oauth mode only", () => {
    const oauth = buildPlan(shipped, { ...settings, mcpAuthMode: "oauth", oauthIssuer: "https://auth.example.com" });
    for (const server of oauth.servers) {
      expect(server.env.MCP_RESOURCE_URL).toBe(server.mcpUrl);
      expect(server.env.MCP_OAUTH_ISSUER).toBe("https://auth.example.com");
      if (server.syncRunner) expect(server.syncRunner.env.MCP_RESOURCE_URL).toBe(server.mcpUrl);
    }
    for (const server of plan.servers) expect(server.env.MCP_RESOURCE_URL).toBeUndefined();
  });

  it("declares nothing for disabled integrations", () => {
    const fleet = parseFleet(
      "integrations:\n  slack:\n    enabled: false\n    mcp_server_port: 9003\n  gong:\n    enabled: true\n    mcp_server_port: 9001\n",
      "x.yaml",
    );
    expect(buildPlan(fleet, settings).servers.map((s) => s.platform)).toEqual(["fleet_endpoint", "gong", "memory"]);
  });

  it("is deterministic: the same inputs give byte-identical plans", () => {
    const again = buildPlan(loadFleet(path.join(REPO_ROOT, "config/integrations.yaml")), settings);
    expect(stableJson(again)).toBe(stableJson(plan));
  });

  it("rejects bad stack settings with the setting's name", () => {
    const result = stackSettingsSchema.safeParse({ namespace: "Bad_Namespace", webhookRouting: "alb" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["namespace", "webhookRouting"]);
    const storage = stackSettingsSchema.safeParse({ memoryStorage: "10GB", storageClassName: "Fast", webhookProxyNamespace: "Envoy" });
    expect(storage.error?.issues.map((i) => i.path.join("."))).toEqual(["webhookProxyNamespace", "memoryStorage", "storageClassName"]);
  });
});

describe("plans that match the code", () => {
  it("refuse a configured sync object the platform does not implement, naming the object, the platform and what it implements", () => {
    const fleet = parseFleet(
      'integrations:\n  slack:\n    enabled: true\n    mcp_server_port: 9003\n    batch_sync_interval: "0 * * * *"\n    sync_objects: ["channel_history", "users"]\n  openrouter:\n    enabled: true\n    mcp_server_port: 9017\n    sync_objects: ["models"]\n',
      "fleet.yaml",
    );
    const error = (() => {
      try {
        buildPlan(fleet, settings);
      } catch (e) {
        return e as FleetConfigError;
      }
      throw new Error("planned a sync nothing implements");
    })();
    expect(error).toBeInstanceOf(FleetConfigError);
    expect(error.file).toBe("fleet.yaml");
    expect(error.problems).toEqual([
      { keyPath: "integrations.slack.sync_objects.1", message: 'Slack implements no sync object "users"; it implements: channel_history' },
      { keyPath: "integrations.openrouter.sync_objects.0", message: 'OpenRouter implements no sync, so sync object "models" cannot run: remove sync_objects' },
    ]);
  });

  it("refuse an enabled platform without a server, naming it and where its server would be; a disabled one is fine", () => {
    const fleet = parseFleet("integrations:\n  slack: { enabled: true, mcp_server_port: 9003 }\n  gong: { enabled: false, mcp_server_port: 9001 }\n", "fleet.yaml");
    const withoutServers = (missing: readonly string[]) => (platform: string) => !missing.includes(platform);
    expect(() => buildPlan(fleet, settings, { hasServer: withoutServers(["slack"]) })).toThrow(
      /fleet\.yaml[\s\S]*integrations\.slack: Slack has no server \(services\/platforms\/slack\/index\.ts\)/,
    );
    expect(buildPlan(fleet, settings, { hasServer: withoutServers(["gong"]) }).servers.map((s) => s.platform)).toEqual(["fleet_endpoint", "slack", "memory"]);
    // every platform of the catalog has its server in this repository
    for (const platform of Object.keys(CATALOG)) expect(hasServerDefinition(platform as keyof typeof CATALOG), platform).toBe(true);
  });

  it("labels every workload with the release version from package.json", () => {
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    for (const server of buildPlan(shipped, settings).servers) {
      expect(server.labels["app.kubernetes.io/version"]).toBe(version);
      if (server.syncRunner) expect(server.syncRunner.labels["app.kubernetes.io/version"]).toBe(version);
    }
  });
});
