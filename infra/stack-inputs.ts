/**
 * Everything the program takes from outside, read once at the top of the program: the stack
 * settings (structured config key `fleet`, validated with the plan's `stackSettingsSchema`), the
 * credentials (structured secret key `credentials`), the registry credentials (structured secret
 * key `registryCredentials`, optional) and the fleet file (INTEGRATIONS_FILE or
 * config/integrations.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { FleetConfigError, fleetFilePath, loadFleet, type Fleet } from "../services/fleet/load.js";
import { stackSettingsSchema, type StackSettings } from "../services/fleet/plan.js";
import { CREDENTIALS_CONFIG_KEY, StackCredentials } from "./credentials.js";
import { parseRegistryCredentials, REGISTRY_CREDENTIALS_CONFIG_KEY, type RegistryCredentials } from "./registry-credentials.js";

export const SETTINGS_CONFIG_KEY = "fleet";

export interface StackInputs {
  readonly settings: StackSettings;
  readonly credentials: StackCredentials;
  /** structured secret key `registryCredentials`, when set: the pull Secret's source */
  readonly registryCredentials?: RegistryCredentials;
  readonly fleet: Fleet;
}

export class StackSettingsError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "StackSettingsError";
  }
}

/** The subset of pulumi.Config the program uses; tests and benches hand in a plain map. */
export interface ConfigSource {
  /** the config namespace, the project name (sophia-fleet) */
  readonly name: string;
  get(key: string): string | undefined;
}

export function readStackInputs(config: ConfigSource, env: NodeJS.ProcessEnv = process.env): StackInputs {
  const settings = parseStackSettings(config.get(SETTINGS_CONFIG_KEY), `${config.name}:${SETTINGS_CONFIG_KEY}`);
  // read as the raw string: Config.getSecretObject would quote the whole value in its error if it
  // were malformed JSON, and returns an Output that preflight cannot inspect before declaring
  // resources. StackCredentials wraps every value in pulumi.secret as soon as it is parsed.
  const credentials = StackCredentials.parse(config.get(CREDENTIALS_CONFIG_KEY));
  const registryCredentials = parseRegistryCredentials(config.get(REGISTRY_CREDENTIALS_CONFIG_KEY), settings.registry);
  let fleet: Fleet;
  try {
    fleet = loadFleet(fleetFilePath(env));
  } catch (error) {
    // a clean message instead of a stack trace; the config error already names file, key and line
    if (error instanceof FleetConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
  return { settings, credentials, ...(registryCredentials ? { registryCredentials } : {}), fleet };
}

export function parseStackSettings(raw: string | undefined, fullKey: string): StackSettings {
  let value: unknown = {};
  if (raw !== undefined) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new StackSettingsError(`stack config "${fullKey}" must be an object (set it with \`pulumi config set --path ${SETTINGS_CONFIG_KEY}.<setting> <value>\`)`);
    }
  }
  const parsed = stackSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${[fullKey, ...i.path.map(String)].join(".")}: ${i.message}`);
    throw new StackSettingsError(`stack config "${fullKey}" is invalid:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
