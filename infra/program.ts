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
import { DEFAULT_IMAGE_BUILD, type ImageBuildOptions } from "./specs/image.js";
import { namespaceSpec } from "./specs/namespace.js";
import { webhookServers } from "./specs/routes.js";
import { secretEntries } from "./specs/secret.js";

export interface FleetProgramInputs {
  readonly plan: DeploymentPlan;
  readonly credentials: StackCredentials;
  /** defaults to DEFAULT_IMAGE_BUILD (repository root, images/Dockerfile, linux/amd64) */
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
  readonly namespace: k8s.core.v1.Namespace;
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

  const build = inputs.build ?? DEFAULT_IMAGE_BUILD;
  const tag = inputs.imageTag ?? pulumi.getStack();
  const namespace = new k8s.core.v1.Namespace(plan.settings.namespace, namespaceSpec(plan.settings));
  const namespaceName = namespace.metadata.name;
  const memory = plan.servers.find((s) => s.platform === "memory");

  const images: ServerImage[] = [];
  const servers: McpServer[] = [];
  const serviceNames: Record<string, pulumi.Output<string>> = {};
  for (const server of plan.servers) {
    const image = new ServerImage(server.resourceName, { server, build, tag });
    const mcpServer = new McpServer(server.resourceName, {
      server,
      settings: plan.settings,
      memory,
      namespace: namespaceName,
      image: image.repoDigest,
      secretEntries: secretEntries(server, credentials),
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
  return { namespace, images, servers, routes, endpoints };
}

function assertUniqueNames(plan: DeploymentPlan): void {
  const seen = new Set<string>();
  for (const { resourceName } of plan.servers) {
    if (seen.has(resourceName)) throw new Error(`two servers in the plan share the name ${resourceName}`);
    seen.add(resourceName);
  }
}
