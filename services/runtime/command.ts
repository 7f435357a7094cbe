/**
 * The server command, independent of where platform definitions come from: the source tree
 * (cli.ts, every platform by its folder) or a server's bundle (images/bundle.ts, exactly one
 * definition compiled in, so an image cannot start another platform's server).
 *
 * A problem that keeps the server from starting is printed as one line naming what is wrong, and
 * the exit code is 78 (EX_CONFIG: restarting cannot help); any other failure to start exits 1.
 * SIGTERM/SIGINT drain and stop the server, then exit 0; a second signal exits at once.
 */
import type { PlatformDefinition } from "./contract.js";
import { startPlatformServer, type RunningServer } from "./server.js";
import { EXIT_CONFIG, StartupError } from "./startup-error.js";

export interface ServerSources {
  /** the platforms this command can serve, for the usage line and the name check */
  readonly platforms: readonly string[];
  readonly loadDefinition: (platform: string) => Promise<PlatformDefinition<unknown> | undefined>;
  /**
   * The environment of a run without MCP_INTEGRATION (settings from the fleet file); absent where
   * there is no fleet file (an image: the deployment plan always sets MCP_INTEGRATION).
   */
  readonly localRunEnvironment?: (platform: string, env: NodeJS.ProcessEnv) => Promise<Record<string, string>>;
}

function usage(sources: ServerSources): string {
  return `usage: npm run server -- <platform> [--require-credentials]   (platforms: ${sources.platforms.join(", ")})`;
}

async function main(sources: ServerSources, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const args = argv.filter((a) => !a.startsWith("--"));
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const unknownFlags = [...flags].filter((f) => f !== "--require-credentials");
  if (unknownFlags.length > 0) throw new StartupError(`unknown option ${unknownFlags.join(", ")}; ${usage(sources)}`);
  const only = sources.platforms.length === 1 ? sources.platforms[0] : undefined;
  const name = args[0] ?? (env.MCP_PLATFORM?.trim() || only);
  if (name === undefined) throw new StartupError(`no platform given; ${usage(sources)}`);
  if (!sources.platforms.includes(name)) {
    throw new StartupError(
      only === undefined ? `unknown platform "${name}"; ${usage(sources)}` : `MCP_PLATFORM is "${name}" but this server is built for "${only}" only`,
    );
  }

  let serverEnv: NodeJS.ProcessEnv = { ...env, MCP_PLATFORM: name };
  if (!env.MCP_INTEGRATION) {
    if (sources.localRunEnvironment === undefined) throw new StartupError("MCP_INTEGRATION is not set: the integration's settings, as JSON (the deployment plan sets it)");
    serverEnv = { ...serverEnv, ...(await sources.localRunEnvironment(name, env)) };
  }
  const definition = await sources.loadDefinition(name);
  if (definition === undefined) throw new StartupError(`no server definition for "${name}" yet (services/platforms/${name}/index.ts)`);
  return startPlatformServer({ definition, env: serverEnv, ...(flags.has("--require-credentials") ? { requireCredentials: true } : {}) });
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

export async function runServerCommand(sources: ServerSources): Promise<void> {
  try {
    const server = await main(sources, process.argv.slice(2), process.env);
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
