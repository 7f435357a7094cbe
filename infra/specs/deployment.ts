import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { INBOX_MOUNT_PATH, POD_SHUTDOWN, SERVER_PORT_NAME, type HttpProbePlan, type PerPodStoragePlan, type WorkloadPlan } from "../../services/fleet/plan.js";
import { selectorLabels, sortedLabels } from "./metadata.js";

/** The image's numeric user (images/Dockerfile `USER 10001:10001`); no name lookup is needed. */
export const RUN_AS_USER = 10001;
export const CONTAINER_NAME = "server";
/**
 * SIGTERM arrives after the preStop sleep; the runtime then fails readiness, stops taking requests
 * and webhooks, finishes the ones in flight and keeps delivering its inbox for
 * POD_SHUTDOWN.deliverSeconds (MCP_SHUTDOWN_GRACE_MS), which leaves time to close the inbox before
 * SIGKILL. What it could not deliver stays on its volume (see POD_SHUTDOWN in the plan).
 */
export const TERMINATION_GRACE_SECONDS = POD_SHUTDOWN.terminationGraceSeconds;
/** Lets endpoint removal reach the gateway and kube-proxy before the process hears SIGTERM. */
export const PRE_STOP_SLEEP_SECONDS = POD_SHUTDOWN.preStopSleepSeconds;
export const INBOX_VOLUME = { name: "inbox", sizeLimit: "1Gi" } as const;
/** the PersistentVolumeClaim mounted at the data directory instead of the inbox emptyDir (plan `storage`) */
export const DATA_VOLUME_NAME = "data";
/**
 * From the Downward API: the runtime accepts this server's in-cluster Service names as Host
 * headers only with its namespace (services/runtime/environment.ts, serviceHostPattern).
 */
export const DOWNWARD_ENV: ReadonlyArray<{ readonly name: string; readonly fieldPath: string }> = [{ name: "POD_NAMESPACE", fieldPath: "metadata.namespace" }];
export const TMP_VOLUME = { name: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" } as const;

export interface DeploymentRefs {
  readonly namespace: pulumi.Input<string>;
  /** image reference by digest (repository@sha256:...) */
  readonly image: pulumi.Input<string>;
  /** the generated name of the server's Secret */
  readonly secretName: pulumi.Input<string>;
  /** the declared claim's name, when the workload has `storage` (so the Deployment follows the claim) */
  readonly claimName?: pulumi.Input<string>;
  /** the ServiceAccount's name, taken from the declared object so the pods follow it */
  readonly serviceAccountName: pulumi.Input<string>;
  /** pull Secrets every pod names: the stack's existing ones and the one made from registry credentials */
  readonly imagePullSecrets: ReadonlyArray<pulumi.Input<string>>;
}

/** A workload without per-pod storage (stateless serving, the memory server, a sync runner). */
export function deploymentSpec(workload: WorkloadPlan, refs: DeploymentRefs): k8s.apps.v1.DeploymentArgs {
  if (workload.perPodStorage !== undefined) throw new Error(`${workload.resourceName} keeps per-pod storage: it is a StatefulSet (statefulSetSpec)`);
  return {
    metadata: { name: workload.resourceName, namespace: refs.namespace, labels: sortedLabels(workload.labels) },
    spec: {
      replicas: workload.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(workload) },
      strategy: rolloutStrategy(workload),
      template: podTemplate(workload, refs),
    },
  };
}

/**
 * A server that receives webhooks: a StatefulSet, so each replica has an inbox claim of its own
 * (volumeClaimTemplates) that survives the pod's deletion, a rollout or a node drain and is
 * mounted again by the pod that takes its ordinal, which delivers what the last one left.
 * - Claims are kept when the StatefulSet is scaled down or deleted (Retain): a scaled-away
 *   replica's undelivered events wait on its claim until it is scaled up again (README, Deploy).
 * - Parallel pod management: replicas start and stop independently (they share nothing); a
 *   rollout still replaces one pod at a time (RollingUpdate), each pod stopping before its
 *   successor mounts the same ReadWriteOnce claim.
 * - The template's labels are the workload's stable ones: volumeClaimTemplates cannot be changed
 *   on a StatefulSet, so a release (version label) or a port change must not touch them.
 */
export function statefulSetSpec(workload: WorkloadPlan & { readonly perPodStorage: PerPodStoragePlan }, refs: DeploymentRefs): k8s.apps.v1.StatefulSetArgs {
  const { templateName, size, storageClassName } = workload.perPodStorage;
  return {
    metadata: { name: workload.resourceName, namespace: refs.namespace, labels: sortedLabels(workload.labels) },
    spec: {
      replicas: workload.replicas,
      revisionHistoryLimit: 5,
      // the server's Service (per-pod DNS names are not used; nothing addresses a replica by name)
      serviceName: workload.resourceName,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selectorLabels(workload) },
      updateStrategy: { type: "RollingUpdate" },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      volumeClaimTemplates: [
        {
          metadata: { name: templateName, labels: sortedLabels(claimTemplateLabels(workload.labels)) },
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: size } },
            ...(storageClassName !== undefined ? { storageClassName } : {}),
          },
        },
      ],
      template: podTemplate(workload, refs),
    },
  };
}

/** the labels of a workload that never change for it (no version, no port) */
function claimTemplateLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { "app.kubernetes.io/version": _version, "sophia.ai/port": _port, ...stable } = labels;
  return stable;
}

function podTemplate(workload: WorkloadPlan, refs: DeploymentRefs): k8s.types.input.core.v1.PodTemplateSpec {
  const selector = selectorLabels(workload);
  return {
    metadata: { labels: sortedLabels(workload.labels) },
    spec: {
      serviceAccountName: refs.serviceAccountName,
      // the servers never call the Kubernetes API: no token in the pod (the ServiceAccount says so too)
      automountServiceAccountToken: false,
      ...(refs.imagePullSecrets.length > 0 ? { imagePullSecrets: refs.imagePullSecrets.map((name) => ({ name })) } : {}),
      // service links would inject every Service in the namespace as environment variables
      enableServiceLinks: false,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS_USER,
        runAsGroup: RUN_AS_USER,
        fsGroup: RUN_AS_USER,
        // chown the volume only when its root is not already ours, not every file on every start
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
      },
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } },
          ],
        },
      },
      containers: [serverContainer(workload, refs)],
      volumes: [...dataVolumes(workload, refs), { name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } }],
    },
  };
}

function rolloutStrategy(workload: WorkloadPlan): k8s.types.input.apps.v1.DeploymentStrategy {
  // Recreate: the old pod releases its ReadWriteOnce volume (and its role as the one writer)
  // before the new one starts, at the cost of a short gap
  if (workload.strategy === "Recreate") return { type: "Recreate" };
  // a new pod must be ready before an old one goes: rollouts never drop capacity
  return { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } };
}

/**
 * What is mounted at the data directory: the workload's claim; the pod's own claim (a StatefulSet's
 * volumeClaimTemplate, so no pod volume); else a per-pod emptyDir.
 */
function dataVolumes(workload: WorkloadPlan, refs: DeploymentRefs): k8s.types.input.core.v1.Volume[] {
  if (workload.storage !== undefined) return [{ name: DATA_VOLUME_NAME, persistentVolumeClaim: { claimName: refs.claimName ?? workload.storage.claimName } }];
  if (workload.perPodStorage !== undefined) return [];
  return [{ name: INBOX_VOLUME.name, emptyDir: { sizeLimit: INBOX_VOLUME.sizeLimit } }];
}

function dataVolumeName(workload: WorkloadPlan): string {
  if (workload.storage !== undefined) return DATA_VOLUME_NAME;
  return workload.perPodStorage?.templateName ?? INBOX_VOLUME.name;
}

function serverContainer(workload: WorkloadPlan, refs: DeploymentRefs): k8s.types.input.core.v1.Container {
  return {
    name: CONTAINER_NAME,
    image: refs.image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: SERVER_PORT_NAME, containerPort: workload.port, protocol: "TCP" }],
    env: [
      ...Object.keys(workload.env)
        .sort()
        .map((name) => ({ name, value: workload.env[name] })),
      ...DOWNWARD_ENV.map(({ name, fieldPath }) => ({ name, valueFrom: { fieldRef: { fieldPath } } })),
    ],
    envFrom: [{ secretRef: { name: refs.secretName } }],
    resources: {
      requests: { cpu: workload.resources.requests.cpu, memory: workload.resources.requests.memory },
      limits: { cpu: workload.resources.limits.cpu, memory: workload.resources.limits.memory },
    },
    startupProbe: httpProbe(workload.probes.startup),
    livenessProbe: httpProbe(workload.probes.liveness),
    readinessProbe: httpProbe(workload.probes.readiness),
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      runAsGroup: RUN_AS_USER,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: dataVolumeName(workload), mountPath: INBOX_MOUNT_PATH },
      { name: TMP_VOLUME.name, mountPath: TMP_VOLUME.mountPath },
    ],
  };
}

function httpProbe(probe: HttpProbePlan): k8s.types.input.core.v1.Probe {
  return {
    httpGet: { path: probe.path, port: SERVER_PORT_NAME, scheme: "HTTP" },
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds: probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold,
    successThreshold: 1,
  };
}
