/**
 * The server command from the source tree, behind main.ts (which only enables the compile cache
 * first): `npm run server -- <platform> [--require-credentials]`, or MCP_PLATFORM set. Every
 * platform is found by its folder (services/platforms/index.ts). An image runs its server's bundle
 * instead (images/bundle.ts), which has one definition compiled in; command.ts is shared.
 *
 * Settings come from MCP_INTEGRATION (the deployment plan sets it); when it is absent (a local
 * run), they are read from config/integrations.yaml (or INTEGRATIONS_FILE).
 */
import path from "node:path";
import { PLATFORM_NAMES, type PlatformName } from "../fleet/platform-names.js";
import { loadPlatformDefinition } from "../platforms/index.js";
import { runServerCommand } from "./command.js";
import { StartupError } from "./startup-error.js";

/**
 * A local run (no MCP_INTEGRATION): the settings from the fleet file and, unless INBOX_DIR is set,
 * the data directory the local fleet gives this platform (`<FLEET_DATA_DIR or .data>/<platform>`),
 * so inbox and checkpoints are the same as under npm start and the sync CLI.
 */
async function localRunEnvironment(platform: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const { localDataDir } = await import("../local/run-file.js");
  return {
    MCP_INTEGRATION: await settingsFromFleetFile(platform, env),
    ...(env.INBOX_DIR?.trim() ? {} : { INBOX_DIR: path.join(localDataDir(env), platform, "inbox") }),
  };
}

/** Only for runs without MCP_INTEGRATION; the loader (and its YAML parser) is not loaded otherwise. */
async function settingsFromFleetFile(platform: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { fleetFilePath, FleetConfigError, loadFleet } = await import("../fleet/load.js");
  const file = fleetFilePath(env);
  let fleet;
  try {
    fleet = loadFleet(file);
  } catch (error) {
    if (error instanceof FleetConfigError) throw new StartupError(error.message.replaceAll("\n", " "));
    throw error;
  }
  const integration = fleet.integrations.find((i) => i.platform === platform);
  if (integration === undefined) throw new StartupError(`MCP_INTEGRATION is not set and ${file} has no integration "${platform}"`);
  return JSON.stringify(integration.settings);
}

export function runCli(): Promise<void> {
  return runServerCommand({
    platforms: PLATFORM_NAMES,
    loadDefinition: (name) => loadPlatformDefinition(name as PlatformName),
    localRunEnvironment,
  });
}
