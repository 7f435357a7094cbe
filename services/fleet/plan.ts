/**
 * The deployment plan: pure data derived from the fleet file and the stack settings. The Pulumi
 * program and the local fleet both consume it, so what runs locally and what is deployed can never
 * disagree about ports, environment, secrets, probes or webhook routes.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CATALOG, FLEET_VARIABLES, optionalVariables, requiredChoices, requiredVariables, type PlatformName } from "./catalog.js";
import { enabledIntegrations, FleetConfigError, REPO_ROOT, type ConfigProblem, type Fleet, type Integration } from "./load.js";
import { processShares, shareEnvironment } from "./process-shares.js";
import type { IntegrationSettings } from "./schema.js";
import { FLEET_VERSION } from "./version.js";

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label (lowercase letters, digits, \"-\")");
const storageQuantity = z
  .string()
  .regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/, 'must be a Kubernetes quantity such as "10Gi" or "500Mi"');

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
  /**
   * namespace of the pods that forward webhooks to the servers (the NetworkPolicies admit them);
   * default gatewayNamespace. Set it when the controller's proxies run elsewhere (Envoy Gateway
   * runs them in envoy-gateway-system, not beside the Gateway object).
   */
  webhookProxyNamespace: dnsLabel.optional(),
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
  /** default serving pods per server, overridden by an integration's `replicas`; the memory server runs one */
  replicas: z.number().int().min(1).max(20).default(2),
  /** size of the memory server's PersistentVolumeClaim, which holds its embedded store */
  memoryStorage: storageQuantity.default("10Gi"),
  /**
   * the memory server's memory limit: its search index lives in memory, so it grows with the store
   * (about 380 MiB at 100,000 memories, 860 MiB at 1,000,000: see memoryServerResources)
   */
  memoryServerMemory: storageQuantity.default("512Mi"),
  /** StorageClass of the fleet's PersistentVolumeClaims; default: the cluster's default class */
  storageClassName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a StorageClass name").optional(),
  /** size of each webhook-receiving pod's inbox claim (one per replica) */
  inboxStorage: storageQuantity.default("1Gi"),
  /**
   * true: the program creates the namespace (and labels it for the restricted Pod Security
   * Standard); false: it deploys into `namespace`, which must already exist and is never changed
   */
  createNamespace: z.boolean().default(true),
  /** names of existing kubernetes.io/dockerconfigjson Secrets in the namespace that every pod pulls with */
  imagePullSecrets: z.array(dnsLabel).default([]),
  /** platforms the images are built for (a multi-platform build when there are two) */
  imagePlatforms: z
    .array(z.enum(["linux/amd64", "linux/arm64"]))
    .min(1)
    .refine((list) => new Set(list).size === list.length, "lists a platform twice")
    .default(["linux/amd64"]),
});

export type StackSettings = z.infer<typeof stackSettingsSchema>;

export const SERVER_PORT_NAME = "mcp";
/** the data directory (INBOX_DIR's parent): an emptyDir, or the workload's claim when it has `storage` */
export const INBOX_MOUNT_PATH = "/var/lib/mcp";
export const APP_NAME = "sophia-mcp";

/**
 * How a pod stops. The kubelet runs the preStop sleep (endpoint removal reaches the gateway and
 * kube-proxy meanwhile), then sends SIGTERM; the server fails readiness, stops taking webhooks and
 * requests, and keeps delivering its inbox for `deliverSeconds` (MCP_SHUTDOWN_GRACE_MS); what is
 * still undelivered then stays on the pod's volume for the next pod with that volume. The rest of
 * the grace period (45 - 5 - 25 = 15 s) covers the event in flight (the inbox worker waits up to
 * 10 s for it) and closing the inbox before SIGKILL.
 */
export const POD_SHUTDOWN = { terminationGraceSeconds: 45, preStopSleepSeconds: 5, deliverSeconds: 25 } as const;

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

/** A PersistentVolumeClaim mounted at the data directory (INBOX_DIR's parent) instead of an emptyDir. */
export interface PersistentStoragePlan {
  readonly claimName: string;
  readonly size: string;
  /** absent: the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/**
 * How pods are replaced. RollingUpdate starts the new pod before the old one stops; Recreate stops
 * the old pod first, which a ReadWriteOnce volume (and a single writer) needs.
 */
export type RolloutStrategy = "RollingUpdate" | "Recreate";

/**
 * A claim per pod (a StatefulSet's volumeClaimTemplate) mounted at the data directory: each replica
 * keeps its own inbox across deletions, rollouts and drains, and gets it back by its ordinal.
 */
export interface PerPodStoragePlan {
  /** the template's name; claims are <templateName>-<workload>-<ordinal> */
  readonly templateName: string;
  readonly size: string;
  readonly storageClassName?: string;
}

/** What one workload of the fleet runs; a server and its sync runner are both one. */
export interface WorkloadPlan {
  /** DNS-safe name of the Deployment and its objects, e.g. mcp-lambda-labs, mcp-slack-sync */
  readonly resourceName: string;
  readonly port: number;
  readonly replicas: number;
  readonly strategy: RolloutStrategy;
  /** plain (non-secret) environment of these pods */
  readonly env: Readonly<Record<string, string>>;
  readonly probes: { readonly liveness: HttpProbePlan; readonly readiness: HttpProbePlan; readonly startup: HttpProbePlan };
  readonly resources: ResourcePlan;
  readonly labels: Readonly<Record<string, string>>;
  /** one claim shared by the workload's single pod (the memory store, a sync runner's checkpoints) */
  readonly storage?: PersistentStoragePlan;
  /** a claim per pod (servers that receive webhooks: their inboxes); the workload is a StatefulSet */
  readonly perPodStorage?: PerPodStoragePlan;
  /**
   * the ServiceAccount its pods run as: the server's own (a sync runner uses its server's) */
  readonly serviceAccountName: string;
}

/**
 * The one process of an integration that runs its batch syncs (MCP_SYNC=on), beside the serving
 * replicas (MCP_SYNC=off): same image, Secret and settings, its checkpoints on its own volume. No
 * Service selects it; it serves MCP only to its probes.
 */
export interface SyncRunnerPlan extends WorkloadPlan {
  readonly replicas: 1;
  readonly strategy: "Recreate";
  readonly storage: PersistentStoragePlan;
  /** the configured sync_objects the platform implements: what it runs */
  readonly syncObjects: readonly string[];
}

export interface ServerPlan extends WorkloadPlan {
  readonly platform: PlatformName;
  readonly serverName: string;
  readonly title: string;
  /** bundle: the server's directory under the bundle root (images/bundle.ts), the image's whole build context */
  readonly image: { readonly repository: string; readonly buildTarget: string; readonly bundle: string };
  readonly secrets: {
    readonly required: readonly string[];
    /** every other variable the Secret may carry, including each choice's alternatives */
    readonly optional: readonly string[];
    /** groups of optional variables of which exactly one must be present (the platform's choices) */
    readonly oneOf: readonly (readonly string[])[];
  };
  readonly webhook?: WebhookRoutePlan;
  /** in-cluster MCP endpoint */
  readonly mcpUrl: string;
  /** present when the integration schedules syncs the platform implements */
  readonly syncRunner?: SyncRunnerPlan;
}

export interface DeploymentPlan {
  readonly settings: StackSettings;
  readonly servers: readonly ServerPlan[];
}

/**
 * From the images benchmark (bench/images.bench.ts, README "Benchmarks"): a bundled server run as
 * the image runs it (from its startup snapshot, heap bounded by the image's NODE_OPTIONS
 * "--max-old-space-size=96 --max-semi-space-size=8", MALLOC_ARENA_MAX=2): Slack receiving webhooks
 * (writer thread running) 89 MiB RSS idle, 96 MiB once it has answered an MCP request, and 157 MiB
 * at the end of 3,000 MCP calls and 3,000 signed webhooks; the Snowflake server 74-84 MiB idle
 * (its driver loads on the first statement). The request (what the scheduler reserves) sits between idle and loaded:
 * servers idle most of the time, and reserving the loaded figure for every replica would double the
 * fleet's footprint. The limit is 1.6x the loaded figure: the old-space cap bounds the JS heap, and
 * the rest (SQLite page caches, socket buffers, a sync's page in flight) is what the headroom is
 * for. Kept at 128Mi / 256Mi.
 */
const SERVER_RESOURCES: ResourcePlan = {
  requests: { cpu: "50m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
};

/**
 * The memory server also holds its search index in memory (typed arrays outside the capped JS
 * heap, rebuilt from the store at start). Measured as a process (`npm run bench --
 * memory-startup`, node --import tsx, which adds some 50 MiB of its own): 147-201 MiB resident on
 * an empty store, 379 MiB once 100,000 memories are loaded, 855 MiB at 1,000,000 (peak equal to
 * the final figure). The default 512Mi limit therefore holds a store of roughly 250,000 memories;
 * a larger one needs the `memoryServerMemory` stack setting raised (1Gi for about 1,000,000).
 * The request stays at 256Mi (what the scheduler reserves for an empty or small store) unless the
 * limit is set below it.
 */
function memoryServerResources(settings: StackSettings): ResourcePlan {
  const limit = settings.memoryServerMemory;
  return {
    requests: { cpu: "100m", memory: quantityBytes(limit) < quantityBytes("256Mi") ? limit : "256Mi" },
    limits: { cpu: "1", memory: limit },
  };
}

const QUANTITY_FACTORS: Readonly<Record<string, number>> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
};

/** bytes of a quantity storageQuantity accepted ("512Mi", "1Gi", "2G") */
function quantityBytes(quantity: string): number {
  const match = /^([0-9]+)([A-Za-z]*)$/.exec(quantity);
  return Number(match?.[1] ?? 0) * (QUANTITY_FACTORS[match?.[2] ?? ""] ?? 1);
}

/**
 * The memory server's probes, from `npm run bench -- memory-startup` (2 shared, busy cores,
 * node --import tsx; one run each):
 *
 *   store               load avg   listening   ready (index loaded)   slowest /healthz while loading   RSS ready
 *   empty               ~1 / ~20   1.1 / 16.6 s  1.1 / 17.0 s         -                                147 / 201 MiB
 *   100,000 memories    ~20        17.9 s      34.3 s                 1.05 s                           379 MiB
 *   1,000,000 memories  ~17        14.9 s      233.5 s                2.49 s                           855 MiB
 *
 * Liveness answers as soon as the server listens, whatever the store's size (the index loads in
 * chunks after), so the startup probe only covers module loading: 60 s, 4x the slowest 15-18 s
 * measured. The index load keeps /healthz answering but not promptly (2.5 s at worst, at
 * 1,000,000), so liveness and readiness allow 5 s per answer where other servers allow 2.
 * Readiness fails while the index loads (16 s at 100,000, about 4 minutes at 1,000,000 on a busy
 * machine): that takes the pod out of the Service without restarting it, so it needs no budget;
 * it is checked every 5 s.
 */
const MEMORY_PROBES = {
  liveness: { path: "/healthz", periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, initialDelaySeconds: 0 },
  readiness: { path: "/readyz", periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2, initialDelaySeconds: 0 },
  startup: { path: "/healthz", periodSeconds: 2, timeoutSeconds: 5, failureThreshold: 30, initialDelaySeconds: 0 },
} as const;

/** Checkpoints are a few rows per sync object; the runner's inbox (webhook_path) gets no traffic. */
export const SYNC_CHECKPOINT_STORAGE = "1Gi";

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

export interface PlanOptions {
  /** whether a platform has a server definition; default: services/platforms/<platform>/index.ts (or .js) exists */
  readonly hasServer?: (platform: PlatformName) => boolean;
}

/** services/platforms/<platform>/index.ts from source, index.js when built; checked on disk, not imported */
export function hasServerDefinition(platform: PlatformName): boolean {
  const folder = path.join(REPO_ROOT, "services", "platforms", platform);
  return existsSync(path.join(folder, "index.ts")) || existsSync(path.join(folder, "index.js"));
}

/**
 * Throws a FleetConfigError naming the file, each enabled integration whose platform has no server,
 * and each configured sync object its platform does not implement: a plan is never made that
 * would give a pod that exits at start, or a sync nothing runs.
 */
export function assertPlannable(fleet: Fleet, options: PlanOptions = {}): void {
  const hasServer = options.hasServer ?? hasServerDefinition;
  const problems: ConfigProblem[] = [];
  for (const { platform, spec, settings } of enabledIntegrations(fleet)) {
    if (!hasServer(platform)) {
      problems.push({
        keyPath: `integrations.${platform}`,
        message: `${spec.title} has no server (services/platforms/${platform}/index.ts): disable the integration (enabled: false) until it has one`,
      });
    }
    problems.push(...unimplementedSyncObjects(platform, settings));
  }
  if (problems.length > 0) throw new FleetConfigError(fleet.file, problems);
}

/** sync_objects entries the platform implements no sync for, each naming the object and the platform. */
export function unimplementedSyncObjects(platform: PlatformName, config: IntegrationSettings): ConfigProblem[] {
  const facts = CATALOG[platform];
  const implemented = facts.syncObjects;
  return (config.sync_objects ?? []).flatMap((object, index) =>
    implemented.includes(object)
      ? []
      : [
          {
            keyPath: `integrations.${platform}.sync_objects.${index}`,
            message:
              implemented.length === 0
                ? `${facts.title} implements no sync, so sync object "${object}" cannot run: remove sync_objects`
                : `${facts.title} implements no sync object "${object}"; it implements: ${implemented.join(", ")}`,
          },
        ],
  );
}

export function buildPlan(fleet: Fleet, settings: StackSettings, options: PlanOptions = {}): DeploymentPlan {
  assertPlannable(fleet, options);
  const enabled = enabledIntegrations(fleet);
  const memory = enabled.find((i) => i.platform === "memory");
  const memoryUrl = memory
    ? `http://${resourceNameFor("memory")}.${settings.namespace}.svc.cluster.local:${memory.settings.mcp_server_port}`
    : undefined;
  const servers = enabled
    .map((integration) => serverPlan(integration, settings, memoryUrl))
    .sort((a, b) => a.port - b.port);
  return { settings, servers: servers.map((server) => (server.platform === "fleet_endpoint" ? withFleetMembers(server, servers) : server)) };
}

/**
 * The fleet endpoint federates every other server of the plan: FLEET_SERVERS maps each platform to
 * its in-cluster MCP URL (the local fleet sets loopback URLs instead).
 */
function withFleetMembers(endpoint: ServerPlan, servers: readonly ServerPlan[]): ServerPlan {
  return { ...endpoint, env: { ...endpoint.env, FLEET_SERVERS: fleetServersJson(servers.filter((s) => s.platform !== "fleet_endpoint").map((s) => [s.platform, s.mcpUrl])) } };
}

/** FLEET_SERVERS: `{"<platform>": "<MCP URL>", ...}` in port order. */
export function fleetServersJson(members: readonly (readonly [PlatformName, string])[]): string {
  return JSON.stringify(Object.fromEntries(members));
}

function serverPlan(integration: Integration, settings: StackSettings, memoryUrl: string | undefined): ServerPlan {
  const { platform, spec, settings: config } = integration;
  const resourceName = resourceNameFor(platform);
  const port = config.mcp_server_port;
  const receivesWebhooks = config.webhook_path !== undefined;
  const webhook = receivesWebhooks ? webhookRoute(config.webhook_path!, settings) : undefined;
  const mcpUrl = `http://${resourceName}.${settings.namespace}.svc.cluster.local:${port}/mcp`;
  const isMemory = platform === "memory";
  // one pod holds the memory store's volume; the config rejects integrations.memory.replicas != 1
  const replicas = isMemory ? 1 : (config.replicas ?? settings.replicas);
  const syncObjects = runnableSyncObjects(platform, config);
  const shares = processShares(replicas, syncObjects.length > 0);
  const env = serverEnvironment(platform, config, settings, webhook, memoryUrl, mcpUrl);
  return {
    platform,
    serverName: spec.serverName,
    title: spec.title,
    resourceName,
    port,
    replicas,
    strategy: isMemory ? "Recreate" : "RollingUpdate",
    serviceAccountName: resourceName,
    image: { repository: `${settings.registry}/${resourceName}`, buildTarget: "server", bundle: platform },
    env: { ...env, ...shareEnvironment(shares.serving) },
    secrets: {
      required: [...requiredVariables(platform, receivesWebhooks), ...requiredFleetVariables(settings)],
      optional: [
        ...optionalVariables(platform, receivesWebhooks),
        ...FLEET_VARIABLES.map((v) => v.name).filter((name) => !requiredFleetVariables(settings).includes(name)),
      ],
      oneOf: requiredChoices(platform).map((choice) => choice.of),
    },
    probes: isMemory ? MEMORY_PROBES : PROBES,
    resources: isMemory ? memoryServerResources(settings) : SERVER_RESOURCES,
    labels: workloadLabels(resourceName, isMemory ? "memory" : "mcp-server", platform, port, settings),
    ...(isMemory ? { storage: persistentStorage(`${resourceName}-data`, settings.memoryStorage, settings) } : {}),
    // the memory server's inbox is on its store's claim; every other receiver gets a claim per pod
    ...(receivesWebhooks && !isMemory ? { perPodStorage: perPodStorage(settings) } : {}),
    ...(webhook ? { webhook } : {}),
    mcpUrl,
    ...(shares.syncRunner
      ? { syncRunner: syncRunnerPlan(`${resourceName}-sync`, resourceName, platform, port, { ...env, ...shareEnvironment(shares.syncRunner) }, syncObjects, settings) }
      : {}),
  };
}

function syncRunnerPlan(
  resourceName: string,
  serviceAccountName: string,
  platform: PlatformName,
  port: number,
  env: Record<string, string>,
  syncObjects: readonly string[],
  settings: StackSettings,
): SyncRunnerPlan {
  return {
    resourceName,
    port,
    replicas: 1,
    // two runners at once would run every sync twice, and the volume is ReadWriteOnce
    strategy: "Recreate",
    serviceAccountName,
    env,
    probes: PROBES,
    resources: SERVER_RESOURCES,
    labels: workloadLabels(resourceName, "sync", platform, port, settings),
    storage: persistentStorage(`${resourceName}-checkpoints`, SYNC_CHECKPOINT_STORAGE, settings),
    syncObjects,
  };
}

/**
 * The integration's sync_objects, when it has a batch_sync_interval: what a sync runner runs.
 * Empty means no runner. assertPlannable has already rejected any object the platform does not
 * implement (catalog `syncObjects`); the filter keeps this function safe to call on its own.
 */
export function runnableSyncObjects(platform: PlatformName, config: IntegrationSettings): string[] {
  if (config.batch_sync_interval === undefined) return [];
  const implemented = CATALOG[platform].syncObjects ?? [];
  return (config.sync_objects ?? []).filter((object) => implemented.includes(object));
}

/** the inbox claim template of a StatefulSet's pods (INBOX_DIR's parent, as the emptyDir was) */
export const INBOX_CLAIM_TEMPLATE = "inbox";

function perPodStorage(settings: StackSettings): PerPodStoragePlan {
  return { templateName: INBOX_CLAIM_TEMPLATE, size: settings.inboxStorage, ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}) };
}

function persistentStorage(claimName: string, size: string, settings: StackSettings): PersistentStoragePlan {
  return { claimName, size, ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}) };
}

function workloadLabels(
  resourceName: string,
  component: "memory" | "mcp-server" | "sync",
  platform: PlatformName,
  port: number,
  settings: StackSettings,
): Record<string, string> {
  return {
    "app.kubernetes.io/name": resourceName,
    "app.kubernetes.io/instance": `${resourceName}-${settings.namespace}`,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": APP_NAME,
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/version": FLEET_VERSION,
    "sophia.ai/platform": platform,
    "sophia.ai/port": String(port),
  };
}

function webhookRoute(pathPrefix: string, settings: StackSettings): WebhookRoutePlan {
  const eventsPath = `${pathPrefix}/events`;
  return { pathPrefix, eventsPath, publicUrl: new URL(eventsPath, settings.publicBaseUrl).toString() };
}

/**
 * The environment contract of a server process (services/runtime reads exactly these):
 * MCP_PLATFORM, MCP_PORT, MCP_INTEGRATION (the integration's validated settings as JSON), plus
 * the auth mode (and, with oauth, the issuer and this server's MCP URL as the tokens' audience),
 * log level, inbox directory, memory ingest URL and public webhook URL. The process's role and
 * rate share (shareEnvironment) are added per Deployment; POD_NAMESPACE comes from the Downward API.
 */
export function serverEnvironment(
  platform: PlatformName,
  config: IntegrationSettings,
  settings: StackSettings,
  webhook: WebhookRoutePlan | undefined,
  memoryUrl: string | undefined,
  mcpUrl: string,
): Record<string, string> {
  const env: Record<string, string> = {
    MCP_PLATFORM: platform,
    MCP_PORT: String(config.mcp_server_port),
    MCP_INTEGRATION: stableJson(config),
    MCP_AUTH_MODE: settings.mcpAuthMode,
    LOG_LEVEL: settings.logLevel,
    INBOX_DIR: `${INBOX_MOUNT_PATH}/inbox`,
    MCP_SHUTDOWN_GRACE_MS: String(POD_SHUTDOWN.deliverSeconds * 1000),
  };
  if (settings.oauthIssuer) env.MCP_OAUTH_ISSUER = settings.oauthIssuer;
  if (settings.mcpAuthMode === "oauth") env.MCP_RESOURCE_URL = mcpUrl;
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
