/**
 * The platform's credentials, read once from the environment at startup (its facts name them).
 *
 * Decision: a missing required variable does not stop the server. It starts, answers /healthz,
 * reports "not configured: missing X, Y" on /readyz and answers every tool call with an isError
 * result naming the variables, so a fleet can show which integration lacks what. Strict callers
 * (main.ts --require-credentials, MCP_REQUIRE_CREDENTIALS=true) turn the same list into a one-line
 * startup error instead.
 */
import { checkRequirementsOf, FLEET_VARIABLES } from "../fleet/requirements.js";
import type { PlatformFacts } from "../fleet/facts.js";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { Credentials } from "./contract.js";

export interface LoadedCredentials {
  /** every variable the platform declares that is set, plus the fleet-wide tokens (empty counts as unset) */
  readonly credentials: Credentials;
  /**
   * required variables that are unset, in the order its facts list them, then each unmet choice
   * as "one of A or B"
   */
  readonly missing: readonly string[];
  /** one message per choice with more than one alternative set, naming the variables (never a value) */
  readonly conflicts: readonly string[];
  /**
   * every secret value this process holds (platform credentials and the fleet-wide tokens), for
   * value-based redaction of logs and error messages
   */
  readonly secretValues: readonly string[];
}

export function loadCredentials(facts: PlatformFacts, settings: IntegrationSettings, env: NodeJS.ProcessEnv): LoadedCredentials {
  const credentials: Record<string, string> = {};
  for (const variable of facts.variables) {
    const value = env[variable.name];
    if (value !== undefined && value !== "") credentials[variable.name] = value;
  }
  // fleet-wide tokens are handed to every definition too: the memory server checks MEMORY_INGEST_TOKEN
  for (const variable of FLEET_VARIABLES) {
    const value = env[variable.name];
    if (value !== undefined && value !== "") credentials[variable.name] = value;
  }
  const receivesWebhooks = settings.webhook_path !== undefined;
  const { missing, conflicts } = checkRequirementsOf(facts, receivesWebhooks, (name) => credentials[name] !== undefined);
  return {
    credentials: Object.freeze(credentials),
    missing,
    conflicts,
    secretValues: Object.values(credentials),
  };
}

export function notConfiguredMessage(missing: readonly string[], conflicts: readonly string[] = []): string {
  const parts = [...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []), ...conflicts];
  return `not configured: ${parts.join("; ")}`;
}

/** Why the loaded credentials cannot configure the platform (missing or conflicting), or undefined when they can. */
export function notConfiguredReason(loaded: Pick<LoadedCredentials, "missing" | "conflicts">): string | undefined {
  return loaded.missing.length > 0 || loaded.conflicts.length > 0 ? notConfiguredMessage(loaded.missing, loaded.conflicts) : undefined;
}

/**
 * A variable the platform's facts mark required. The runtime builds a platform's auth and API only
 * once every required variable is set (otherwise the server runs unconfigured and says what is
 * missing), so inside `auth()` and `createApi()` this cannot fail unless that promise is broken.
 */
export function requiredCredential(credentials: Credentials, name: string): string {
  const value = credentials[name];
  if (value === undefined || value === "") throw new Error(`${name} is required but was not loaded (the runtime checks required variables first)`);
  return value;
}
