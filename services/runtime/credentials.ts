/**
 * The platform's credentials, read once from the environment at startup (the catalog names them).
 *
 * Decision: a missing required variable does not stop the server. It starts, answers /healthz,
 * reports "not configured: missing X, Y" on /readyz and answers every tool call with an isError
 * result naming the variables, so a fleet can show which integration lacks what. Strict callers
 * (main.ts --require-credentials, MCP_REQUIRE_CREDENTIALS=true) turn the same list into a one-line
 * startup error instead.
 */
import { CATALOG, FLEET_VARIABLES, requiredVariables, type PlatformName } from "../fleet/catalog.js";
import type { IntegrationSettings } from "../fleet/schema.js";
import type { Credentials } from "./contract.js";

export interface LoadedCredentials {
  /** every catalog variable of the platform that is set, plus the fleet-wide tokens (empty counts as unset) */
  readonly credentials: Credentials;
  /** required variables that are unset, in catalog order */
  readonly missing: readonly string[];
  /**
   * every secret value this process holds (platform credentials and the fleet-wide tokens), for
   * value-based redaction of logs and error messages
   */
  readonly secretValues: readonly string[];
}

export function loadCredentials(platform: PlatformName, settings: IntegrationSettings, env: NodeJS.ProcessEnv): LoadedCredentials {
  const credentials: Record<string, string> = {};
  for (const variable of CATALOG[platform].variables) {
    const value = env[variable.name];
    if (value !== undefined && value !== "") credentials[variable.name] = value;
  }
  // fleet-wide tokens are handed to every definition too: the memory server checks MEMORY_INGEST_TOKEN
  for (const variable of FLEET_VARIABLES) {
    const value = env[variable.name];
    if (value !== undefined && value !== "") credentials[variable.name] = value;
  }
  const receivesWebhooks = settings.webhook_path !== undefined;
  const missing = requiredVariables(platform, receivesWebhooks).filter((name) => credentials[name] === undefined);
  return {
    credentials: Object.freeze(credentials),
    missing,
    secretValues: Object.values(credentials),
  };
}

export function notConfiguredMessage(missing: readonly string[]): string {
  return `not configured: missing ${missing.join(", ")}`;
}
