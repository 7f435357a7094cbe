import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PersistentStoragePlan, WorkloadPlan } from "../../services/fleet/plan.js";
import { sortedLabels } from "./metadata.js";

/**
 * The claim behind a workload's data directory (the memory store, a sync runner's checkpoints).
 * ReadWriteOnce: one node mounts it, which is why these Deployments run one pod and roll with
 * Recreate.
 *
 * `pulumi.com/skipAwait`: with a StorageClass that binds on first consumer (the default on GKE,
 * AKS and EKS gp3), the claim stays Pending until a pod uses it, and older providers wait for
 * Bound before creating the Deployment that would use it, until they time out
 * (pulumi/pulumi-kubernetes#895, and on update #4179). The Deployment's own await (its pod ready
 * with the volume mounted) still reports a claim that never binds.
 */
export function persistentVolumeClaimSpec(
  workload: WorkloadPlan & { readonly storage: PersistentStoragePlan },
  namespace: pulumi.Input<string>,
): k8s.core.v1.PersistentVolumeClaimArgs {
  const { claimName, size, storageClassName } = workload.storage;
  return {
    metadata: {
      name: claimName,
      namespace,
      labels: sortedLabels(workload.labels),
      annotations: { "pulumi.com/skipAwait": "true" },
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: size } },
      ...(storageClassName !== undefined ? { storageClassName } : {}),
    },
  };
}
