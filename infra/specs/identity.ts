import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_NAME, type ServerPlan, type StackSettings } from "../../services/fleet/plan.js";
import { FLEET_VERSION } from "../../services/fleet/version.js";
import { sortedLabels } from "./metadata.js";

/** The pull Secret made from the stack's registry credentials (fixed name: pods name it). */
export const REGISTRY_PULL_SECRET_NAME = `${APP_NAME}-registry`;

/**
 * A server's own identity. The servers never call the Kubernetes API, so no token is mounted
 * (the pod spec repeats it), and the account has no RoleBinding: it exists so that each server is
 * told apart in audit logs and admission policies, and no pod runs as the namespace's `default`.
 */
export function serviceAccountSpec(server: ServerPlan, namespace: pulumi.Input<string>): k8s.core.v1.ServiceAccountArgs {
  return {
    metadata: { name: server.serviceAccountName, namespace, labels: sortedLabels(server.labels) },
    automountServiceAccountToken: false,
  };
}

/** Labels of the objects that belong to the fleet rather than to one server. */
export function fleetLabels(settings: StackSettings, component: string): Record<string, string> {
  return sortedLabels({
    "app.kubernetes.io/name": `${APP_NAME}-${component}`,
    "app.kubernetes.io/instance": `${APP_NAME}-${component}-${settings.namespace}`,
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/part-of": APP_NAME,
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/version": FLEET_VERSION,
  });
}

/**
 * kubernetes.io/dockerconfigjson from the stack's registry credentials. The value is a secret
 * Output (encrypted in state, never in a manifest or a log). Not immutable: rotating the
 * credentials updates it in place, and pods read it only when they pull, so nothing rolls.
 */
export function pullSecretSpec(settings: StackSettings, namespace: pulumi.Input<string>, dockerConfigJson: pulumi.Input<string>): k8s.core.v1.SecretArgs {
  return {
    metadata: { name: REGISTRY_PULL_SECRET_NAME, namespace, labels: fleetLabels(settings, "registry") },
    type: "kubernetes.io/dockerconfigjson",
    stringData: { ".dockerconfigjson": dockerConfigJson },
  };
}
