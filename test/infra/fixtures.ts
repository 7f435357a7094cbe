/** Shared inputs: the shipped fleet, settings, and credentials made of unique canary values. */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { loadFleet, REPO_ROOT, type Fleet } from "../../services/fleet/load.js";
import { buildPlan, stackSettingsSchema, type DeploymentPlan, type StackSettings } from "../../services/fleet/plan.js";
import { StackCredentials } from "../../infra/credentials.js";
import { FLEET_VARIABLE_NAMES } from "../../infra/credentials.js";

export const SHIPPED_FLEET_FILE = path.join(REPO_ROOT, "config", "integrations.yaml");

export function shippedFleet(): Fleet {
  return loadFleet(SHIPPED_FLEET_FILE);
}

export function settings(overrides: Partial<StackSettings> = {}): StackSettings {
  return stackSettingsSchema.parse({ registry: "registry.test/sophia", publicBaseUrl: "https://hooks.test.example", ...overrides });
}

export function shippedPlan(overrides: Partial<StackSettings> = {}): DeploymentPlan {
  return buildPlan(shippedFleet(), settings(overrides));
}

/** A value no code could produce by accident: finding it anywhere means it leaked. */
export function canary(label: string): string {
  return `CANARY-${label}-${randomUUID()}`;
}

export type CredentialValues = Record<string, Record<string, string>>;

/**
 * Every variable of every server in the plan (required and optional) plus the fleet ones; of each
 * choice (Snowflake's password or key) only the first alternative, since both would fail preflight.
 */
export function fullCredentialValues(plan: DeploymentPlan): CredentialValues {
  const values: CredentialValues = { fleet: {} };
  for (const name of FLEET_VARIABLE_NAMES) values.fleet![name] = canary(`fleet-${name}`);
  for (const server of plan.servers) {
    const own: Record<string, string> = {};
    const extra = new Set(server.secrets.oneOf.flatMap((of) => of.slice(1)));
    for (const name of [...server.secrets.required, ...server.secrets.optional]) {
      if (!FLEET_VARIABLE_NAMES.includes(name) && !extra.has(name)) own[name] = canary(`${server.platform}-${name}`);
    }
    values[server.platform] = own;
  }
  return values;
}

export function credentialsFrom(values: CredentialValues): StackCredentials {
  return StackCredentials.parse(JSON.stringify(values));
}

export function allCanaries(values: CredentialValues): string[] {
  return Object.values(values).flatMap((group) => Object.values(group));
}
