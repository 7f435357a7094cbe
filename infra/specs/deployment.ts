import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { INBOX_MOUNT_PATH, SERVER_PORT_NAME, type HttpProbePlan, type ServerPlan } from "../../services/fleet/plan.js";
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
export const TMP_VOLUME = { name: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" } as const;

export interface DeploymentRefs {
  readonly namespace: pulumi.Input<string>;
  /** image reference by digest (repository@sha256:...) */
  readonly image: pulumi.Input<string>;
  /** the generated name of the server's Secret */
  readonly secretName: pulumi.Input<string>;
}

export function deploymentSpec(server: ServerPlan, refs: DeploymentRefs): k8s.apps.v1.DeploymentArgs {
  const labels = sortedLabels(server.labels);
  const selector = selectorLabels(server);
  return {
    metadata: { name: server.resourceName, namespace: refs.namespace, labels },
    spec: {
      replicas: server.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      // a new pod must be ready before an old one goes: rollouts never drop capacity
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
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
          containers: [serverContainer(server, refs)],
          volumes: [
            { name: INBOX_VOLUME.name, emptyDir: { sizeLimit: INBOX_VOLUME.sizeLimit } },
            { name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } },
          ],
        },
      },
    },
  };
}

function serverContainer(server: ServerPlan, refs: DeploymentRefs): k8s.types.input.core.v1.Container {
  return {
    name: CONTAINER_NAME,
    image: refs.image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: SERVER_PORT_NAME, containerPort: server.port, protocol: "TCP" }],
    env: Object.keys(server.env)
      .sort()
      .map((name) => ({ name, value: server.env[name] })),
    envFrom: [{ secretRef: { name: refs.secretName } }],
    resources: {
      requests: { cpu: server.resources.requests.cpu, memory: server.resources.requests.memory },
      limits: { cpu: server.resources.limits.cpu, memory: server.resources.limits.memory },
    },
    startupProbe: httpProbe(server.probes.startup),
    livenessProbe: httpProbe(server.probes.liveness),
    readinessProbe: httpProbe(server.probes.readiness),
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
      { name: INBOX_VOLUME.name, mountPath: INBOX_MOUNT_PATH },
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
