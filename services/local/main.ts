/**
 * `npm start`: runs the fleet locally.
 *
 *   npm start [-- --gateway-port 8080] [--host 127.0.0.1] [--data-dir .data] [--dotenv .env]
 *                [--esc-environment org/project/env]
 *
 * Credentials come from, in order of precedence, the process environment, the `.env` file, and a
 * Pulumi ESC environment (when PULUMI_ACCESS_TOKEN and --esc-environment / ESC_ENVIRONMENT are set).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { EscError } from "../esc/client.js";
import { LocalCredentialsError, escSourceFromEnv, resolveLocalCredentials } from "../esc/local-credentials.js";
import { FleetConfigError, REPO_ROOT, enabledIntegrations, fleetFilePath, loadFleet } from "../fleet/load.js";
import { apiBaseUrlOverrides, inheritableEnv, startLocalFleet, type ResolvedCredentials } from "./fleet.js";
import type { PlatformName } from "../fleet/catalog.js";
import { isLoopbackAddress } from "../runtime/environment.js";
import { localDataDir } from "./run-file.js";
import { renderStartupTable } from "./status.js";

export const USAGE = `usage: npm start -- [options]

Runs every enabled integration of the fleet file (config/integrations.yaml, or INTEGRATIONS_FILE)
as a local server, plus the memory server, a webhook gateway and a status page.

options (environment variable in brackets):
  --gateway-port N            gateway and status page port [FLEET_GATEWAY_PORT] (default 8080; 0: any free port)
  --host ADDR                 address servers and gateway bind [FLEET_HOST] (default 127.0.0.1)
  --data-dir DIR              inboxes, checkpoints, memory store and logs [FLEET_DATA_DIR] (default .data)
  --dotenv FILE               credentials file (default .env)
  --esc-environment ORG/PROJ/ENV  also read credentials from a Pulumi ESC environment [ESC_ENVIRONMENT; needs PULUMI_ACCESS_TOKEN]
  --liveness-interval-ms N    how often each server's /healthz is checked [FLEET_LIVENESS_INTERVAL_MS] (default 2000)
  --startup-timeout-ms N      how long a starting server may take to answer /healthz before it is restarted
                              [FLEET_STARTUP_TIMEOUT_MS] (default 30000; raise it on a slow or busy machine)
  -h, --help                  this text`;

class UsageError extends Error {}

const OPTIONS = {
  "gateway-port": { type: "string", default: process.env.FLEET_GATEWAY_PORT ?? "8080" },
  host: { type: "string", default: process.env.FLEET_HOST ?? "127.0.0.1" },
  "data-dir": { type: "string", default: localDataDir(process.env) },
  dotenv: { type: "string", default: path.join(REPO_ROOT, ".env") },
  "esc-environment": { type: "string" },
  "liveness-interval-ms": { type: "string", default: process.env.FLEET_LIVENESS_INTERVAL_MS ?? "2000" },
  "startup-timeout-ms": { type: "string", default: process.env.FLEET_STARTUP_TIMEOUT_MS ?? "30000" },
  help: { type: "boolean", short: "h" },
} as const;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const args = parsed.values;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  const startupTimeoutMs = Number(args["startup-timeout-ms"]);
  if (!Number.isSafeInteger(startupTimeoutMs) || startupTimeoutMs <= 0) {
    throw new UsageError(`--startup-timeout-ms (or FLEET_STARTUP_TIMEOUT_MS) must be a positive number of milliseconds, got "${args["startup-timeout-ms"]}"\n\n${USAGE}`);
  }

  const fleet = loadFleet(fleetFilePath());
  const esc = escSourceFromEnv(process.env, args["esc-environment"]);
  const resolved = await resolveLocalCredentials({
    integrations: enabledIntegrations(fleet),
    env: process.env,
    dotenvPath: args.dotenv,
    ...(esc ? { esc } : {}),
  });
  const credentials = new Map<PlatformName, ResolvedCredentials>();
  for (const [platform, entry] of resolved) {
    credentials.set(platform, { values: entry.values, sources: entry.sources, missingRequired: entry.missingRequired });
  }

  // every server would refuse this setup on its own (auth "none" is loopback-only) and the fleet
  // would sit there with nothing running: say it once, in npm start's own terms, before starting
  if (!isLoopbackAddress(args.host) && ![...credentials.values()].some((c) => c.values.MCP_AUTH_TOKEN)) {
    throw new UsageError(
      `--host ${args.host} is not a loopback address, and no MCP_AUTH_TOKEN is set: agents on the network could call every server's tools without a token. ` +
        `Set MCP_AUTH_TOKEN (at least 16 random characters) in the environment or ${args.dotenv}, or use --host 127.0.0.1`,
    );
  }

  const fleetRun = await startLocalFleet({
    fleet,
    credentials,
    host: args.host,
    gatewayPort: Number(args["gateway-port"]),
    dataDir: path.resolve(args["data-dir"]),
    livenessIntervalMs: Number(args["liveness-interval-ms"]),
    startupTimeoutMs,
    baseEnv: inheritableEnv(process.env),
    apiBaseUrls: apiBaseUrlOverrides(process.env),
    onEvent: (platform, message) => console.log(`[${platform}] ${message}`),
  });

  const endpoint = fleetRun.status().integrations.find((i) => i.platform === "fleet_endpoint");
  if (endpoint && endpoint.process !== "not configured" && endpoint.process !== "no server yet") {
    console.log(`MCP for agents: ${fleetRun.gateway.url}/mcp  (the one URL to give an agent: every running server's tools; direct: ${endpoint.mcpUrl})\n`);
  }
  console.log(`Fleet from ${fleet.file}\n`);
  console.log(renderStartupTable(fleetRun.status()));
  const memory = fleet.integrations.find((i) => i.platform === "memory");
  if (memory?.implied) console.log(`\nmemory: started although ${path.basename(fleet.file)} has no memory entry (every fleet stores its events; "memory: { enabled: false, ... }" turns it off)`);
  if (memory && !memory.settings.enabled) console.log("\nWARNING: memory is disabled in this fleet file: webhook events are kept in each server's inbox and stored nowhere until it is enabled");
  console.log(`\nStatus page: ${fleetRun.gateway.url}/  (JSON: ${fleetRun.gateway.url}/status)`);
  console.log(`Webhooks:    ${fleetRun.gateway.url}/webhook/<platform>/events`);
  console.log(`Server logs: ${path.join(path.resolve(args["data-dir"]), "logs")}/<platform>.log`);
  // the commands find this fleet by FLEET_DATA_DIR, or .data: say so when --data-dir named another
  const dataDirPrefix = path.resolve(args["data-dir"]) === localDataDir(process.env) ? "" : `FLEET_DATA_DIR=${path.resolve(args["data-dir"])} `;
  console.log(`One sync now: ${dataDirPrefix}npx tsx services/sync/cli.ts <platform> <object>  (finds this fleet's memory server in ${fleetRun.runFile})`);
  console.log(`Inbox:        ${dataDirPrefix}npm run inbox -- <platform> status | list | retry <id> | retry-all`);
  console.log("Press Ctrl-C to stop.\n");

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // one Ctrl-C in a terminal reaches npm and this process both, and npm passes it on again:
      // the same signal arriving twice must not kill the fleet half way through stopping
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the fleet...`);
      resolve();
    };
    // handlers stay installed while stopping (a once-handler would leave a repeated signal to its
    // default action: this process killed before it stopped its servers)
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGHUP", () => stop("SIGHUP"));
    // npm passes only SIGINT and SIGTERM on to its script (the "start" script execs node, so no
    // shell stands between them); npm killed by anything else (SIGHUP, SIGKILL) re-parents this
    // process: that is the signal to stop, not to run on as an orphan
    const parent = process.ppid;
    const orphaned = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(orphaned);
        stop("the process that started the fleet exited");
      }
    }, 500);
    orphaned.unref();
  });
  await fleetRun.stop();
  console.log("Fleet stopped.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof FleetConfigError || error instanceof LocalCredentialsError || error instanceof EscError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`npm start failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
