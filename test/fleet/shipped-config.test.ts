import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { enabledIntegrations, loadFleet, REPO_ROOT } from "../../services/fleet/load.js";
import { hasServer } from "../../services/local/fleet.js";

describe("shipped fleet configuration", () => {
  const fleet = loadFleet(path.join(REPO_ROOT, "config/integrations.yaml"));

  it("configures all 14 platforms of the seed's matrix plus the memory server and the fleet endpoint", () => {
    expect(fleet.integrations.map((i) => i.platform).sort()).toEqual(
      [
        "airbyte", "apollo", "asana", "figma", "fleet_endpoint", "gong", "hubspot", "lambda_labs", "linear",
        "memory", "openrouter", "portkey", "slack", "snowflake", "usergems", "vercel",
      ],
    );
  });

  it("assigns the seed's ports", () => {
    const ports = Object.fromEntries(fleet.integrations.map((i) => [i.platform, i.settings.mcp_server_port]));
    expect(ports).toMatchObject({
      gong: 9001, hubspot: 9002, slack: 9003, linear: 9004, figma: 9006, snowflake: 9012, airbyte: 9013,
      vercel: 9014, lambda_labs: 9015, portkey: 9016, openrouter: 9017, asana: 9018, usergems: 9019, apollo: 9020,
    });
  });

  it("agrees with config/mcp_ports.json, entry for entry", () => {
    const portsFile = JSON.parse(readFileSync(path.join(REPO_ROOT, "config/mcp_ports.json"), "utf8")) as Record<string, number>;
    const fromYaml = Object.fromEntries(enabledIntegrations(fleet).map((i) => [i.platform, i.settings.mcp_server_port]));
    expect(fromYaml).toEqual(portsFile);
  });

  it("gives a webhook path exactly to the platforms that send webhooks", () => {
    for (const { platform, spec, settings } of fleet.integrations) {
      expect(settings.webhook_path === undefined, platform).toBe(!spec.sendsWebhooks);
    }
  });

  it("has a server for every enabled platform, so `npm start` lists none as \"no server yet\"", () => {
    const enabled = enabledIntegrations(fleet).map((i) => i.platform);
    expect(enabled).toContain("usergems");
    expect(enabled).toContain("apollo");
    expect(enabled.filter((platform) => !hasServer(platform))).toEqual([]);
  });
});
