/** Names and labels shared by every object of a server. */
import type { WorkloadPlan } from "../../services/fleet/plan.js";

/**
 * The subset of the plan's labels that selects a workload's pods. Deployment selectors are
 * immutable, so they use only the two labels that never change for a workload. A server's and its
 * sync runner's names differ, so the server's Service and PDB never select the runner.
 */
export function selectorLabels(workload: Pick<WorkloadPlan, "labels">): Record<string, string> {
  return pick(workload.labels, ["app.kubernetes.io/name", "app.kubernetes.io/instance"]);
}

/** Labels in sorted key order, so serialized inputs are byte-identical run to run. */
export function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pick(labels: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of keys) {
    const value = labels[key];
    if (value === undefined) throw new Error(`server plan is missing the selector label ${key}`);
    picked[key] = value;
  }
  return picked;
}

/** `kubernetes.io/metadata.name` is set by the API server on every namespace (Kubernetes ≥1.21). */
export function namespaceSelector(namespace: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { "kubernetes.io/metadata.name": namespace } };
}
