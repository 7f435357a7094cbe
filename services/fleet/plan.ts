/**
 * The deployment plan: pure data derived from the fleet file and the stack settings. The Pulumi
 * program and the local fleet both consume it, so what runs locally and what is deployed can never
 * disagree about ports, environment, secrets, probes or webhook routes.
 */
import { z } from "zod";
import { FLEET_VARIABLES, optionalVariables, requiredVariables, type PlatformName } from "./catalog.js";
import { enabledIntegrations, type Fleet, type Integration } from "./load.js";
import type { IntegrationSettings } from "./schema.js";

export const stackSettingsSchema = z.strictObject({
  /** Kubernetes namespace the fleet runs in */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).default("sophia-mcp"),
  /** image repository prefix, e.g. ghcr.io/acme/sophia (one repository per server below it) */
  registry: z.string().min(1).default("localhost:5000/sophia"),
  /** public origin platforms send webhooks to, e.g. https://hooks.example.com */
  publicBaseUrl: z.url().default("https://hooks.example.com"),
  /** how webhooks reach the servers: a Gateway API HTTPRoute or a networking/v1 Ingress */
  webhookRouting: z.enum(["gateway", "ingress"]).default("gateway"),
  gatewayName: z.string().default("public-gateway"),
  gatewayNamespace: z.string().default("gateway-system"),
  ingressClassName: z.string().default("nginx"),
  /** Secret holding the TLS certificate for the public host (ingress mode) */
  tlsSecretName: z.string().default("webhooks-tls"),
  /** namespace whose pods (the agents) may call /mcp */
  agentsNamespace: z.string().default("agents"),
  /** how agents authenticate on /mcp in the cluster */
  mcpAuthMode: z.enum(["oauth", "token"]).default("token"),
  /** OAuth issuer (mcpAuthMode=oauth) */
  oauthIssuer: z.url().optional(),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** default pods per server, overridden by an integration's `replicas` */
  replicas: z.number().int().min(1).max(20).default(2),
});

export type StackSettings = z.infer<typeof stackSettingsSchema>;

export const SERVER_PORT_NAME = "mcp";
export const INBOX_MOUNT_PATH = "/var/lib/mcp";
export const APP_NAME = "sophia-mcp";

export interface HttpProbePlan {
  readonly path: string;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds: number;
}

export interface ResourcePlan {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface WebhookRoutePlan {
  /** path prefix routed to this server, e.g. /webhook/slack */
  readonly pathPrefix: string;
  /** where the platform posts, e.g. /webhook/slack/events */
  readonly eventsPath: string;
  /** the URL to register with the platform */
  readonly publicUrl: string;
}

export interface ServerPlan {
  readonly platform: PlatformName;
  readonly serverName: string;
  readonly title: string;
  /** DNS-safe base name of every Kubernetes object of this server, e.g. mcp-lambda-labs */
  readonly resourceName: string;
  readonly port: number;
  readonly replicas: number;
  readonly image: { readonly repository: string; readonly buildTarget: string; readonly serverArg: string };
  /** plain (non-secret) environment, identical locally and in the cluster */
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: { readonly required: readonly string[]; readonly optional: readonly string[] };
  readonly probes: { readonly liveness: HttpProbePlan; readonly readiness: HttpProbePlan; readonly startup: HttpProbePlan };
  readonly resources: ResourcePlan;
  readonly webhook?: WebhookRoutePlan;
  readonly labels: Readonly<Record<string, string>>;
  /** in-cluster MCP endpoint */
  readonly mcpUrl: string;
}

export interface DeploymentPlan {
  readonly settings: StackSettings;
  readonly servers: readonly ServerPlan[];
}

/**
 * Resource figures come from the runtime benchmark (README, "Benchmarks"): about 96 MiB idle and
 * up to 160 MiB under load per server; the limit leaves headroom over the loaded figure.
 */
const SERVER_RESOURCES: ResourcePlan = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
};

const PROBES = {
  liveness: { path: "/healthz", periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, initialDelaySeconds: 0 },
  readiness: { path: "/readyz", periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2, initialDelaySeconds: 0 },
  startup: { path: "/healthz", periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 30, initialDelaySeconds: 0 },
} as const;

/**
 * Fleet-wide variables a cluster deployment cannot do without: agents' bearer token when /mcp uses
 * token auth, and the token servers present to the memory server's ingest endpoint (which refuses
 * every write without one).
 */
export function requiredFleetVariables(settings: StackSettings): string[] {
  return [...(settings.mcpAuthMode === "token" ? ["MCP_AUTH_TOKEN"] : []), "MEMORY_INGEST_TOKEN"];
}

export function resourceNameFor(platform: PlatformName): string {
  return `mcp-${platform.replaceAll("_", "-")}`;
}

export function buildPlan(fleet: Fleet, settings: StackSettings): DeploymentPlan {
  const enabled = enabledIntegrations(fleet);
  const memory = enabled.find((i) => i.platform === "memory");
  const memoryUrl = memory
    ? `http://${resourceNameFor("memory")}.${settings.namespace}.svc.cluster.local:${memory.settings.mcp_server_port}`
    : undefined;
  const servers = enabled
    .map((integration) => serverPlan(integration, settings, memoryUrl))
    .sort((a, b) => a.port - b.port);
  return { settings, servers };
}

function serverPlan(integration: Integration, settings: StackSettings, memoryUrl: string | undefined): ServerPlan {
  const { platform, spec, settings: config } = integration;
  const resourceName = resourceNameFor(platform);
  const port = config.mcp_server_port;
  const receivesWebhooks = config.webhook_path !== undefined;
  const webhook = receivesWebhooks ? webhookRoute(config.webhook_path!, settings) : undefined;
  return {
    platform,
    serverName: spec.serverName,
    title: spec.title,
    resourceName,
    port,
    replicas: config.replicas ?? settings.replicas,
    image: { repository: `${settings.registry}/${resourceName}`, buildTarget: "server", serverArg: platform },
    env: serverEnvironment(platform, config, settings, webhook, memoryUrl),
    secrets: {
      required: [...requiredVariables(platform, receivesWebhooks), ...requiredFleetVariables(settings)],
      optional: [
        ...optionalVariables(platform, receivesWebhooks),
        ...FLEET_VARIABLES.map((v) => v.name).filter((name) => !requiredFleetVariables(settings).includes(name)),
      ],
    },
    probes: PROBES,
    resources: SERVER_RESOURCES,
    ...(webhook ? { webhook } : {}),
    labels: {
      "app.kubernetes.io/name": resourceName,
      "app.kubernetes.io/instance": `${resourceName}-${settings.namespace}`,
      "app.kubernetes.io/component": platform === "memory" ? "memory" : "mcp-server",
      "app.kubernetes.io/part-of": APP_NAME,
      "app.kubernetes.io/managed-by": "pulumi",
      "sophia.ai/platform": platform,
      "sophia.ai/port": String(port),
    },
    mcpUrl: `http://${resourceName}.${settings.namespace}.svc.cluster.local:${port}/mcp`,
  };
}

function webhookRoute(pathPrefix: string, settings: StackSettings): WebhookRoutePlan {
  const eventsPath = `${pathPrefix}/events`;
  return { pathPrefix, eventsPath, publicUrl: new URL(eventsPath, settings.publicBaseUrl).toString() };
}

/**
 * The environment contract of a server process (services/runtime reads exactly these):
 * MCP_PLATFORM, MCP_PORT, MCP_INTEGRATION (the integration's validated settings as JSON), plus
 * the auth mode, log level, inbox directory, memory ingest URL and public webhook URL.
 */
export function serverEnvironment(
  platform: PlatformName,
  config: IntegrationSettings,
  settings: StackSettings,
  webhook: WebhookRoutePlan | undefined,
  memoryUrl: string | undefined,
): Record<string, string> {
  const env: Record<string, string> = {
    MCP_PLATFORM: platform,
    MCP_PORT: String(config.mcp_server_port),
    MCP_INTEGRATION: stableJson(config),
    MCP_AUTH_MODE: settings.mcpAuthMode,
    LOG_LEVEL: settings.logLevel,
    INBOX_DIR: `${INBOX_MOUNT_PATH}/inbox`,
  };
  if (settings.oauthIssuer) env.MCP_OAUTH_ISSUER = settings.oauthIssuer;
  if (webhook) env.WEBHOOK_PUBLIC_URL = webhook.publicUrl;
  if (memoryUrl && platform !== "memory") env.MEMORY_URL = memoryUrl;
  return env;
}

/** JSON with sorted keys, so equal settings always serialize to equal bytes. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
