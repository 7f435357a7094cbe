/**
 * The server command behind main.ts (which only enables the compile cache first). In the image:
 * `node dist/services/runtime/main.js` with MCP_PLATFORM set; locally:
 * `npm run server -- <platform> [--require-credentials]`.
 *
 * Settings come from MCP_INTEGRATION (the deployment plan sets it); when it is absent (a local
 * run), they are read from config/integrations.yaml (or INTEGRATIONS_FILE). A problem that keeps
 * the server from starting is printed as one line naming what is wrong, and the exit code is 78
 * (EX_CONFIG: restarting cannot help); any other failure to start exits 1.
 * SIGTERM/SIGINT drain and stop the server, then exit 0; a second signal exits at once.
 */
import path from "node:path";
import { isPlatformName, PLATFORM_NAMES, type PlatformName } from "../fleet/catalog.js";
import { loadPlatformDefinition } from "../platforms/index.js";
import { startPlatformServer, type RunningServer } from "./server.js";
import { EXIT_CONFIG, StartupError } from "./startup-error.js";

const USAGE = `usage: npm run server -- <platform> [--require-credentials]   (platforms: ${PLATFORM_NAMES.join(", ")})`;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const args = argv.filter((a) => !a.startsWith("--"));
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const unknownFlags = [...flags].filter((f) => f !== "--require-credentials");
  if (unknownFlags.length > 0) throw new StartupError(`unknown option ${unknownFlags.join(", ")}; ${USAGE}`);
  const name = args[0] ?? env.MCP_PLATFORM;
  if (name === undefined) throw new StartupError(`no platform given; ${USAGE}`);
  if (!isPlatformName(name)) throw new StartupError(`unknown platform "${name}"; ${USAGE}`);

  const serverEnv = { ...env, MCP_PLATFORM: name, ...(env.MCP_INTEGRATION ? {} : await localRunEnvironment(name, env)) };
  const definition = await loadPlatformDefinition(name);
  if (definition === undefined) throw new StartupError(`no server definition for "${name}" yet (services/platforms/${name}/index.ts)`);
  return startPlatformServer({ definition, env: serverEnv, ...(flags.has("--require-credentials") ? { requireCredentials: true } : {}) });
}

/**
 * A local run (no MCP_INTEGRATION): the settings from the fleet file and, unless INBOX_DIR is set,
 * the data directory the local fleet gives this platform (`<FLEET_DATA_DIR or .data>/<platform>`),
 * so inbox and checkpoints are the same as under npm start and the sync CLI.
 */
async function localRunEnvironment(platform: PlatformName, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const { localDataDir } = await import("../local/run-file.js");
  return {
    MCP_INTEGRATION: await settingsFromFleetFile(platform, env),
    ...(env.INBOX_DIR?.trim() ? {} : { INBOX_DIR: path.join(localDataDir(env), platform, "inbox") }),
  };
}

/** Only for runs without MCP_INTEGRATION; the loader (and its YAML parser) is not loaded otherwise. */
async function settingsFromFleetFile(platform: PlatformName, env: NodeJS.ProcessEnv): Promise<string> {
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

function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      server.log.warn({ reason }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    server.log.info({ reason }, "stopping");
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // started by the local fleet's supervisor (an IPC channel): when it goes away, however it died,
  // this server stops too instead of holding its port as an orphan
  if (process.channel) {
    process.channel.unref();
    // (not a "second signal" while already draining: the supervisor may exit before this server does)
    process.once("disconnect", () => {
      if (!stopping) stop("the local fleet's supervisor is gone");
    });
  }
}

export async function runCli(): Promise<void> {
  try {
    const server = await main(process.argv.slice(2), process.env);
    stopOnSignals(server);
    process.on("uncaughtException", (error) => {
      server.log.fatal({ err: error }, "uncaught exception");
      void server.close().finally(() => process.exit(1));
    });
  } catch (error) {
    const message = error instanceof StartupError ? error.message : `failed to start: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof StartupError ? EXIT_CONFIG : 1);
  }
}
