import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { INBOX_MOUNT_PATH, SERVER_PORT_NAME, type HttpProbePlan, type WorkloadPlan } from "../../services/fleet/plan.js";
import { selectorLabels, sortedLabels } from "./metadata.js";

/** The image's numeric user (images/Dockerfile `USER 10001:10001`); no name lookup is needed. */
export const RUN_AS_USER = 10001;
export const CONTAINER_NAME = "server";
/**
 * SIGTERM arrives after the preStop sleep; the runtime then stops taking requests, finishes the
 * ones in flight and flushes its inbox. 45 s leaves about 40 s for that after the sleep, which is
 * longer than one tool call with its retries is allowed to take.
 */
export const TERMINATION_GRACE_SECONDS = 45;
/** Lets endpoint removal reach the gateway and kube-proxy before the process hears SIGTERM. */
export const PRE_STOP_SLEEP_SECONDS = 5;
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
}

/** A server's Deployment, or its sync runner's: both are a WorkloadPlan. */
export function deploymentSpec(workload: WorkloadPlan, refs: DeploymentRefs): k8s.apps.v1.DeploymentArgs {
  const labels = sortedLabels(workload.labels);
  const selector = selectorLabels(workload);
  return {
    metadata: { name: workload.resourceName, namespace: refs.namespace, labels },
    spec: {
      replicas: workload.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      strategy: rolloutStrategy(workload),
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          // service links would inject every Service in the namespace as environment variables
          enableServiceLinks: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            fsGroup: RUN_AS_USER,
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
          volumes: [dataVolume(workload, refs), { name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } }],
        },
      },
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

/** What is mounted at the data directory: the workload's claim, else a per-pod emptyDir. */
function dataVolume(workload: WorkloadPlan, refs: DeploymentRefs): k8s.types.input.core.v1.Volume {
  if (workload.storage === undefined) return { name: INBOX_VOLUME.name, emptyDir: { sizeLimit: INBOX_VOLUME.sizeLimit } };
  return { name: DATA_VOLUME_NAME, persistentVolumeClaim: { claimName: refs.claimName ?? workload.storage.claimName } };
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
      { name: workload.storage === undefined ? INBOX_VOLUME.name : DATA_VOLUME_NAME, mountPath: INBOX_MOUNT_PATH },
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
