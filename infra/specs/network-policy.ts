import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_NAME, type ServerPlan, type StackSettings } from "../../services/fleet/plan.js";
import { namespaceSelector, selectorLabels, sortedLabels } from "./metadata.js";

type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type IngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

export const DNS_PORT = 53;
export const HTTPS_PORT = 443;

/**
 * Default deny in both directions for the server's pods, then:
 * - ingress on its port from the agents' namespace (MCP), from the gateway namespace when the
 *   server receives webhooks, and (memory server only) from the fleet's own pods, which ingest;
 * - egress to DNS, to HTTPS anywhere (the platform APIs), and to the memory server's port.
 */
export function networkPolicySpec(
  server: ServerPlan,
  settings: StackSettings,
  memory: ServerPlan | undefined,
  namespace: pulumi.Input<string>,
): k8s.networking.v1.NetworkPolicyArgs {
  const onServerPort = [{ protocol: "TCP", port: server.port }];
  const callers: NetworkPolicyPeer[] = [{ namespaceSelector: namespaceSelector(settings.agentsNamespace) }];
  if (server.webhook) callers.push({ namespaceSelector: namespaceSelector(settings.gatewayNamespace) });
  // a podSelector without namespaceSelector means pods of this namespace
  if (server.platform === "memory") callers.push({ podSelector: { matchLabels: { "app.kubernetes.io/part-of": APP_NAME } } });
  const ingress: IngressRule[] = [{ from: callers, ports: onServerPort }];

  const egress: EgressRule[] = [
    { ports: [{ protocol: "UDP", port: DNS_PORT }, { protocol: "TCP", port: DNS_PORT }] },
    { ports: [{ protocol: "TCP", port: HTTPS_PORT }] },
  ];
  if (memory && memory.resourceName !== server.resourceName) {
    egress.push({ to: [{ podSelector: { matchLabels: selectorLabels(memory) } }], ports: [{ protocol: "TCP", port: memory.port }] });
  }
  return {
    metadata: { name: server.resourceName, namespace, labels: sortedLabels(server.labels) },
    spec: {
      podSelector: { matchLabels: selectorLabels(server) },
      policyTypes: ["Ingress", "Egress"],
      ingress,
      egress,
    },
  };
}
