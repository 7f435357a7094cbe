/**
 * The integrations.yaml an end-to-end test starts its fleet from: memory on its port, each platform
 * enabled on its port with the settings the test gives it, and the fleet endpoint switched off
 * (its own end to end binds 9000) unless the test asks for the default. One builder, so every e2e
 * fleet file has the same shape and a schema change is made in one place.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import type { IntegrationSettings } from "../../services/fleet/schema.js";

/** a platform's entry: its port, and whatever else of its settings the test needs (enabled is implied) */
export type FleetEntry = Partial<Omit<IntegrationSettings, "enabled" | "mcp_server_port">> & { readonly mcp_server_port: number };

export interface FleetFileOptions {
  readonly memoryPort: number;
  readonly platforms: Readonly<Record<string, FleetEntry>>;
  /** "off" (default): `fleet_endpoint: { enabled: false }`; "default": no entry, so the endpoint runs on 9000 as in every fleet */
  readonly fleetEndpoint?: "off" | "default";
}

/** The fleet file's content. */
export function fleetYaml(options: FleetFileOptions): string {
  const endpoint = (options.fleetEndpoint ?? "off") === "off" ? { fleet_endpoint: { enabled: false, mcp_server_port: 9000 } } : {};
  const platforms = Object.fromEntries(Object.entries(options.platforms).map(([platform, entry]) => [platform, { enabled: true, ...entry }]));
  return stringify({ integrations: { ...endpoint, memory: { enabled: true, mcp_server_port: options.memoryPort }, ...platforms } });
}

/** Writes `integrations.yaml` into `dir` and returns its path (what INTEGRATIONS_FILE points to). */
export function writeFleetFile(dir: string, options: FleetFileOptions): string {
  const file = path.join(dir, "integrations.yaml");
  writeFileSync(file, fleetYaml(options));
  return file;
}
