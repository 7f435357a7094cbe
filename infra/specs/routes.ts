import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { SERVER_PORT_NAME, type ServerPlan, type StackSettings, type WebhookRoutePlan } from "../../services/fleet/plan.js";
import { sortedLabels } from "./metadata.js";

export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** A server that receives webhooks, with its route. */
export interface WebhookServer {
  readonly server: ServerPlan;
  readonly webhook: WebhookRoutePlan;
}

export function webhookServers(servers: readonly ServerPlan[]): WebhookServer[] {
  return servers.flatMap((server) => (server.webhook ? [{ server, webhook: server.webhook }] : []));
}

export function publicHost(settings: StackSettings): string {
  return new URL(settings.publicBaseUrl).hostname;
}

/**
 * Gateway API: attaches to the named Gateway in its own namespace. That Gateway's listener must
 * allow routes from the fleet namespace (`allowedRoutes.namespaces`); the fleet does not own it.
 */
export function httpRouteSpec(
  { server, webhook }: WebhookServer,
  settings: StackSettings,
  namespace: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): k8s.apiextensions.CustomResourceArgs {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "HTTPRoute",
    metadata: { name: server.resourceName, namespace, labels: sortedLabels(server.labels) },
    spec: {
      parentRefs: [
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: settings.gatewayName, namespace: settings.gatewayNamespace },
      ],
      hostnames: [publicHost(settings)],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: webhook.pathPrefix } }],
          backendRefs: [{ group: "", kind: "Service", name: serviceName, port: server.port }],
        },
      ],
    },
  };
}

/** networking/v1 Ingress with TLS; the certificate Secret must live in the fleet namespace. */
export function ingressSpec(
  { server, webhook }: WebhookServer,
  settings: StackSettings,
  namespace: pulumi.Input<string>,
  serviceName: pulumi.Input<string>,
): k8s.networking.v1.IngressArgs {
  const host = publicHost(settings);
  return {
    metadata: { name: server.resourceName, namespace, labels: sortedLabels(server.labels) },
    spec: {
      ingressClassName: settings.ingressClassName,
      tls: [{ hosts: [host], secretName: settings.tlsSecretName }],
      rules: [
        {
          host,
          http: {
            paths: [
              { path: webhook.pathPrefix, pathType: "Prefix", backend: { service: { name: serviceName, port: { name: SERVER_PORT_NAME } } } },
            ],
          },
        },
      ],
    },
  };
}
