/**
 * The local fleet: the same deployment plan the Pulumi program deploys, run as local processes.
 * Every enabled integration whose server exists and whose credentials are present is started on its
 * assigned port, as one process that also runs its syncs (no separate sync runner); the memory
 * server always starts; a gateway routes webhooks as the cluster does.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { checkRequirements, isPlatformName, type PlatformName } from "../fleet/catalog.js";
import { REPO_ROOT, type Fleet } from "../fleet/load.js";
import { buildPlan, fleetServersJson, stackSettingsSchema, type ServerPlan } from "../fleet/plan.js";
import { standaloneEnvironment } from "../fleet/process-shares.js";
import { startGateway, type Route, type RunningGateway } from "./gateway.js";
import { callDelta, describeCallFailures, describeInbox, scrapeServerMetrics, type CallTotals, type InboxFigures } from "./server-metrics.js";
import { HealthMonitor } from "./monitor.js";
import { removeRunFile, writeRunFile } from "./run-file.js";
import { overallStatus, renderStatusPage, type CredentialSource, type FleetStatus, type IntegrationStatus } from "./status.js";
import { Supervisor, type ManagedServer } from "./supervisor.js";

export interface ResolvedCredentials {
  readonly values: Readonly<Record<string, string>>;
  readonly sources: Readonly<Record<string, CredentialSource>>;
  readonly missingRequired: readonly string[];
}

export interface LocalFleetOptions {
  readonly fleet: Fleet;
  readonly credentials: ReadonlyMap<PlatformName, ResolvedCredentials>;
  readonly host: string;
  readonly gatewayPort: number;
  readonly dataDir: string;
  readonly livenessIntervalMs: number;
  /** how long a starting server may take to answer /healthz before it is killed and restarted (default 30 s) */
  readonly startupTimeoutMs?: number;
  /** environment every server inherits (PATH and the like; never other integrations' secrets) */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly onEvent?: (platform: string, message: string) => void;
  /** per-platform API base URL overrides (PLATFORM_API_BASE_URL_<PLATFORM>), e.g. to use a local fake */
  readonly apiBaseUrls?: Readonly<Partial<Record<PlatformName, string>>>;
}

export interface LocalFleet {
  readonly gateway: RunningGateway;
  readonly supervisor: Supervisor;
  /** `<data dir>/fleet-run.json` (services/local/run-file.ts), removed by stop() */
  readonly runFile: string;
  status(): FleetStatus;
  stop(): Promise<void>;
}

/** Whether a platform has a server implementation in this repository yet. */
export function hasServer(platform: PlatformName): boolean {
  return existsSync(path.join(REPO_ROOT, "services", "platforms", platform, "index.ts"));
}

/** PLATFORM_API_BASE_URL_<PLATFORM> variables: point one platform's server at another API origin (a local fake). */
export function apiBaseUrlOverrides(env: NodeJS.ProcessEnv): Partial<Record<PlatformName, string>> {
  const overrides: Partial<Record<PlatformName, string>> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^PLATFORM_API_BASE_URL_([A-Z_]+)$/.exec(name);
    const platform = match?.[1]?.toLowerCase();
    if (platform && value && isPlatformName(platform)) overrides[platform] = value;
  }
  return overrides;
}

/** Variables a child process may inherit from the parent: nothing that could be a secret. */
export function inheritableEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE"];
  return Object.fromEntries(keep.flatMap((name) => (env[name] ? [[name, env[name]!]] : [])));
}

export async function startLocalFleet(options: LocalFleetOptions): Promise<LocalFleet> {
  const { fleet, host } = options;
  // the gateway listens first, so a requested port 0 is known before servers learn their public URLs
  let status: () => FleetStatus = () => ({ generatedAt: new Date().toISOString(), overallStatus: "degraded", gatewayUrl: "", fleetFile: fleet.file, integrations: [] });
  const routes: Route[] = [];
  const gateway = await startGateway({
    host,
    port: options.gatewayPort,
    routes,
    statusJson: () => status(),
    statusHtml: () => renderStatusPage(status()),
  });
  const publicBaseUrl = `http://${host === "0.0.0.0" ? "localhost" : host}:${gateway.port}`;
  const plan = buildPlan(fleet, stackSettingsSchema.parse({ publicBaseUrl }));
  const memoryPlan = plan.servers.find((s) => s.platform === "memory");
  const ingestToken = options.credentials.get("memory")?.values.MEMORY_INGEST_TOKEN ?? randomBytes(24).toString("base64url");
  // what the fleet endpoint presents to the servers (they accept it besides the agents' token)
  const fleetToken = options.credentials.get("fleet_endpoint")?.values.FLEET_MCP_TOKEN ?? randomBytes(24).toString("base64url");
  const monitor = new HealthMonitor(fleet.monitoring.alert_thresholds);

  const startable: ManagedServer[] = [];
  const skipped = new Map<string, { reason: string; missing: readonly string[] }>();
  for (const server of plan.servers) {
    const credentials = options.credentials.get(server.platform);
    // the platform's own variables: locally the fleet-wide tokens are not needed (auth "none" on
    // loopback, and an ingest token generated for this run)
    // required variables, then "one of A or B" for an unmet choice (both set: the server says so on /readyz)
    const missing = credentials?.missingRequired ?? checkRequirements(server.platform, server.webhook !== undefined, () => false).missing;
    if (!hasServer(server.platform)) {
      skipped.set(server.platform, { reason: "no server yet", missing: [] });
    } else if (missing.length > 0) {
      skipped.set(server.platform, { reason: "not configured", missing });
    } else {
      startable.push(managedServer(server, credentials?.values ?? {}, { ...options, ingestToken, fleetToken, memoryPlan, publicBaseUrl }));
    }
    monitor.register(server.platform, skipped.has(server.platform) ? "not_configured" : "starting");
  }
  // the fleet endpoint federates the servers this run starts, on loopback; the gateway's /mcp is it
  const endpointAt = startable.findIndex((s) => s.name === "fleet_endpoint");
  const endpoint = startable[endpointAt];
  if (endpoint) {
    const members = startable.filter((s) => s.name !== "fleet_endpoint").map((s) => [s.name as PlatformName, `http://127.0.0.1:${s.port}/mcp`] as const);
    startable[endpointAt] = { ...endpoint, env: { ...endpoint.env, FLEET_SERVERS: fleetServersJson(members) } };
    routes.push({ pathPrefix: "/mcp", port: endpoint.port });
  }

  const supervisor = new Supervisor(startable, {
    logDir: path.join(options.dataDir, "logs"),
    healthIntervalMs: options.livenessIntervalMs,
    failureThreshold: 3,
    startupTimeoutMs: options.startupTimeoutMs ?? 30_000,
    backoff: { initialMs: 500, maxMs: 30_000 },
    onCheck: (name, outcome) => monitor.record(name, outcome),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  // the gateway forwards only to a server this fleet started and that answers as that platform
  for (const server of plan.servers) {
    if (!server.webhook) continue;
    const skip = skipped.get(server.platform);
    const refusal = skip
      ? () => `the ${server.platform} server was not started (${skip.reason}${skip.missing.length > 0 ? `: missing ${skip.missing.join(", ")}` : ""})`
      : () => supervisor.forwardRefusal(server.platform);
    routes.push({ pathPrefix: server.webhook.pathPrefix, port: server.port, refusal });
  }

  status = (): FleetStatus => {
    const integrations: IntegrationStatus[] = plan.servers.map((server) => {
      const skip = skipped.get(server.platform);
      const credentials = options.credentials.get(server.platform);
      const pid = supervisor.pid(server.platform);
      return {
        platform: server.platform,
        title: server.title,
        port: server.port,
        mcpUrl: `http://${host}:${server.port}/mcp`,
        ...(server.webhook ? { webhookUrl: `${publicBaseUrl}${server.webhook.eventsPath}` } : {}),
        process: skip ? skip.reason : (supervisor.state(server.platform) ?? "stopped"),
        ...(pid !== undefined ? { pid } : {}),
        restarts: supervisor.restarts(server.platform),
        ...(supervisor.lastFailure(server.platform) ? { lastFailure: supervisor.lastFailure(server.platform)! } : {}),
        missingCredentials: skip?.missing ?? [],
        credentialSources: credentials?.sources ?? {},
        figures: monitor.figures(server.platform),
        notices: skip
          ? []
          : [
              ...(server.webhook && !memoryPlan ? ["no memory server in this fleet: webhook events wait in the inbox until one is enabled"] : []),
              ...describeInbox(inboxes.get(server.platform), server.platform),
            ],
      };
    });
    return {
      generatedAt: new Date().toISOString(),
      overallStatus: overallStatus(integrations),
      gatewayUrl: publicBaseUrl,
      fleetFile: fleet.file,
      integrations,
    };
  };
  // each running server's /metrics at the liveness interval: its inbox, and its tool calls and
  // platform API requests since the last reading, which count into the monitor's figures
  const inboxes = new Map<string, InboxFigures | undefined>();
  const callTotals = new Map<string, CallTotals>();
  const scrape = async () => {
    await Promise.all(
      startable.map(async ({ name, port }) => {
        if (supervisor.state(name) !== "running") return;
        try {
          const metrics = await scrapeServerMetrics(port, name, 1_000);
          if (metrics === undefined) return;
          inboxes.set(name, metrics.inbox);
          const delta = callDelta(callTotals.get(name), metrics.calls);
          callTotals.set(name, metrics.calls);
          const cause = describeCallFailures(delta, plan.servers.find((s) => s.platform === name)?.title ?? name, metrics.calls);
          monitor.recordCalls(name, { ok: delta.ok, failed: delta.failed, ...(cause ? { cause } : {}) });
        } catch {
          // the liveness check reports an unreachable server; keep the last figures
        }
      }),
    );
  };
  const scrapeTimer = setInterval(() => void scrape(), options.livenessIntervalMs);
  scrapeTimer.unref();
  supervisor.start();
  // where other commands on this machine (the sync CLI) find this run's memory server and its token
  const memoryStarted = memoryPlan !== undefined && startable.some((s) => s.name === memoryPlan.platform);
  const runFile = writeRunFile(options.dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    gatewayUrl: publicBaseUrl,
    ...(memoryStarted ? { memory: { url: memoryUrl(memoryPlan), ingestToken } } : {}),
  });

  return {
    gateway,
    supervisor,
    status: () => status(),
    runFile,
    stop: async () => {
      clearInterval(scrapeTimer);
      removeRunFile(options.dataDir);
      await supervisor.stop();
      await gateway.close();
    },
  };
}

function memoryUrl(memoryPlan: ServerPlan): string {
  return `http://127.0.0.1:${memoryPlan.port}`;
}

/** One local server process: the plan's environment as a process that is the whole integration. */
export function managedServer(
  server: ServerPlan,
  credentials: Readonly<Record<string, string>>,
  context: LocalFleetOptions & { ingestToken: string; fleetToken?: string; memoryPlan: ServerPlan | undefined; publicBaseUrl: string },
): ManagedServer {
  const dataDir = path.join(context.dataDir, server.platform);
  // reported on its /healthz: the supervisor's proof that the process on the port is this one
  const instance = randomBytes(12).toString("base64url");
  const env: Record<string, string> = {
    ...context.baseEnv,
    // one process per platform: it serves, takes webhooks and runs the syncs (the cluster's sync
    // runner's job) with the integration's whole rate budget
    ...standaloneEnvironment(server),
    ...credentials,
    MCP_HOST: context.host,
    MCP_INSTANCE_ID: instance,
    INBOX_DIR: path.join(dataDir, "inbox"),
    MEMORY_INGEST_TOKEN: context.ingestToken,
    ...(context.fleetToken ? { FLEET_MCP_TOKEN: context.fleetToken } : {}),
    // agents on this machine connect without a token unless one is configured; the runtime allows
    // "none" only on loopback
    MCP_AUTH_MODE: credentials.MCP_AUTH_TOKEN ? "token" : "none",
  };
  const apiOverride = context.apiBaseUrls?.[server.platform];
  if (apiOverride) env.PLATFORM_API_BASE_URL = apiOverride;
  if (server.webhook) env.WEBHOOK_PUBLIC_URL = `${context.publicBaseUrl}${server.webhook.eventsPath}`;
  if (context.memoryPlan && server.platform !== "memory") env.MEMORY_URL = memoryUrl(context.memoryPlan);
  else delete env.MEMORY_URL;
  return {
    name: server.platform,
    port: server.port,
    command: [process.execPath, "--import", "tsx", path.join(REPO_ROOT, "services", "runtime", "main.ts")],
    env,
    healthUrl: `http://127.0.0.1:${server.port}/healthz`,
    identity: { platform: server.platform, instance },
  };
}
