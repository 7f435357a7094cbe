import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_NAME, type ServerPlan, type StackSettings, type SyncRunnerPlan } from "../../services/fleet/plan.js";
import { namespaceSelector, selectorLabels, sortedLabels } from "./metadata.js";

type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type IngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

export const DNS_PORT = 53;
export const HTTPS_PORT = 443;

/**
 * The namespace whose pods forward webhooks to the servers: the proxies of the Gateway API
 * controller or the ingress controller. Often the Gateway's own namespace, but not for every
 * controller (Envoy Gateway runs its proxies in its controller's namespace).
 */
export function webhookProxyNamespace(settings: StackSettings): string {
  return settings.webhookProxyNamespace ?? settings.gatewayNamespace;
}

/**
 * The fleet endpoint and the servers it federates: it calls every other server's MCP port.
 */
export interface Federation {
  readonly endpoint: ServerPlan;
  readonly servers: readonly ServerPlan[];
}

/**
 * Default deny in both directions for the server's pods, then:
 * - ingress on its port from the agents' namespace (MCP), from the webhook proxies' namespace when
 *   the server receives webhooks, from the fleet endpoint's pods (which forward agents' calls), and
 *   (memory server only) from the fleet's own pods, which ingest;
 * - egress to DNS, to HTTPS anywhere (the platform APIs), to the memory server's port, and (the
 *   fleet endpoint only) to every server's MCP port.
 */
export function networkPolicySpec(
  server: ServerPlan,
  settings: StackSettings,
  memory: ServerPlan | undefined,
  namespace: pulumi.Input<string>,
  federation?: Federation,
): k8s.networking.v1.NetworkPolicyArgs {
  const onServerPort = [{ protocol: "TCP", port: server.port }];
  const callers: NetworkPolicyPeer[] = [{ namespaceSelector: namespaceSelector(settings.agentsNamespace) }];
  if (server.webhook) callers.push({ namespaceSelector: namespaceSelector(webhookProxyNamespace(settings)) });
  // a podSelector without namespaceSelector means pods of this namespace (sync runners included)
  if (server.platform === "memory") callers.push({ podSelector: { matchLabels: { "app.kubernetes.io/part-of": APP_NAME } } });
  else if (federation && federation.endpoint.resourceName !== server.resourceName) callers.push({ podSelector: { matchLabels: selectorLabels(federation.endpoint) } });
  const ingress: IngressRule[] = [{ from: callers, ports: onServerPort }];
  const egress = egressRules(server, memory);
  if (federation && federation.endpoint.resourceName === server.resourceName) {
    for (const target of federation.servers) {
      if (target.resourceName === server.resourceName || target.resourceName === memory?.resourceName) continue;
      egress.push({ to: [{ podSelector: { matchLabels: selectorLabels(target) } }], ports: [{ protocol: "TCP", port: target.port }] });
    }
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

/**
 * A sync runner calls out exactly as its server does and is called by no one: no Service selects
 * it, so it admits no ingress at all (the kubelet's probes come from the node, which NetworkPolicy
 * always allows).
 */
export function syncRunnerNetworkPolicySpec(
  runner: SyncRunnerPlan,
  memory: ServerPlan | undefined,
  namespace: pulumi.Input<string>,
): k8s.networking.v1.NetworkPolicyArgs {
  return {
    metadata: { name: runner.resourceName, namespace, labels: sortedLabels(runner.labels) },
    spec: {
      podSelector: { matchLabels: selectorLabels(runner) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [],
      egress: egressRules(runner, memory),
    },
  };
}

function egressRules(workload: { readonly resourceName: string }, memory: ServerPlan | undefined): EgressRule[] {
  const egress: EgressRule[] = [
    { ports: [{ protocol: "UDP", port: DNS_PORT }, { protocol: "TCP", port: DNS_PORT }] },
    { ports: [{ protocol: "TCP", port: HTTPS_PORT }] },
  ];
  if (memory && memory.resourceName !== workload.resourceName) {
    egress.push({ to: [{ podSelector: { matchLabels: selectorLabels(memory) } }], ports: [{ protocol: "TCP", port: memory.port }] });
  }
  return egress;
}
