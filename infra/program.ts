/**
 * The fleet as Pulumi resources, from a deployment plan and the stack's credentials. index.ts
 * calls this once; tests and the benchmark call it under runtime mocks.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentPlan } from "../services/fleet/plan.js";
import { McpServer } from "./components/mcp-server.js";
import { ServerImage } from "./components/server-image.js";
import { WebhookRoutes } from "./components/webhook-routes.js";
import type { StackCredentials } from "./credentials.js";
import { assertPreflight, findUnknownGroups, findUnknownVariables } from "./preflight.js";
import { dockerConfigJson, type RegistryCredentials } from "./registry-credentials.js";
import { pullSecretSpec } from "./specs/identity.js";
import { DEFAULT_IMAGE_BUILD, type ImageBuildOptions } from "./specs/image.js";
import { namespaceSpec } from "./specs/namespace.js";
import { webhookServers } from "./specs/routes.js";
import { secretEntries } from "./specs/secret.js";

export interface FleetProgramInputs {
  readonly plan: DeploymentPlan;
  readonly credentials: StackCredentials;
  /**
   * the stack's registry credentials (config `registryCredentials`): a pull Secret every pod names,
   * and the login every image push uses
   */
  readonly registryCredentials?: RegistryCredentials;
  /** defaults to DEFAULT_IMAGE_BUILD (bundles under dist/servers, images/Dockerfile), for the stack's imagePlatforms */
  readonly build?: ImageBuildOptions;
  /** tag the images are pushed under; defaults to the stack name */
  readonly imageTag?: string;
}

/** Stack output per integration; plain URLs, nothing secret. */
export interface IntegrationEndpoints {
  readonly mcpUrl: string;
  readonly webhookUrl?: string;
}

export interface FleetProgram {
  /** the Namespace, when the program creates it (stack setting createNamespace) */
  readonly namespace: k8s.core.v1.Namespace | undefined;
  readonly namespaceName: pulumi.Output<string>;
  /** the pull Secret made from the registry credentials, when the stack has them */
  readonly pullSecret: k8s.core.v1.Secret | undefined;
  readonly images: readonly ServerImage[];
  readonly servers: readonly McpServer[];
  readonly routes: WebhookRoutes | undefined;
  readonly endpoints: Readonly<Record<string, IntegrationEndpoints>>;
}

export function defineFleet(inputs: FleetProgramInputs): FleetProgram {
  const { plan, credentials } = inputs;
  // nothing is declared unless every enabled integration has its required secrets
  assertPreflight(plan, credentials);
  assertUniqueNames(plan);
  for (const { platform, variables } of findUnknownVariables(plan, credentials)) {
    void pulumi.log.warn(`credentials.${platform} has variables ${platform} does not use (typo?): ${variables.join(", ")}`);
  }
  for (const group of findUnknownGroups(credentials)) {
    void pulumi.log.warn(`credentials.${group} is not a platform of the fleet catalog (typo?); it is ignored`);
  }

  const { settings } = plan;
  // the image component's one platform field takes the buildx form: linux/amd64,linux/arm64
  const build: ImageBuildOptions = { ...(inputs.build ?? DEFAULT_IMAGE_BUILD), platform: settings.imagePlatforms.join(",") };
  const tag = inputs.imageTag ?? pulumi.getStack();
  // retainOnDelete: deleting a namespace deletes every claim in it, so neither `pulumi destroy`
  // nor renaming the namespace setting deletes it (README, "Removing the fleet's data")
  const namespace = settings.createNamespace
    ? new k8s.core.v1.Namespace(settings.namespace, namespaceSpec(settings), { retainOnDelete: true })
    : undefined;
  const namespaceName = namespace ? namespace.metadata.name : pulumi.output(settings.namespace);
  const memory = plan.servers.find((s) => s.platform === "memory");
  const fleetEndpoint = plan.servers.find((s) => s.platform === "fleet_endpoint");
  const federation = fleetEndpoint ? { endpoint: fleetEndpoint, servers: plan.servers } : undefined;
  const pullSecret = inputs.registryCredentials
    ? new k8s.core.v1.Secret("registry-pull", pullSecretSpec(settings, namespaceName, dockerConfigJson(inputs.registryCredentials)))
    : undefined;
  const imagePullSecrets: pulumi.Input<string>[] = [...settings.imagePullSecrets, ...(pullSecret ? [pullSecret.metadata.name] : [])];

  const images: ServerImage[] = [];
  const servers: McpServer[] = [];
  const serviceNames: Record<string, pulumi.Output<string>> = {};
  for (const server of plan.servers) {
    const image = new ServerImage(server.resourceName, { server, build, tag, ...(inputs.registryCredentials ? { registry: inputs.registryCredentials } : {}) });
    const mcpServer = new McpServer(server.resourceName, {
      server,
      settings: plan.settings,
      memory,
      ...(federation ? { federation } : {}),
      namespace: namespaceName,
      image: image.repoDigest,
      secretEntries: secretEntries(server, credentials),
      imagePullSecrets,
    });
    images.push(image);
    servers.push(mcpServer);
    serviceNames[server.resourceName] = mcpServer.serviceName;
  }

  const routed = webhookServers(plan.servers);
  const routes =
    routed.length > 0
      ? new WebhookRoutes("webhook-routes", { servers: routed, settings: plan.settings, namespace: namespaceName, serviceNames })
      : undefined;

  const endpoints: Record<string, IntegrationEndpoints> = {};
  for (const server of plan.servers) {
    endpoints[server.platform] = server.webhook
      ? { mcpUrl: server.mcpUrl, webhookUrl: server.webhook.publicUrl }
      : { mcpUrl: server.mcpUrl };
  }
  return { namespace, namespaceName, pullSecret, images, servers, routes, endpoints };
}

function assertUniqueNames(plan: DeploymentPlan): void {
  const seen = new Set<string>();
  for (const { resourceName } of plan.servers) {
    if (seen.has(resourceName)) throw new Error(`two servers in the plan share the name ${resourceName}`);
    seen.add(resourceName);
  }
}
