/**
 * The end-to-end tests' fleet file builder writes what the fleet loader accepts: memory and each
 * platform on the given ports with their settings, the fleet endpoint off unless asked for.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../services/fleet/load.js";
import { writeFleetFile } from "./fleet-file.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function loaded(options: Parameters<typeof writeFleetFile>[1]) {
  const dir = mkdtempSync(path.join(tmpdir(), "fleet-file-"));
  dirs.push(dir);
  const fleet = loadFleet(writeFleetFile(dir, options));
  return Object.fromEntries(fleet.integrations.map((i) => [i.platform, { ...i.settings, ...(i.implied ? { implied: true } : {}) }]));
}

describe("writeFleetFile", () => {
  it("enables memory and each platform on its port with its settings, and switches the fleet endpoint off", () => {
    const settings = loaded({
      memoryPort: 9011,
      platforms: { slack: { mcp_server_port: 9003, webhook_path: "/webhook/slack", event_subscriptions: ["message.channels"] } },
    });
    expect(settings.memory).toMatchObject({ enabled: true, mcp_server_port: 9011 });
    expect(settings.slack).toMatchObject({ enabled: true, mcp_server_port: 9003, webhook_path: "/webhook/slack", event_subscriptions: ["message.channels"] });
    expect(settings.fleet_endpoint).toMatchObject({ enabled: false, mcp_server_port: 9000 });
    expect(settings.fleet_endpoint).not.toHaveProperty("implied");
  });

  it("leaves the fleet endpoint to the loader's default when asked", () => {
    const settings = loaded({ fleetEndpoint: "default", memoryPort: 9008, platforms: { vercel: { mcp_server_port: 9014 } } });
    expect(settings.fleet_endpoint).toMatchObject({ enabled: true, mcp_server_port: 9000, implied: true });
    expect(settings.vercel).toMatchObject({ enabled: true, mcp_server_port: 9014 });
  });
});
