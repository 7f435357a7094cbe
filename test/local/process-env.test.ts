/**
 * The local fleet runs one process per platform, so each process is the whole integration: it
 * serves, takes webhooks and runs the syncs that a cluster gives to the sync runner, with the
 * integration's whole rate budget.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFleet, DEFAULT_FLEET_FILE } from "../../services/fleet/load.js";
import { buildPlan, stackSettingsSchema } from "../../services/fleet/plan.js";
import { managedServer } from "../../services/local/fleet.js";

describe("a local server process", () => {
  const fleet = loadFleet(DEFAULT_FLEET_FILE);
  const plan = buildPlan(fleet, stackSettingsSchema.parse({ publicBaseUrl: "http://127.0.0.1:8080" }));
  const memoryPlan = plan.servers.find((s) => s.platform === "memory");
  const context = {
    fleet,
    credentials: new Map(),
    host: "127.0.0.1",
    gatewayPort: 8080,
    dataDir: "/tmp/local-fleet-test",
    livenessIntervalMs: 1000,
    baseEnv: { PATH: "/usr/bin" },
    ingestToken: "local-ingest-token-0123456789",
    memoryPlan,
    publicBaseUrl: "http://127.0.0.1:8080",
  };

  it("runs its syncs and uses the integration's whole rate budget, where the cluster splits them", () => {
    for (const server of plan.servers) {
      const { env } = managedServer(server, {}, context);
      expect([env.MCP_SYNC, env.MCP_API_RATE_DIVISOR, env.MCP_WEBHOOK_RATE_DIVISOR], server.platform).toEqual(["on", "1", "1"]);
      expect(env.MCP_INTEGRATION).toBe(server.env.MCP_INTEGRATION);
      expect(env.INBOX_DIR).toBe(path.join(context.dataDir, server.platform, "inbox"));
    }
    const slack = plan.servers.find((s) => s.platform === "slack")!;
    expect(slack.env.MCP_SYNC).toBe("off");
    expect(slack.syncRunner).toBeDefined();
  });
});
