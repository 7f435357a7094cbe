import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ServerPlan } from "../../services/fleet/plan.js";
import { FLEET_CREDENTIALS_GROUP, FLEET_VARIABLE_NAMES, type StackCredentials } from "../credentials.js";
import { sortedLabels } from "./metadata.js";

/**
 * The variables a server's Secret carries: the ones its own catalog entry declares, taken from
 * `credentials.<platform>`, plus the fleet-wide ones from `credentials.fleet`. Nothing from any
 * other integration. Sorted by name, so the declared inputs are byte-identical run to run.
 */
export function secretEntries(server: ServerPlan, credentials: StackCredentials): Record<string, pulumi.Output<string>> {
  const own = [...server.secrets.required, ...server.secrets.optional].filter((name) => !FLEET_VARIABLE_NAMES.includes(name));
  const entries: Array<[string, pulumi.Output<string>]> = [];
  for (const name of own) {
    const value = credentials.secret(server.platform, name);
    if (value) entries.push([name, value]);
  }
  for (const name of FLEET_VARIABLE_NAMES) {
    const value = credentials.secret(FLEET_CREDENTIALS_GROUP, name);
    if (value) entries.push([name, value]);
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The Secret has no fixed name: the provider auto-names it (`<logical name>-<random suffix>`) and,
 * with `immutable: true`, a changed value cannot be applied in place, so Pulumi replaces it
 * (create the new one, repoint the Deployment, then delete the old one). The new name flows into
 * the Deployment's `envFrom`, which changes the pod template and rolls that server's pods, and
 * only that server's. No checksum of the values is needed, so none is ever written anywhere.
 */
export function secretSpec(
  server: ServerPlan,
  namespace: pulumi.Input<string>,
  entries: Record<string, pulumi.Input<string>>,
): k8s.core.v1.SecretArgs {
  return {
    metadata: { namespace, labels: sortedLabels(server.labels) },
    type: "Opaque",
    immutable: true,
    stringData: entries,
  };
}
