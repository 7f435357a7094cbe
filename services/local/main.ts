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
import { renderStartupTable } from "./status.js";

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      "gateway-port": { type: "string", default: process.env.FLEET_GATEWAY_PORT ?? "8080" },
      host: { type: "string", default: process.env.FLEET_HOST ?? "127.0.0.1" },
      "data-dir": { type: "string", default: process.env.FLEET_DATA_DIR ?? path.join(REPO_ROOT, ".data") },
      "dotenv": { type: "string", default: path.join(REPO_ROOT, ".env") },
      "esc-environment": { type: "string" },
      "liveness-interval-ms": { type: "string", default: process.env.FLEET_LIVENESS_INTERVAL_MS ?? "2000" },
    },
  });

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

  const fleetRun = await startLocalFleet({
    fleet,
    credentials,
    host: args.host,
    gatewayPort: Number(args["gateway-port"]),
    dataDir: path.resolve(args["data-dir"]),
    livenessIntervalMs: Number(args["liveness-interval-ms"]),
    baseEnv: inheritableEnv(process.env),
    apiBaseUrls: apiBaseUrlOverrides(process.env),
    onEvent: (platform, message) => console.log(`[${platform}] ${message}`),
  });

  console.log(`Fleet from ${fleet.file}\n`);
  console.log(renderStartupTable(fleetRun.status()));
  const memory = fleet.integrations.find((i) => i.platform === "memory");
  if (memory?.implied) console.log(`\nmemory: started although ${path.basename(fleet.file)} has no memory entry (every fleet stores its events; "memory: { enabled: false, ... }" turns it off)`);
  if (memory && !memory.settings.enabled) console.log("\nWARNING: memory is disabled in this fleet file: webhook events are kept in each server's inbox and stored nowhere until it is enabled");
  console.log(`\nStatus page: ${fleetRun.gateway.url}/  (JSON: ${fleetRun.gateway.url}/status)`);
  console.log(`Webhooks:    ${fleetRun.gateway.url}/webhook/<platform>/events`);
  console.log(`Server logs: ${path.join(path.resolve(args["data-dir"]), "logs")}/<platform>.log`);
  console.log("Press Ctrl-C to stop.\n");

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`\n${signal}: stopping the fleet...`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await fleetRun.stop();
  console.log("Fleet stopped.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof FleetConfigError || error instanceof LocalCredentialsError || error instanceof EscError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(`npm start failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
