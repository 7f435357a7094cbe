/**
 * Preflight: before anything is declared, every enabled integration's required secrets must be
 * present in the stack's `credentials`. All gaps are collected and reported together, by
 * integration and variable name; values are never read here, only their presence.
 */
import * as pulumi from "@pulumi/pulumi";
import { isPlatformName } from "../services/fleet/catalog.js";
import type { DeploymentPlan } from "../services/fleet/plan.js";
import { CREDENTIALS_CONFIG_KEY, FLEET_CREDENTIALS_GROUP, FLEET_VARIABLE_NAMES, type StackCredentials } from "./credentials.js";

export interface MissingSecrets {
  readonly platform: string;
  readonly variables: readonly string[];
}

export class PreflightError extends pulumi.RunError {
  constructor(readonly missing: readonly MissingSecrets[]) {
    super(
      `preflight: required secrets are missing from stack config "${CREDENTIALS_CONFIG_KEY}" ` +
        `(set them in the stack's ESC environment under pulumiConfig.${CREDENTIALS_CONFIG_KEY}, ` +
        `or with \`pulumi config set --secret --path ${CREDENTIALS_CONFIG_KEY}.<platform>.<VARIABLE>\`):\n` +
        missing
          .map((m) => `  - ${m.platform}: ${m.variables.map((v) => `${CREDENTIALS_CONFIG_KEY}.${m.platform}.${v}`).join(", ")}`)
          .join("\n"),
    );
    this.name = "PreflightError";
  }
}

/**
 * Every enabled integration's missing required variables, in plan order; missing fleet-wide
 * variables (which every server needs) are reported once, under "fleet", last.
 */
export function findMissingSecrets(plan: DeploymentPlan, credentials: StackCredentials): MissingSecrets[] {
  const missing: MissingSecrets[] = [];
  const missingFleet = new Set<string>();
  for (const server of plan.servers) {
    const variables: string[] = [];
    for (const name of server.secrets.required) {
      const group = groupOf(server.platform, name);
      if (credentials.has(group, name)) continue;
      if (group === FLEET_CREDENTIALS_GROUP) missingFleet.add(name);
      else variables.push(name);
    }
    if (variables.length > 0) missing.push({ platform: server.platform, variables });
  }
  if (missingFleet.size > 0) missing.push({ platform: FLEET_CREDENTIALS_GROUP, variables: [...missingFleet] });
  return missing;
}

export function assertPreflight(plan: DeploymentPlan, credentials: StackCredentials): void {
  const missing = findMissingSecrets(plan, credentials);
  if (missing.length > 0) throw new PreflightError(missing);
}

/** Fleet-wide variables live under `credentials.fleet`; everything else under the platform. */
export function groupOf(platform: string, variable: string): string {
  return FLEET_VARIABLE_NAMES.includes(variable) ? FLEET_CREDENTIALS_GROUP : platform;
}

/**
 * Variables present under a platform's group that its catalog entry does not know: almost always
 * a typo, which would otherwise silently leave an optional setting unset. Names only.
 */
export function findUnknownVariables(plan: DeploymentPlan, credentials: StackCredentials): MissingSecrets[] {
  const unknown: MissingSecrets[] = [];
  for (const server of plan.servers) {
    // fleet-wide variables belong under credentials.fleet; under a platform they would be ignored
    const known = new Set([...server.secrets.required, ...server.secrets.optional].filter((n) => !FLEET_VARIABLE_NAMES.includes(n)));
    const variables = credentials.names(server.platform).filter((name) => !known.has(name));
    if (variables.length > 0) unknown.push({ platform: server.platform, variables });
  }
  return unknown;
}

/** Groups under `credentials` that are neither a platform of the catalog nor `fleet` (typos). */
export function findUnknownGroups(credentials: StackCredentials): string[] {
  return credentials.groupNames().filter((group) => group !== FLEET_CREDENTIALS_GROUP && !isPlatformName(group));
}
