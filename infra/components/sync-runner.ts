import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServerPlan, SyncRunnerPlan } from "../../services/fleet/plan.js";
import { deploymentSpec } from "../specs/deployment.js";
import { syncRunnerNetworkPolicySpec } from "../specs/network-policy.js";
import { persistentVolumeClaimSpec } from "../specs/storage.js";

export interface SyncRunnerArgs {
  readonly runner: SyncRunnerPlan;
  /** the memory server's plan, when the fleet has one (egress to its ingest port) */
  readonly memory: ServerPlan | undefined;
  readonly namespace: pulumi.Input<string>;
  /** the server's image, by digest */
  readonly image: pulumi.Input<string>;
  /** the server's Secret: the runner needs exactly the same credentials */
  readonly secretName: pulumi.Input<string>;
  /** the server's ServiceAccount: the runner is part of the same server */
  readonly serviceAccountName: pulumi.Input<string>;
  readonly imagePullSecrets: ReadonlyArray<pulumi.Input<string>>;
}

/**
 * The one pod of an integration that runs its batch syncs (MCP_SYNC=on): its checkpoint claim,
 * Deployment and NetworkPolicy. No Service or PodDisruptionBudget: nothing calls it, and a drain
 * that evicts it only delays the next sync, which resumes from its checkpoint.
 */
export class SyncRunner extends pulumi.ComponentResource {
  readonly deploymentName: pulumi.Output<string>;
  readonly claimName: pulumi.Output<string>;

  constructor(name: string, args: SyncRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sophia:fleet:SyncRunner", name, {}, opts);
    const { runner, namespace } = args;
    const child = { parent: this };
    // checkpoints outlive the stack like every claim of the fleet (retainOnDelete)
    const claim = new k8s.core.v1.PersistentVolumeClaim(runner.storage.claimName, persistentVolumeClaimSpec(runner, namespace), { ...child, retainOnDelete: true });
    this.claimName = claim.metadata.name;
    const deployment = new k8s.apps.v1.Deployment(
      name,
      deploymentSpec(runner, {
        namespace,
        image: args.image,
        secretName: args.secretName,
        claimName: this.claimName,
        serviceAccountName: args.serviceAccountName,
        imagePullSecrets: args.imagePullSecrets,
      }),
      child,
    );
    new k8s.networking.v1.NetworkPolicy(name, syncRunnerNetworkPolicySpec(runner, args.memory, namespace), child);
    this.deploymentName = deployment.metadata.name;
    this.registerOutputs({ deploymentName: this.deploymentName, claimName: this.claimName });
  }
}
