/**
 * startPlatformServer: one platform's MCP server, from its definition and its environment.
 *
 * Startup: parse the environment (environment.ts), load credentials once (credentials.ts), build
 * the logger with secret redaction, the metrics registry, the platform API (or run unconfigured),
 * the stateless MCP endpoint, agent authentication, the webhook intake and the sync scheduler,
 * then listen. close() is the graceful shutdown main.ts runs on SIGTERM/SIGINT: stop accepting,
 * let requests in flight finish, stop the inbox worker and the scheduler, dispose the API, flush
 * the logs.
 */
import { mkdirSync } from "node:fs";
import type { DestinationStream, Logger } from "pino";
import type { Registry } from "prom-client";
import { createAgentAuth } from "./agent-auth/agent-auth.js";
import type { MemorySink, PlatformDefinition, ToolDefinition } from "./contract.js";
import { loadCredentials, notConfiguredReason } from "./credentials.js";
import { parseRuntimeEnvironment, type RuntimeEnvironment } from "./environment.js";
import { createMcpEndpoint } from "./mcp/endpoint.js";
import { createPassThrough } from "./mcp/pass-through.js";
import { mcpServerFactory, providerServerFactory } from "./mcp/server-factory.js";
import { selectTools, unknownToolsets } from "./mcp/tool-selection.js";
import { selectMemorySink } from "./memory-sink.js";
import { createRuntimeLogger } from "./observability/logger.js";
import { createServerRegistry, toolMetrics } from "./observability/metrics.js";
import { createSecretScrubber } from "./observability/secret-scrubber.js";
import { connectPlatform } from "./platform-connection.js";
import { StartupError } from "./startup-error.js";
import { buildApp } from "./surface/app.js";
import type { RequestListener } from "node:http";
import { listen, listenProblem } from "./surface/listener.js";
import { checkReadiness } from "./surface/readiness.js";
import { contextFactory } from "./tool-context.js";
import { startBackgroundWork } from "./background-work.js";
import { readinessChecks } from "./readiness-checks.js";
import { integrationWebhookUrl } from "./webhook-url.js";

export const SERVER_VERSION = "0.1.0";
/** Request bodies above this are answered 413 (MCP messages and webhooks are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export interface StartOptions {
  readonly definition: PlatformDefinition<unknown>;
  readonly env: NodeJS.ProcessEnv;
  /** overrides MCP_PORT; 0 picks a free port (tests) */
  readonly port?: number;
  /** overrides MCP_HOST */
  readonly host?: string;
  /** overrides the data directory derived from INBOX_DIR */
  readonly dataDir?: string;
  /** overrides the sink chosen from MEMORY_URL (tests) */
  readonly memory?: MemorySink;
  /** where log lines go (default stdout); tests pass a stream they read */
  readonly logDestination?: DestinationStream;
  /** refuse to start when a required credential is missing (overrides MCP_REQUIRE_CREDENTIALS) */
  readonly requireCredentials?: boolean;
  /**
   * how long close() may take: requests in flight finish and the webhook inbox keeps delivering
   * within it (overrides MCP_SHUTDOWN_GRACE_MS); default 10 s
   */
  readonly shutdownGraceMs?: number;
  /** process metrics (RSS, event loop lag, GC) on /metrics; default true */
  readonly defaultMetrics?: boolean;
}

export interface RunningServer {
  /** base URL, e.g. http://127.0.0.1:9003 (MCP is at `${url}/mcp`) */
  readonly url: string;
  readonly port: number;
  readonly registry: Registry;
  readonly log: Logger;
  /** false when credentials are missing or the platform client could not be created */
  readonly configured: boolean;
  readonly missingCredentials: readonly string[];
  /** runs one sync object now (when the server schedules syncs) */
  runSyncNow?(object: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startPlatformServer(options: StartOptions): Promise<RunningServer> {
  const { definition } = options;
  const { facts } = definition;
  const platform = facts.name;
  const env = parseRuntimeEnvironment(platform, options.env, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.requireCredentials !== undefined ? { requireCredentials: options.requireCredentials } : {}),
  });
  const loaded = loadCredentials(facts, env.settings, options.env);
  const unconfigured = notConfiguredReason(loaded);
  if (env.requireCredentials && unconfigured !== undefined) {
    throw new StartupError(`${facts.title} server ${unconfigured}`);
  }
  mkdirSync(env.dataDir, { recursive: true });

  const scrubber = createSecretScrubber(loaded.secretValues);
  const logger = createRuntimeLogger({
    level: env.logLevel,
    scrubber,
    base: { platform },
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const log = logger.log;
  const registry = createServerRegistry({ defaultMetrics: options.defaultMetrics ?? true });
  const metrics = toolMetrics(registry);
  const lifetime = new AbortController();

  const producesRecords = definition.webhook !== undefined || (definition.syncs?.length ?? 0) > 0;
  const memory = selectMemorySink({ override: options.memory, memory: env.memory, log, producesRecords });
  const connection = connectPlatform(definition, loaded, env, { registry, log, scrubber });
  if (!connection.configured) log.warn({ reason: connection.reason }, "serving unconfigured: tools answer with an error until this is fixed");
  const webhookUrl = env.settings.webhook_path === undefined ? undefined : integrationWebhookUrl(facts, loaded.credentials, env);
  const makeContext = contextFactory(connection, { memory, settings: env.settings, ...(webhookUrl ? { webhookUrl } : {}) });
  const backgroundContext = makeContext(log, lifetime.signal);

  const tools = selectTools(definition.tools, env.settings);
  const typos = unknownToolsets(definition.tools, env.settings);
  if (typos.length > 0) log.warn({ toolsets: typos }, "settings name toolsets no tool belongs to");
  const identity = { name: facts.serverName, title: `${facts.title} MCP server`, version: SERVER_VERSION };
  const provided = definition.toolProvider && !("unavailable" in backgroundContext) ? definition.toolProvider(backgroundContext.api) : undefined;
  // a provider answers tools/list and tools/call itself; or it hands over tool definitions made at run time
  const provider = provided && !("tools" in provided) ? provided : undefined;
  const served = provided && "tools" in provided ? (provided.tools as readonly ToolDefinition<unknown>[]) : tools;
  const mcp = createMcpEndpoint(
    provider
      ? providerServerFactory(identity, provider, { platform, metrics, log })
      : mcpServerFactory(identity, served, {
          platform,
          title: facts.title,
          metrics,
          log,
          scrubber,
          deadlineMs: env.toolDeadlineMs,
          stopping: lifetime.signal,
          context: (toolLog, signal) => makeContext(toolLog, AbortSignal.any([signal, lifetime.signal])),
        }),
    {
      maxBodyBytes: MAX_BODY_BYTES,
      log,
      ...(provider?.route ? { passThrough: createPassThrough({ route: (name) => provider.route!(name), platform, metrics, log }) } : {}),
    },
  );
  const agentAuth = await createAgentAuth(env.agentAuth, {
    resourceName: `${facts.title} MCP server`,
    log,
    // the fleet endpoint's own credential, accepted besides the agents' (it never forwards theirs)
    ...(loaded.credentials.FLEET_MCP_TOKEN ? { fleetToken: loaded.credentials.FLEET_MCP_TOKEN } : {}),
  });

  // the port is taken before any background work starts, so a port in use is one clear error and
  // nothing (inbox, scheduler) is left to unwind; until the app is built requests are answered 503
  let serve: RequestListener | undefined;
  let listener;
  try {
    listener = await listen(
      (req, res) => (serve ? serve(req, res) : void res.writeHead(503, { "content-type": "application/json", "retry-after": "1" }).end('{"error":"starting"}')),
      { port: env.port, host: env.host },
    );
  } catch (error) {
    await mcp.close();
    agentAuth.close();
    if (connection.configured) await definition.dispose?.(connection.api).catch(() => undefined);
    throw new StartupError(listenProblem(error, env.host, env.port));
  }

  const background = await startBackgroundWork({
    definition,
    env,
    loaded,
    connection,
    context: backgroundContext,
    memory,
    memoryOverridden: options.memory !== undefined,
    ...(webhookUrl ? { webhookUrl } : {}),
    registry,
    log,
  });

  let closing: Promise<void> | undefined;
  const app = buildApp({
    identity: { platform, ...(env.instanceId ? { instance: env.instanceId } : {}) },
    log,
    scrubber,
    registry,
    hostPolicy: env,
    agentAuth,
    mcp,
    maxBodyBytes: MAX_BODY_BYTES,
    // from the first moment of shutdown the server is not ready, whatever the checks say
    readiness: () => (closing ? Promise.resolve({ ready: false, problems: ["shutting down"] }) : checkReadiness(readinessChecks({ definition, env, connection, agentAuth }))),
    ...(background.webhookRoute ? { webhook: background.webhookRoute } : {}),
    routes: "unavailable" in backgroundContext ? [] : (definition.routes?.(backgroundContext) ?? []),
  });

  serve = app;
  const url = `http://${reachableHost(env)}:${listener.port}`;
  log.info(
    { port: listener.port, host: env.host, tools: provider ? "federated" : served.map((t) => t.name), authMode: env.agentAuth.mode, configured: connection.configured },
    "MCP server listening",
  );
  if (env.authNotice) log.warn(env.authNotice);

  const close = () =>
    (closing ??= (async () => {
      // one budget from here: requests in flight, then delivering the inbox; what is left stays
      // in the inbox on the data directory (a pod's volume) for the next process
      const graceMs = options.shutdownGraceMs ?? env.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
      const deliverUntil = Date.now() + graceMs;
      log.info({ graceMs }, "shutting down: draining requests in flight");
      await listener.drain(graceMs);
      // the background context stays live while the inbox delivers (an event may need the API)
      await background.stop({ deliverUntil });
      lifetime.abort();
      await mcp.close();
      agentAuth.close();
      if (connection.configured && definition.dispose) {
        await definition.dispose(connection.api).catch((error: unknown) => log.error({ err: error }, "dispose failed"));
      }
      log.info("stopped");
      await logger.flush();
    })());

  return {
    url,
    port: listener.port,
    registry,
    log,
    configured: connection.configured,
    missingCredentials: loaded.missing,
    ...(background.runSyncNow ? { runSyncNow: background.runSyncNow } : {}),
    close,
  };
}

function reachableHost(env: RuntimeEnvironment): string {
  if (env.host === "0.0.0.0") return "127.0.0.1";
  if (env.host === "::") return "[::1]";
  return env.host.includes(":") ? `[${env.host}]` : env.host;
}
