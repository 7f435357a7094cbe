/**
 * The environment contract of a server process, parsed once at startup. The variable names are
 * the ones services/fleet/plan.ts `serverEnvironment` and the local fleet set:
 *
 *   MCP_PLATFORM         must match the definition being served (when set)
 *   MCP_PORT             listening port (default: the integration's mcp_server_port)
 *   MCP_HOST             bind address (default 0.0.0.0; 127.0.0.1 when the auth mode is none)
 *   MCP_INTEGRATION      the integration's settings as JSON, parsed with integrationSchema
 *   MCP_AUTH_MODE        oauth | token | none (default: token when MCP_AUTH_TOKEN is set, otherwise
 *                        none, which is allowed only on a loopback address)
 *   MCP_AUTH_TOKEN       static bearer token agents present (token mode, at least 16 characters)
 *   MCP_OAUTH_ISSUER     authorization server issuer (oauth mode)
 *   MCP_RESOURCE_URL     this server's public MCP URL, the tokens' audience (oauth mode; default
 *                        http://localhost:<port>/mcp)
 *   MCP_OAUTH_REQUIRED_SCOPES  scopes every token must carry, space or comma separated (optional)
 *   MCP_ALLOWED_HOSTS    extra Host/Origin hostnames accepted on /mcp, comma separated
 *   POD_NAMESPACE        when set, the in-cluster Service names of this server are accepted hosts
 *   LOG_LEVEL            pino level (default info)
 *   INBOX_DIR            the inbox directory; the server's data directory is its parent
 *   WEBHOOK_PUBLIC_URL   the public URL platforms post webhooks to (for URI-signing schemes)
 *   MEMORY_URL, MEMORY_INGEST_TOKEN  the memory server's ingest endpoint and its bearer token
 *   FLEET_SERVERS        the fleet endpoint only: {"<platform>": "<MCP URL>"} of the servers it federates
 *   PLATFORM_API_BASE_URL overrides the definition's baseUrl (tests and local fakes)
 *   MCP_REQUIRE_CREDENTIALS  "true"/"1": refuse to start when a required credential is missing
 *   MCP_SYNC             on | off (default on): whether this process schedules the batch syncs. In a
 *                        cluster only the sync runner has it on; alone (npm start) a process does all
 *   INBOX_RETRY_MAX_DELAY_MS  the longest pause between retries while memory (or the platform) is
 *                        unavailable; default 30000
 *   MCP_INSTANCE_ID      an id the process's starter generated; /healthz reports it with the platform
 *                        name, so the local fleet knows the server on a port is the one it started
 *   MCP_SHUTDOWN_GRACE_MS  after SIGTERM: how long requests in flight may finish and the inbox keeps
 *                        delivering before the process stops (what remains stays in the inbox for
 *                        the next process on the same data directory); default 10000
 *   INBOX_RETENTION_HOURS how long an event waits for an unavailable memory service before it is
 *                        dead-lettered (kept, re-drivable with npm run inbox); default 168 (7 days)
 *   MCP_TOOL_DEADLINE_MS how long one tool call may take in all, platform retries, backoff and
 *                        rate-limit waits included; then it ends in an error naming the limit and
 *                        what it was waiting for. Default 120000 (call-bounds.ts)
 *   MCP_API_RATE_DIVISOR, MCP_WEBHOOK_RATE_DIVISOR  positive integers (default 1): this process's
 *                        share of rate_limits.api_calls_per_minute / webhook_events_per_minute is
 *                        the figure divided by it, rounded down, at least 1 (services/fleet/process-shares.ts)
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { integrationSchema, type IntegrationSettings } from "../fleet/schema.js";
import { DEFAULT_TOOL_DEADLINE_MS } from "./call-bounds.js";
import { StartupError } from "./startup-error.js";

export type AgentAuthConfig =
  | { readonly mode: "none" }
  | { readonly mode: "token"; readonly token: string }
  | {
      readonly mode: "oauth";
      readonly issuer: string;
      readonly resourceUrl: URL;
      readonly requiredScopes: readonly string[];
    };

export interface RuntimeEnvironment {
  /** the platform's name (PlatformFacts.name) */
  readonly platform: string;
  readonly port: number;
  readonly host: string;
  readonly settings: IntegrationSettings;
  readonly agentAuth: AgentAuthConfig;
  /** set when auth mode none was chosen because nothing was configured: logged at startup */
  readonly authNotice?: string;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  /** hostnames accepted in Host and Origin headers on /mcp (DNS rebinding protection) */
  readonly allowedHostnames: readonly string[];
  /** in-cluster Service DNS names of this server: <service>[.<namespace>[.svc[.cluster.local]]] */
  readonly serviceHostPattern: RegExp;
  readonly webhookPublicUrl?: URL;
  readonly memory?: { readonly url: string; readonly token?: string };
  readonly apiBaseUrl?: string;
  /** FLEET_SERVERS, as given */
  readonly fleetServers?: string;
  readonly requireCredentials: boolean;
  /** whether this process schedules the batch syncs (MCP_SYNC) */
  readonly syncEnabled: boolean;
  /** this process's share of the integration's rate_limits (undefined: unlimited, as configured) */
  readonly rateShare: RateShare;
  /** MCP_INSTANCE_ID, reported on /healthz */
  readonly instanceId?: string;
  /** webhook inbox retries while the memory service is unavailable (worker.ts) */
  readonly inbox: { readonly maxWaitDelayMs: number; readonly retentionMs: number };
  /** MCP_SHUTDOWN_GRACE_MS, when set: the shutdown budget after SIGTERM */
  readonly shutdownGraceMs?: number;
  /** MCP_TOOL_DEADLINE_MS: the overall limit of one tool call */
  readonly toolDeadlineMs: number;
}

export interface RateShare {
  readonly apiCallsPerMinute?: number;
  readonly webhookEventsPerMinute?: number;
}

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Values the caller (tests, main.ts) may set instead of the environment. */
export interface EnvironmentOverrides {
  readonly port?: number;
  readonly host?: string;
  readonly dataDir?: string;
  readonly requireCredentials?: boolean;
}

const MIN_STATIC_TOKEN_LENGTH = 16;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const rateDivisor = optionalText.pipe(
  z
    .string()
    .regex(/^[1-9]\d{0,3}$/, "must be a whole number from 1 to 9999")
    .transform(Number)
    .optional(),
);

const positiveWhole = (max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^[1-9]\d*$/, "must be a positive whole number")
      .transform(Number)
      .refine((n) => n <= max, `must be at most ${max}`)
      .optional(),
  );

const rawEnvironmentSchema = z.object({
  MCP_PLATFORM: optionalText,
  MCP_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .transform(Number)
      .refine((port) => port <= 65535, "must be at most 65535")
      .optional(),
  ),
  MCP_HOST: optionalText,
  FLEET_SERVERS: optionalText,
  MCP_INTEGRATION: optionalText,
  MCP_AUTH_MODE: optionalText.pipe(z.enum(["oauth", "token", "none"]).optional()),
  MCP_AUTH_TOKEN: optionalText,
  MCP_OAUTH_ISSUER: optionalText.pipe(z.url().optional()),
  MCP_RESOURCE_URL: optionalText.pipe(z.url().optional()),
  MCP_OAUTH_REQUIRED_SCOPES: optionalText,
  MCP_ALLOWED_HOSTS: optionalText,
  POD_NAMESPACE: optionalText,
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS).optional()),
  INBOX_DIR: optionalText,
  WEBHOOK_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  MEMORY_URL: optionalText.pipe(z.url().optional()),
  MEMORY_INGEST_TOKEN: optionalText,
  PLATFORM_API_BASE_URL: optionalText.pipe(z.url().optional()),
  MCP_REQUIRE_CREDENTIALS: optionalText,
  MCP_INSTANCE_ID: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, '-' or '_'").optional()),
  MCP_SYNC: optionalText.pipe(z.enum(["on", "off"], 'must be "on" or "off"').optional()),
  MCP_API_RATE_DIVISOR: rateDivisor,
  MCP_WEBHOOK_RATE_DIVISOR: rateDivisor,
  INBOX_RETRY_MAX_DELAY_MS: positiveWhole(3_600_000),
  INBOX_RETENTION_HOURS: positiveWhole(24 * 365),
  MCP_SHUTDOWN_GRACE_MS: positiveWhole(3_600_000),
  MCP_TOOL_DEADLINE_MS: positiveWhole(3_600_000),
});

/** parsed once per process: zod's compiled fast path would cost more to build than it saves */
const ONCE = { jitless: true } as const;

export function parseRuntimeEnvironment(
  platform: string,
  env: NodeJS.ProcessEnv,
  overrides: EnvironmentOverrides = {},
): RuntimeEnvironment {
  const parsed = rawEnvironmentSchema.safeParse(env, ONCE);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(`environment variable ${issue.path.join(".")} is invalid: ${issue.message}`);
  }
  const raw = parsed.data;
  if (raw.MCP_PLATFORM !== undefined && raw.MCP_PLATFORM !== platform) {
    throw new StartupError(`MCP_PLATFORM is "${raw.MCP_PLATFORM}" but this server serves "${platform}"`);
  }
  const settings = parseSettings(raw.MCP_INTEGRATION);
  const port = overrides.port ?? raw.MCP_PORT ?? settings.mcp_server_port;
  // Unset MCP_AUTH_MODE: token mode when MCP_AUTH_TOKEN is set; without one, "none", which binds
  // loopback by default and is refused on any other address (npm run server -- <platform> locally).
  // Deployments always set the mode (services/fleet/plan.ts).
  const openByDefault = raw.MCP_AUTH_MODE === undefined && raw.MCP_AUTH_TOKEN === undefined;
  const authMode = raw.MCP_AUTH_MODE ?? (openByDefault ? "none" : "token");
  const host = overrides.host ?? raw.MCP_HOST ?? (authMode === "none" ? "127.0.0.1" : "0.0.0.0");
  if (openByDefault && !isLoopbackAddress(host)) {
    throw new StartupError(
      `MCP_AUTH_TOKEN is not set and the server would listen on ${host}, where agents could connect without a token; ` +
        `set MCP_AUTH_TOKEN (at least ${MIN_STATIC_TOKEN_LENGTH} random characters), or MCP_HOST=127.0.0.1 for local use without one`,
    );
  }
  const agentAuth = agentAuthConfig(authMode, raw, host, port);
  const resourceName = serviceNameOf(platform);
  const extraHosts = (raw.MCP_ALLOWED_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allowedHostnames = unique([
    "localhost",
    "127.0.0.1",
    "[::1]",
    os.hostname().toLowerCase(),
    resourceName,
    ...(agentAuth.mode === "oauth" ? [hostnameOf(agentAuth.resourceUrl)] : []),
    ...extraHosts,
  ]);
  return {
    platform,
    port,
    host,
    settings,
    agentAuth,
    logLevel: raw.LOG_LEVEL ?? "info",
    dataDir: overrides.dataDir ?? (raw.INBOX_DIR ? path.dirname(path.resolve(raw.INBOX_DIR)) : path.join(os.tmpdir(), "sophia-mcp", platform)),
    allowedHostnames,
    serviceHostPattern: serviceHostPattern(resourceName, raw.POD_NAMESPACE),
    ...(raw.WEBHOOK_PUBLIC_URL ? { webhookPublicUrl: new URL(raw.WEBHOOK_PUBLIC_URL) } : {}),
    ...(raw.MEMORY_URL ? { memory: { url: raw.MEMORY_URL, ...(raw.MEMORY_INGEST_TOKEN ? { token: raw.MEMORY_INGEST_TOKEN } : {}) } } : {}),
    ...(raw.PLATFORM_API_BASE_URL ? { apiBaseUrl: raw.PLATFORM_API_BASE_URL } : {}),
    ...(raw.FLEET_SERVERS ? { fleetServers: raw.FLEET_SERVERS } : {}),
    ...(openByDefault
      ? { authNotice: `no MCP_AUTH_TOKEN: agents on this machine connect without a token (auth mode none, listening on ${host} only); set MCP_AUTH_TOKEN to require one` }
      : {}),
    requireCredentials: overrides.requireCredentials ?? ["1", "true", "yes"].includes((raw.MCP_REQUIRE_CREDENTIALS ?? "").toLowerCase()),
    syncEnabled: (raw.MCP_SYNC ?? "on") === "on",
    ...(raw.MCP_INSTANCE_ID ? { instanceId: raw.MCP_INSTANCE_ID } : {}),
    rateShare: rateShareOf(settings, raw.MCP_API_RATE_DIVISOR ?? 1, raw.MCP_WEBHOOK_RATE_DIVISOR ?? 1),
    inbox: { maxWaitDelayMs: raw.INBOX_RETRY_MAX_DELAY_MS ?? 30_000, retentionMs: (raw.INBOX_RETENTION_HOURS ?? 168) * 3_600_000 },
    ...(raw.MCP_SHUTDOWN_GRACE_MS !== undefined ? { shutdownGraceMs: raw.MCP_SHUTDOWN_GRACE_MS } : {}),
    toolDeadlineMs: raw.MCP_TOOL_DEADLINE_MS ?? DEFAULT_TOOL_DEADLINE_MS,
  };
}

/**
 * The part of the integration's per-minute budgets this process may use: rounded down, so the
 * processes together stay under the configured figure, but never below 1/min, so a process can
 * always make progress (with more processes than calls per minute the total then exceeds it).
 */
export function rateShareOf(settings: IntegrationSettings, apiDivisor: number, webhookDivisor: number): RateShare {
  const share = (perMinute: number | undefined, divisor: number) => (perMinute === undefined ? undefined : Math.max(1, Math.floor(perMinute / divisor)));
  const api = share(settings.rate_limits?.api_calls_per_minute, apiDivisor);
  const webhooks = share(settings.rate_limits?.webhook_events_per_minute, webhookDivisor);
  return { ...(api !== undefined ? { apiCallsPerMinute: api } : {}), ...(webhooks !== undefined ? { webhookEventsPerMinute: webhooks } : {}) };
}

function parseSettings(json: string | undefined): IntegrationSettings {
  if (json === undefined) throw new StartupError("MCP_INTEGRATION is not set (the integration's settings as JSON)");
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StartupError("MCP_INTEGRATION is not valid JSON");
  }
  const settings = integrationSchema.safeParse(value, ONCE);
  if (!settings.success) {
    const issue = settings.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new StartupError(`MCP_INTEGRATION is invalid at ${where}: ${issue.message}`);
  }
  return settings.data;
}

function agentAuthConfig(
  mode: "oauth" | "token" | "none",
  raw: z.infer<typeof rawEnvironmentSchema>,
  host: string,
  port: number,
): AgentAuthConfig {
  switch (mode) {
    case "none":
      if (!isLoopbackAddress(host)) {
        throw new StartupError(
          `MCP_AUTH_MODE=none is only allowed on a loopback address, but the server would listen on ${host}; ` +
            "set MCP_HOST=127.0.0.1 or use MCP_AUTH_MODE=token",
        );
      }
      return { mode };
    case "token": {
      const token = raw.MCP_AUTH_TOKEN;
      if (token === undefined) {
        throw new StartupError("MCP_AUTH_MODE=token needs MCP_AUTH_TOKEN (or MCP_AUTH_MODE=none with MCP_HOST=127.0.0.1 for local use)");
      }
      if (token.length < MIN_STATIC_TOKEN_LENGTH) {
        throw new StartupError(`MCP_AUTH_TOKEN is too short: use at least ${MIN_STATIC_TOKEN_LENGTH} random characters`);
      }
      return { mode, token };
    }
    case "oauth": {
      if (raw.MCP_OAUTH_ISSUER === undefined) throw new StartupError("MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER");
      const issuer = new URL(raw.MCP_OAUTH_ISSUER);
      if (issuer.protocol !== "https:" && !isLoopbackAddress(issuer.hostname)) {
        throw new StartupError(`MCP_OAUTH_ISSUER must be an https URL (got ${issuer.origin})`);
      }
      const resourceUrl = new URL(raw.MCP_RESOURCE_URL ?? `http://localhost:${port}/mcp`);
      const requiredScopes = (raw.MCP_OAUTH_REQUIRED_SCOPES ?? "").split(/[\s,]+/).filter(Boolean);
      return { mode, issuer: raw.MCP_OAUTH_ISSUER, resourceUrl, requiredScopes };
    }
  }
}

/**
 * The Kubernetes name of this server's Service: services/fleet/plan.ts `resourceNameFor`, restated
 * here so a server does not load the deployment planner (and its YAML parser) at startup; a test
 * checks the two agree for every platform.
 */
export function serviceNameOf(platform: string): string {
  return `mcp-${platform.replaceAll("_", "-")}`;
}

export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

function hostnameOf(url: URL): string {
  return url.hostname.toLowerCase();
}

/**
 * The names Kubernetes DNS gives this server's Service. Only cluster DNS resolves them, so an
 * attacker's page cannot rebind to them; accepting them lets in-cluster agents use any short form.
 */
function serviceHostPattern(resourceName: string, namespace: string | undefined): RegExp {
  const name = escapeRegExp(resourceName);
  if (namespace) return new RegExp(`^${name}(\\.${escapeRegExp(namespace)}(\\.svc(\\.cluster\\.local)?)?)?$`);
  // Without the namespace, "<name>.<anything>" could be a public domain (mcp-slack.com), so only
  // the forms ending in the cluster-only .svc suffixes are accepted.
  return new RegExp(`^${name}(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.svc(\\.cluster\\.local)?)?$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
