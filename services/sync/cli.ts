/**
 * Runs one batch sync now, from a terminal:
 *
 *   npx tsx services/sync/cli.ts <platform> <object> [--from-start]
 *
 * The command itself is command.ts (a server image runs the same one as `node sync-cli.js <object>`,
 * images/bundle.ts); this file adds what a run from a checkout needs. The integration's settings
 * come from the fleet file unless MCP_INTEGRATION is set. The memory server is MEMORY_URL (with
 * MEMORY_INGEST_TOKEN) when set, otherwise the running local fleet's, read from the file `npm start`
 * writes in its data directory (services/local/run-file.ts). The data directory is INBOX_DIR's
 * parent when set (as in a pod), otherwise the local fleet's `<FLEET_DATA_DIR or .data>/<platform>`,
 * where the platform's local server keeps the same checkpoints. Credentials come from the
 * environment, else the repository's `.env`, as for npm start.
 */
import path from "node:path";
import { resolveLocalCredentials } from "../esc/local-credentials.js";
import { fleetFilePath, loadFleet, REPO_ROOT } from "../fleet/load.js";
import { isPlatformName, PLATFORM_NAMES } from "../fleet/platform-names.js";
import { stableJson } from "../fleet/plan.js";
import { localDataDir, readRunFile } from "../local/run-file.js";
import { loadPlatformDefinition } from "../platforms/index.js";
import { runSyncCommand, SyncUsageError, type LocalSyncEnvironment } from "./command.js";

async function localEnvironment(name: string, processEnv: NodeJS.ProcessEnv): Promise<LocalSyncEnvironment> {
  if (!isPlatformName(name)) throw new SyncUsageError(`unknown platform "${name}"`);
  const integration = loadFleet(fleetFilePath(processEnv)).integrations.find((i) => i.platform === name);
  if (integration === undefined) throw new SyncUsageError(`${fleetFilePath(processEnv)} has no integration "${name}"`);
  // the platform's credentials as npm start reads them: the environment, else the repository's .env
  const local = (await resolveLocalCredentials({ integrations: [integration], env: processEnv, dotenvPath: path.join(REPO_ROOT, ".env") })).get(name);
  const env: NodeJS.ProcessEnv = { ...processEnv, ...local?.values };
  const fleetDataDir = localDataDir(env);
  const localFleet = env.MEMORY_URL?.trim() ? undefined : readRunFile(fleetDataDir);
  const fleetMemory = localFleet?.found ? localFleet.info.memory : undefined;
  const why = localFleet === undefined ? "" : localFleet.found ? `the local fleet (${localFleet.file}) runs no memory server; ` : `${localFleet.reason}; `;
  return {
    env: {
      ...local?.values,
      ...(fleetMemory ? { MEMORY_URL: fleetMemory.url, MEMORY_INGEST_TOKEN: env.MEMORY_INGEST_TOKEN?.trim() || fleetMemory.ingestToken } : {}),
      INBOX_DIR: env.INBOX_DIR?.trim() || path.join(fleetDataDir, name, "inbox"),
      MCP_INTEGRATION: env.MCP_INTEGRATION ?? stableJson(integration.settings),
    },
    noMemory:
      `${why}start the local fleet (npm start; with --data-dir elsewhere, set FLEET_DATA_DIR to it) ` +
      "or set MEMORY_URL (and MEMORY_INGEST_TOKEN if it requires one)",
  };
}

await runSyncCommand({
  platforms: PLATFORM_NAMES,
  loadDefinition: async (name) => (isPlatformName(name) ? loadPlatformDefinition(name) : undefined),
  usage: `usage: npx tsx services/sync/cli.ts <platform> <object> [--from-start]   (platforms: ${PLATFORM_NAMES.join(", ")})`,
  localEnvironment,
});
