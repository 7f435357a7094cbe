import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { SERVER_PORT_NAME, type ServerPlan } from "../../services/fleet/plan.js";
import { selectorLabels, sortedLabels } from "./metadata.js";

/** Named after the server, so `plan.mcpUrl` (http://<resourceName>.<namespace>.svc...) resolves. */
export function serviceSpec(server: ServerPlan, namespace: pulumi.Input<string>): k8s.core.v1.ServiceArgs {
  return {
    metadata: { name: server.resourceName, namespace, labels: sortedLabels(server.labels) },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(server),
      ports: [{ name: SERVER_PORT_NAME, port: server.port, targetPort: SERVER_PORT_NAME, protocol: "TCP", appProtocol: "http" }],
    },
  };
}

/**
 * At most one pod of a server is evicted at a time. maxUnavailable (not minAvailable) keeps node
 * drains possible even for a server scaled to one replica.
 */
export function podDisruptionBudgetSpec(server: ServerPlan, namespace: pulumi.Input<string>): k8s.policy.v1.PodDisruptionBudgetArgs {
  return {
    metadata: { name: server.resourceName, namespace, labels: sortedLabels(server.labels) },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(server) },
      // a pod that never became ready protects nothing; let drains evict it
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}
