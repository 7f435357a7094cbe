import type * as k8s from "@pulumi/kubernetes";
import { APP_NAME, type StackSettings } from "../../services/fleet/plan.js";
import { FLEET_VERSION } from "../../services/fleet/version.js";
import { sortedLabels } from "./metadata.js";

/**
 * The fleet's namespace, when the program creates it (stack setting createNamespace; otherwise the
 * platform team owns the namespace and its labels). It carries the recommended labels and enforces the restricted Pod Security Standard itself, so a pod that
 * drifted from the restricted profile would be rejected by the cluster, not only by our tests.
 */
export function namespaceSpec(settings: StackSettings): k8s.core.v1.NamespaceArgs {
  return {
    metadata: {
      name: settings.namespace,
      labels: sortedLabels({
        "app.kubernetes.io/name": settings.namespace,
        "app.kubernetes.io/instance": `${APP_NAME}-${settings.namespace}`,
        "app.kubernetes.io/component": "namespace",
        "app.kubernetes.io/part-of": APP_NAME,
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/version": FLEET_VERSION,
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      }),
    },
  };
}
