/**
 * Preflight: before anything is declared, every enabled integration's required secrets must be
 * present in the stack's `credentials`, and exactly one of each of its choices (Snowflake's
 * password or key). All gaps are collected and reported together, by integration and variable
 * name; values are never read here, only their presence.
 */
import * as pulumi from "@pulumi/pulumi";
import { choiceConflictMessage, choiceLabel, isPlatformName } from "../services/fleet/catalog.js";
import type { DeploymentPlan } from "../services/fleet/plan.js";
import { CREDENTIALS_CONFIG_KEY, FLEET_CREDENTIALS_GROUP, FLEET_VARIABLE_NAMES, type StackCredentials } from "./credentials.js";

export interface MissingSecrets {
  readonly platform: string;
  /** variable names, and "one of A or B" for a choice none of whose alternatives is present */
  readonly variables: readonly string[];
}

/** A choice with more than one alternative present: the server would refuse to sign in. */
export interface ConflictingSecrets {
  readonly platform: string;
  /** the alternatives that are present */
  readonly variables: readonly string[];
  /** names the variables and the choice, never a value */
  readonly message: string;
}

export class PreflightError extends pulumi.RunError {
  constructor(
    readonly missing: readonly MissingSecrets[],
    readonly conflicts: readonly ConflictingSecrets[] = [],
  ) {
    super(
      [
        ...(missing.length > 0
          ? [
              `preflight: required secrets are missing from stack config "${CREDENTIALS_CONFIG_KEY}" ` +
                `(set them in the stack's ESC environment under pulumiConfig.${CREDENTIALS_CONFIG_KEY}, ` +
                `or with \`pulumi config set --secret --path ${CREDENTIALS_CONFIG_KEY}.<platform>.<VARIABLE>\`):\n` +
                missing
                  .map((m) => `  - ${m.platform}: ${m.variables.map((v) => qualified(m.platform, v)).join(", ")}`)
                  .join("\n"),
            ]
          : []),
        ...(conflicts.length > 0
          ? [
              `preflight: stack config "${CREDENTIALS_CONFIG_KEY}" sets alternatives of which exactly one may be set:\n` +
                conflicts.map((c) => `  - ${c.platform}: ${c.message}`).join("\n"),
            ]
          : []),
      ].join("\n"),
    );
    this.name = "PreflightError";
  }
}

/** credentials.<platform>.<VARIABLE>; a choice's label ("one of A or B") names each alternative that way. */
function qualified(platform: string, variable: string): string {
  const path = (name: string) => `${CREDENTIALS_CONFIG_KEY}.${platform}.${name}`;
  return variable.startsWith("one of ") ? variable.replace(/\b[A-Z][A-Z0-9_]*\b/g, path) : path(variable);
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
    for (const of of server.secrets.oneOf) {
      if (!of.some((name) => credentials.has(server.platform, name))) variables.push(choiceLabel({ of, description: "" }));
    }
    if (variables.length > 0) missing.push({ platform: server.platform, variables });
  }
  if (missingFleet.size > 0) missing.push({ platform: FLEET_CREDENTIALS_GROUP, variables: [...missingFleet] });
  return missing;
}

/** Every choice of an enabled integration with more than one alternative present, in plan order. */
export function findConflictingSecrets(plan: DeploymentPlan, credentials: StackCredentials): ConflictingSecrets[] {
  return plan.servers.flatMap((server) =>
    server.secrets.oneOf.flatMap((of) => {
      const present = of.filter((name) => credentials.has(server.platform, name));
      return present.length > 1 ? [{ platform: server.platform, variables: present, message: choiceConflictMessage({ of, description: "" }, present) }] : [];
    }),
  );
}

export function assertPreflight(plan: DeploymentPlan, credentials: StackCredentials): void {
  const missing = findMissingSecrets(plan, credentials);
  const conflicts = findConflictingSecrets(plan, credentials);
  if (missing.length > 0 || conflicts.length > 0) throw new PreflightError(missing, conflicts);
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
