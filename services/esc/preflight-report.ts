import { CATALOG, evaluateChoices, FLEET_VARIABLES, isPlatformName, type PlatformName, type VariableChoice } from "../fleet/catalog.js";
import type { Integration } from "../fleet/load.js";
import { FLEET_GROUP, type CredentialProblem, type CredentialTree } from "./credentials.js";
import { expectedVariables } from "./integration-variables.js";

/**
 * What preflight concludes from the opened environments, as pure data: names and counts only,
 * never a value. Rendering (table or JSON) is separate.
 */

export interface OpenedEnvironment {
  readonly environment: string;
  readonly found: boolean;
  readonly groups: CredentialTree;
  readonly problems: readonly CredentialProblem[];
  readonly elapsedMs: number;
}

export interface EnvironmentSummary {
  readonly environment: string;
  /** whether it defines pulumiConfig.credentials */
  readonly found: boolean;
  readonly keyCount: number;
  readonly elapsedMs: number;
}

export interface CoverageRow {
  /** platform name, or "fleet" for the fleet-wide variables */
  readonly group: string;
  /** variable -> the environment that supplies it (the last one that sets it) */
  readonly present: Record<string, string>;
  /** required variables plus choices (each choice counts once) */
  readonly requiredCount: number;
  /** required variables, then "one of A or B" for each choice none of whose alternatives is set */
  readonly missingRequired: string[];
  /** absent optional variables, not counting a choice's alternatives (the choice speaks for them) */
  readonly missingOptional: string[];
  /** one message per choice with more than one alternative set (names only) */
  readonly conflicts: string[];
}

export type UnusedReason = "unknown platform" | "unknown variable" | "integration not enabled";

export interface UnusedKey {
  /** credentials.<group>.<VARIABLE> */
  readonly path: string;
  readonly reason: UnusedReason;
  readonly environment: string;
}

export interface PreflightReport {
  readonly environments: EnvironmentSummary[];
  readonly rows: CoverageRow[];
  readonly unused: UnusedKey[];
  /** used credentials the environment does not mark secret (names only) */
  readonly notMarkedSecret: string[];
  readonly problems: Array<CredentialProblem & { environment: string }>;
  /** group.VARIABLE of every missing required credential, and group.(one of A or B) of every unmet choice */
  readonly missingRequired: string[];
  /** "group: A and B are both set: ..." for every choice with more than one alternative set */
  readonly conflicts: string[];
  /** nothing required missing, no conflicting alternatives and no unusable entry (the Pulumi program rejects those) */
  readonly ok: boolean;
}

interface Origin {
  readonly environment: string;
  readonly markedSecret: boolean;
}
/** group -> variable -> where it comes from */
type Origins = Map<string, Map<string, Origin>>;

/**
 * `requiredFleet`: the fleet-wide variables the stack cannot run without (they depend on its
 * settings: `requiredFleetVariables` in services/fleet/plan.ts, as the Pulumi program's preflight).
 */
export function buildPreflightReport(
  enabled: readonly Integration[],
  opened: readonly OpenedEnvironment[],
  requiredFleet: readonly string[],
): PreflightReport {
  // later environments override earlier ones, so the last one to set a key is its origin
  const origin: Origins = new Map();
  for (const environment of opened) {
    for (const [group, variables] of environment.groups) {
      const groupOrigins = origin.get(group) ?? new Map<string, Origin>();
      for (const [name, value] of variables) {
        groupOrigins.set(name, { environment: environment.environment, markedSecret: value.markedSecret });
      }
      origin.set(group, groupOrigins);
    }
  }

  const rows: CoverageRow[] = enabled.map((integration) =>
    coverageRow(
      integration.platform,
      expectedVariables(integration).filter((v) => v.group === integration.platform),
      origin,
      CATALOG[integration.platform].choices,
    ),
  );
  rows.push(
    coverageRow(
      FLEET_GROUP,
      FLEET_VARIABLES.map((v) => ({ name: v.name, required: requiredFleet.includes(v.name) })),
      origin,
    ),
  );

  const enabledNames = new Set<string>(enabled.map((i) => i.platform));
  const unused: UnusedKey[] = [];
  const notMarkedSecret: string[] = [];
  for (const [group, groupOrigins] of origin) {
    for (const [name, { environment, markedSecret }] of groupOrigins) {
      const path = `credentials.${group}.${name}`;
      const reason = unusedReason(group, name, enabledNames);
      if (reason) unused.push({ path, reason, environment });
      else if (!markedSecret) notMarkedSecret.push(path);
    }
  }

  const missingRequired = rows.flatMap((row) => row.missingRequired.map((name) => qualified(row.group, name)));
  const conflicts = rows.flatMap((row) => row.conflicts.map((message) => `${row.group}: ${message}`));
  const problems = opened.flatMap((e) => e.problems.map((p) => ({ ...p, environment: e.environment })));
  return {
    environments: opened.map((e) => ({
      environment: e.environment,
      found: e.found,
      keyCount: [...e.groups.values()].reduce((sum, group) => sum + group.size, 0),
      elapsedMs: e.elapsedMs,
    })),
    rows,
    unused: unused.sort((a, b) => a.path.localeCompare(b.path)),
    notMarkedSecret: notMarkedSecret.sort(),
    problems,
    missingRequired,
    conflicts,
    ok: missingRequired.length === 0 && conflicts.length === 0 && problems.length === 0,
  };
}

function coverageRow(
  group: string,
  variables: ReadonlyArray<{ name: string; required: boolean }>,
  origin: Origins,
  choices: readonly VariableChoice[] = [],
): CoverageRow {
  const present: Record<string, string> = {};
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  const alternatives = new Set(choices.flatMap((choice) => choice.of));
  for (const variable of variables) {
    const from = origin.get(group)?.get(variable.name);
    if (from) present[variable.name] = from.environment;
    else if (variable.required) missingRequired.push(variable.name);
    else if (!alternatives.has(variable.name)) missingOptional.push(variable.name);
  }
  const outcome = evaluateChoices(choices, (name) => present[name] !== undefined);
  missingRequired.push(...outcome.missing);
  return {
    group,
    present,
    requiredCount: variables.filter((v) => v.required).length + choices.length,
    missingRequired,
    missingOptional,
    conflicts: [...outcome.conflicts],
  };
}

/** group.VARIABLE; a choice's label ("one of A or B") names each alternative that way. */
function qualified(group: string, name: string): string {
  return name.startsWith("one of ") ? name.replace(/\b[A-Z][A-Z0-9_]*\b/g, (variable) => `${group}.${variable}`) : `${group}.${name}`;
}

function unusedReason(group: string, name: string, enabled: ReadonlySet<string>): UnusedReason | undefined {
  if (group === FLEET_GROUP) {
    return FLEET_VARIABLES.some((v) => v.name === name) ? undefined : "unknown variable";
  }
  if (!isPlatformName(group)) return "unknown platform";
  if (!CATALOG[group as PlatformName].variables.some((v) => v.name === name)) return "unknown variable";
  return enabled.has(group) ? undefined : "integration not enabled";
}
