import { z } from "zod";
import { SecretValue } from "./secret-value.js";

/**
 * Where credentials live in an ESC environment (the contract with the Pulumi program):
 *
 *   values:
 *     pulumiConfig:
 *       credentials:
 *         slack: { SLACK_BOT_TOKEN: { fn::secret: ... }, ... }
 *         fleet: { MCP_AUTH_TOKEN: { fn::secret: ... } }
 *
 * An opened environment returns every value as an ESC `Value` ({ value, secret?, unknown?,
 * trace }), nested: objects hold Values, not plain data. We walk only the path above and parse
 * each level as we go, so nothing else in the environment can break us or reach us.
 */

/** The group under `credentials` that holds variables every server receives. */
export const FLEET_GROUP = "fleet";

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

const escValueSchema = z.looseObject({
  value: z.unknown(),
  secret: z.boolean().optional(),
  unknown: z.boolean().optional(),
});
type EscValue = z.infer<typeof escValueSchema>;

const escObjectSchema = z.record(z.string(), escValueSchema);

/** group (platform name or "fleet") -> variable name -> value */
export type CredentialTree = Map<string, Map<string, SecretValue>>;

/** Something wrong with one entry; names the path, never the value. */
export interface CredentialProblem {
  readonly path: string;
  readonly message: string;
}

export interface ExtractedCredentials {
  /** whether the environment defines pulumiConfig.credentials at all */
  readonly found: boolean;
  readonly groups: CredentialTree;
  readonly problems: readonly CredentialProblem[];
}

/** Pulls `pulumiConfig.credentials` out of an opened environment's `properties`. */
export function extractCredentials(properties: unknown): ExtractedCredentials {
  const problems: CredentialProblem[] = [];
  const groups: CredentialTree = new Map();
  const top = escObjectSchema.safeParse(properties ?? {});
  if (!top.success) {
    return { found: false, groups, problems: [{ path: "(environment)", message: "properties are not an object of ESC values" }] };
  }
  const pulumiConfig = top.data["pulumiConfig"];
  if (!pulumiConfig) return { found: false, groups, problems };
  const configEntries = childrenOf(pulumiConfig, "pulumiConfig", problems);
  const credentials = configEntries?.["credentials"];
  if (!credentials) return { found: false, groups, problems };

  const inheritedSecret = Boolean(pulumiConfig.secret || credentials.secret);
  const groupEntries = childrenOf(credentials, "pulumiConfig.credentials", problems);
  for (const [groupName, groupValue] of Object.entries(groupEntries ?? {})) {
    const groupPath = `pulumiConfig.credentials.${groupName}`;
    const variables = childrenOf(groupValue, groupPath, problems);
    if (!variables) continue;
    const group = new Map<string, SecretValue>();
    for (const [variableName, variableValue] of Object.entries(variables)) {
      const path = `${groupPath}.${variableName}`;
      const secret = inheritedSecret || Boolean(groupValue.secret || variableValue.secret);
      if (!VARIABLE_NAME.test(variableName)) {
        // the Pulumi program rejects these too (infra/credentials.ts)
        problems.push({ path, message: "variable names are UPPER_SNAKE_CASE" });
        continue;
      }
      const text = scalarText(variableValue, path, problems);
      if (text === undefined) continue;
      // as in the Pulumi program: an empty value is absent, so it is reported instead of deployed
      if (text.trim() === "") problems.push({ path, message: "empty value, treated as absent" });
      else group.set(variableName, new SecretValue(text, secret));
    }
    groups.set(groupName, group);
  }
  return { found: true, groups, problems };
}

/** The nested Values of an object-valued Value, or undefined (with a problem) when it is not one. */
function childrenOf(value: EscValue, path: string, problems: CredentialProblem[]): Record<string, EscValue> | undefined {
  if (value.unknown) {
    problems.push({ path, message: "value is unknown after opening the environment" });
    return undefined;
  }
  const inner = value.value;
  if (inner === null || typeof inner !== "object" || Array.isArray(inner)) {
    problems.push({ path, message: `expected a mapping, got ${kindOf(inner)}` });
    return undefined;
  }
  const parsed = escObjectSchema.safeParse(inner);
  if (!parsed.success) {
    problems.push({ path, message: "entries are not ESC values" });
    return undefined;
  }
  return parsed.data;
}

function scalarText(value: EscValue, path: string, problems: CredentialProblem[]): string | undefined {
  if (value.unknown) {
    problems.push({ path, message: "value is unknown after opening the environment" });
    return undefined;
  }
  const inner = value.value;
  if (typeof inner === "string") return inner;
  // unquoted YAML numbers and booleans (a team id, a flag) are still meant as env text
  if (typeof inner === "number" || typeof inner === "boolean") return String(inner);
  problems.push({ path, message: `expected a string, got ${kindOf(inner)}` });
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/**
 * Later environments override earlier ones key by key, as ESC merges imports (JSON merge patch:
 * mappings merge, scalars replace).
 */
export function mergeCredentialTrees(trees: readonly CredentialTree[]): CredentialTree {
  const merged: CredentialTree = new Map();
  for (const tree of trees) {
    for (const [groupName, variables] of tree) {
      const group = merged.get(groupName) ?? new Map<string, SecretValue>();
      for (const [name, value] of variables) group.set(name, value);
      merged.set(groupName, group);
    }
  }
  return merged;
}
