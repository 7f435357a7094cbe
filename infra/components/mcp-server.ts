import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServerPlan, StackSettings } from "../../services/fleet/plan.js";
import { deploymentSpec } from "../specs/deployment.js";
import { networkPolicySpec } from "../specs/network-policy.js";
import { secretSpec } from "../specs/secret.js";
import { podDisruptionBudgetSpec, serviceSpec } from "../specs/service.js";
import { persistentVolumeClaimSpec } from "../specs/storage.js";
import { SyncRunner } from "./sync-runner.js";

export interface McpServerArgs {
  readonly server: ServerPlan;
  readonly settings: StackSettings;
  /** the memory server's plan, when the fleet has one (egress to its ingest port) */
  readonly memory: ServerPlan | undefined;
  readonly namespace: pulumi.Input<string>;
  /** image by digest */
  readonly image: pulumi.Input<string>;
  /** the server's own variables plus the fleet-wide ones, as secret Outputs */
  readonly secretEntries: Record<string, pulumi.Input<string>>;
}

/**
 * One MCP server: its Secret, Deployment, Service, PodDisruptionBudget and NetworkPolicy; the
 * PersistentVolumeClaim of its data directory when the plan gives it one (the memory server); and
 * its sync runner when the plan has one.
 */
export class McpServer extends pulumi.ComponentResource {
  readonly deploymentName: pulumi.Output<string>;
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

    const storage = server.storage;
    const claim = storage
      ? new k8s.core.v1.PersistentVolumeClaim(storage.claimName, persistentVolumeClaimSpec({ ...server, storage }, namespace), child)
      : undefined;
    const deployment = new k8s.apps.v1.Deployment(
      name,
      deploymentSpec(server, { namespace, image: args.image, secretName: this.secretName, ...(claim ? { claimName: claim.metadata.name } : {}) }),
      child,
    );
    const service = new k8s.core.v1.Service(name, serviceSpec(server, namespace), child);
    new k8s.policy.v1.PodDisruptionBudget(name, podDisruptionBudgetSpec(server, namespace), child);
    new k8s.networking.v1.NetworkPolicy(name, networkPolicySpec(server, args.settings, args.memory, namespace), child);

    this.syncRunner = server.syncRunner
      ? new SyncRunner(
          server.syncRunner.resourceName,
          { runner: server.syncRunner, memory: args.memory, namespace, image: args.image, secretName: this.secretName },
          child,
        )
      : undefined;

    this.deploymentName = deployment.metadata.name;
    this.serviceName = service.metadata.name;
    this.registerOutputs({ deploymentName: this.deploymentName, serviceName: this.serviceName, secretName: this.secretName });
  }
}
