import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServerPlan, StackSettings } from "../../services/fleet/plan.js";
import { deploymentSpec, statefulSetSpec } from "../specs/deployment.js";
import { serviceAccountSpec } from "../specs/identity.js";
import { networkPolicySpec, type Federation } from "../specs/network-policy.js";
import { secretSpec } from "../specs/secret.js";
import { podDisruptionBudgetSpec, serviceSpec } from "../specs/service.js";
import { persistentVolumeClaimSpec } from "../specs/storage.js";
import { SyncRunner } from "./sync-runner.js";

export interface McpServerArgs {
  readonly server: ServerPlan;
  readonly settings: StackSettings;
  /** the memory server's plan, when the fleet has one (egress to its ingest port) */
  readonly memory: ServerPlan | undefined;
  /** the fleet endpoint and the servers it calls, when the fleet has one (ingress from it; its egress to them) */
  readonly federation?: Federation;
  readonly namespace: pulumi.Input<string>;
  /** image by digest */
  readonly image: pulumi.Input<string>;
  /** the server's own variables plus the fleet-wide ones, as secret Outputs */
  readonly secretEntries: Record<string, pulumi.Input<string>>;
  /** names of the pull Secrets every pod names */
  readonly imagePullSecrets: ReadonlyArray<pulumi.Input<string>>;
}

/**
 * One MCP server: its ServiceAccount, Secret, workload, Service, PodDisruptionBudget and
 * NetworkPolicy; the PersistentVolumeClaim of its data directory when the plan gives it one (the
 * memory server); and its sync runner when the plan has one. The workload is a StatefulSet with a
 * claim per pod when the server receives webhooks (its inboxes), else a Deployment.
 *
 * Claims are declared with retainOnDelete: `pulumi destroy`, a rename or a replacement removes
 * them from the stack but never from the cluster (README, "Removing the fleet's data").
 */
export class McpServer extends pulumi.ComponentResource {
  /** the Deployment's or StatefulSet's name */
  readonly workloadName: pulumi.Output<string>;
  readonly serviceAccountName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly secretName: pulumi.Output<string>;
  readonly syncRunner: SyncRunner | undefined;

  constructor(name: string, args: McpServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sophia:fleet:McpServer", name, {}, opts);
    const { server, namespace } = args;
    const child = { parent: this };

    // Secrets are replaced, never patched (see secretSpec); replaceOnChanges states it even if the
    // provider is configured with enableSecretMutable. The default create-before-delete keeps the
    // old Secret until the Deployment points at the new one.
    const secret = new k8s.core.v1.Secret(`${name}-credentials`, secretSpec(server, namespace, args.secretEntries), {
      ...child,
      replaceOnChanges: ["stringData", "data"],
    });
    this.secretName = secret.metadata.name;
    const account = new k8s.core.v1.ServiceAccount(name, serviceAccountSpec(server, namespace), child);
    this.serviceAccountName = account.metadata.name;

    const storage = server.storage;
    const claim = storage
      ? new k8s.core.v1.PersistentVolumeClaim(storage.claimName, persistentVolumeClaimSpec({ ...server, storage }, namespace), { ...child, retainOnDelete: true })
      : undefined;
    const refs = {
      namespace,
      image: args.image,
      secretName: this.secretName,
      serviceAccountName: this.serviceAccountName,
      imagePullSecrets: args.imagePullSecrets,
      ...(claim ? { claimName: claim.metadata.name } : {}),
    };
    const perPodStorage = server.perPodStorage;
    const workload = perPodStorage
      ? new k8s.apps.v1.StatefulSet(name, statefulSetSpec({ ...server, perPodStorage }, refs), child)
      : new k8s.apps.v1.Deployment(name, deploymentSpec(server, refs), child);
    const service = new k8s.core.v1.Service(name, serviceSpec(server, namespace), child);
    new k8s.policy.v1.PodDisruptionBudget(name, podDisruptionBudgetSpec(server, namespace), child);
    new k8s.networking.v1.NetworkPolicy(name, networkPolicySpec(server, args.settings, args.memory, namespace, args.federation), child);

    this.syncRunner = server.syncRunner
      ? new SyncRunner(
          server.syncRunner.resourceName,
          {
            runner: server.syncRunner,
            memory: args.memory,
            namespace,
            image: args.image,
            secretName: this.secretName,
            serviceAccountName: this.serviceAccountName,
            imagePullSecrets: args.imagePullSecrets,
          },
          child,
        )
      : undefined;

    this.workloadName = workload.metadata.name;
    this.serviceName = service.metadata.name;
    this.registerOutputs({ workloadName: this.workloadName, serviceName: this.serviceName, secretName: this.secretName, serviceAccountName: this.serviceAccountName });
  }
}
