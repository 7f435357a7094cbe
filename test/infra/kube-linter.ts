/**
 * kube-linter's default checks (golang.stackrox.io/kube-linter internal/defaultchecks), written as
 * functions over the declared objects. Each returns the violations it finds; [] passes.
 */
type Json = Record<string, any>;

export interface LintCheck {
  readonly name: string;
  check(objects: readonly Json[]): string[];
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

export function podSpecOf(object: Json): Json | undefined {
  if (object.kind === "Pod") return object.spec;
  if (object.kind === "CronJob") return object.spec?.jobTemplate?.spec?.template?.spec;
  return WORKLOAD_KINDS.has(object.kind) ? object.spec?.template?.spec : undefined;
}

function workloads(objects: readonly Json[]): Array<{ object: Json; pod: Json }> {
  return objects.flatMap((object) => {
    const pod = podSpecOf(object);
    return pod ? [{ object, pod }] : [];
  });
}

function containers(objects: readonly Json[]): Array<{ where: string; container: Json; pod: Json; object: Json }> {
  return workloads(objects).flatMap(({ object, pod }) =>
    [...(pod.initContainers ?? []), ...(pod.containers ?? [])].map((container: Json) => ({
      where: `${object.kind}/${object.metadata?.name}/${container.name}`,
      container,
      pod,
      object,
    })),
  );
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** IANA_SVC_NAME: at most 15 characters, lowercase letters, digits and single inner hyphens, at least one letter. */
const isIanaServiceName = (name: string): boolean =>
  name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--");

const validPort = (port: unknown): boolean =>
  typeof port === "number" ? Number.isInteger(port) && port >= 1 && port <= 65535 : typeof port === "string" && isIanaServiceName(port);

const SECRET_LIKE_NAME = /secret|password|passwd|token|api_?key|private_?key|credential/i;
const SENSITIVE_HOST_PATHS = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var/run/docker.sock"];

function probePort(name: string, probe: "livenessProbe" | "readinessProbe" | "startupProbe"): LintCheck {
  return {
    name,
    check: (objects) =>
      containers(objects).flatMap(({ where, container }) => {
        const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port ?? container[probe]?.grpc?.port;
        if (port === undefined) return [];
        const declared = ((container.ports ?? []) as Json[]).some((p) => p.name === port || p.containerPort === port);
        return declared ? [] : [`${where}: ${probe} port ${port} is not a container port`];
      }),
  };
}

export const KUBE_LINTER_DEFAULT_CHECKS: readonly LintCheck[] = [
  {
    name: "dangling-service",
    check: (objects) =>
      objects
        .filter((o) => o.kind === "Service" && o.spec?.selector)
        .filter((service) => !workloads(objects).some(({ object }) => matches(service.spec.selector, object.spec?.template?.metadata?.labels)))
        .map((service) => `Service/${service.metadata.name}: selects no pods`),
  },
  {
    name: "deprecated-service-account-field",
    check: (objects) => workloads(objects).filter(({ pod }) => pod.serviceAccount !== undefined).map(({ object }) => `${object.metadata.name}: serviceAccount`),
  },
  {
    name: "docker-sock",
    check: (objects) =>
      workloads(objects).flatMap(({ object, pod }) =>
        ((pod.volumes ?? []) as Json[]).filter((v) => String(v.hostPath?.path ?? "").endsWith("docker.sock")).map(() => `${object.metadata.name}: docker.sock`),
      ),
  },
  {
    name: "drop-net-raw-capability",
    check: (objects) =>
      containers(objects)
        .filter(({ container }) => !((container.securityContext?.capabilities?.drop ?? []) as string[]).some((c) => c === "ALL" || c === "NET_RAW"))
        .map(({ where }) => `${where}: NET_RAW not dropped`),
  },
  {
    name: "duplicate-env-var",
    check: (objects) =>
      containers(objects).flatMap(({ where, container }) => {
        const names = ((container.env ?? []) as Json[]).map((e) => e.name as string);
        return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `${where}: ${n} twice`);
      }),
  },
  {
    name: "env-var-secret",
    check: (objects) =>
      containers(objects).flatMap(({ where, container }) =>
        ((container.env ?? []) as Json[]).filter((e) => SECRET_LIKE_NAME.test(e.name) && e.value !== undefined).map((e) => `${where}: ${e.name} has a literal value`),
      ),
  },
  { name: "host-ipc", check: (objects) => workloads(objects).filter(({ pod }) => pod.hostIPC === true).map(({ object }) => object.metadata.name) },
  { name: "host-network", check: (objects) => workloads(objects).filter(({ pod }) => pod.hostNetwork === true).map(({ object }) => object.metadata.name) },
  { name: "host-pid", check: (objects) => workloads(objects).filter(({ pod }) => pod.hostPID === true).map(({ object }) => object.metadata.name) },
  {
    name: "invalid-target-ports",
    check: (objects) => [
      ...objects
        .filter((o) => o.kind === "Service")
        .flatMap((s) => ((s.spec?.ports ?? []) as Json[]).filter((p) => p.targetPort !== undefined && !validPort(p.targetPort)).map((p) => `Service/${s.metadata.name}: targetPort ${p.targetPort}`)),
      ...containers(objects).flatMap(({ where, container }) =>
        ((container.ports ?? []) as Json[]).filter((p) => p.name !== undefined && !isIanaServiceName(p.name)).map((p) => `${where}: port name ${p.name}`),
      ),
    ],
  },
  {
    name: "latest-tag",
    check: (objects) =>
      containers(objects)
        .filter(({ container }) => {
          const image = String(container.image ?? "");
          if (image.includes("@sha256:")) return false;
          const tag = /:([^:/]+)$/.exec(image)?.[1];
          return tag === undefined || tag === "latest";
        })
        .map(({ where, container }) => `${where}: image ${container.image}`),
  },
  probePort("liveness-port", "livenessProbe"),
  {
    name: "mismatching-selector",
    check: (objects) =>
      workloads(objects)
        .filter(({ object }) => object.spec?.selector && !matches(object.spec.selector.matchLabels, object.spec.template?.metadata?.labels))
        .map(({ object }) => `${object.kind}/${object.metadata.name}: selector does not match its pod labels`),
  },
  {
    name: "no-anti-affinity",
    check: (objects) =>
      workloads(objects)
        .filter(({ object }) => (object.spec?.replicas ?? 1) > 1)
        .filter(({ object, pod }) => {
          const terms = [
            ...(pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
            ...(pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: Json) => t.podAffinityTerm),
          ] as Json[];
          return !terms.some(
            (t) => t.topologyKey === "kubernetes.io/hostname" && matches(t.labelSelector?.matchLabels, object.spec.template?.metadata?.labels),
          );
        })
        .map(({ object }) => `${object.metadata.name}: replicas > 1 without host anti-affinity`),
  },
  {
    name: "no-extensions-v1beta",
    check: (objects) => objects.filter((o) => /^extensions\/v1beta1$|^networking\.k8s\.io\/v1beta1$/.test(o.apiVersion)).map((o) => `${o.kind}/${o.metadata?.name}`),
  },
  {
    name: "no-read-only-root-fs",
    check: (objects) =>
      containers(objects).filter(({ container }) => container.securityContext?.readOnlyRootFilesystem !== true).map(({ where }) => where),
  },
  {
    name: "non-existent-service-account",
    check: (objects) => {
      const accounts = new Set(objects.filter((o) => o.kind === "ServiceAccount").map((o) => o.metadata.name as string));
      return workloads(objects)
        .filter(({ pod }) => pod.serviceAccountName !== undefined && pod.serviceAccountName !== "default" && !accounts.has(pod.serviceAccountName))
        .map(({ object, pod }) => `${object.metadata.name}: service account ${pod.serviceAccountName}`);
    },
  },
  {
    name: "pdb-max-unavailable",
    check: (objects) =>
      objects.filter((o) => o.kind === "PodDisruptionBudget" && (o.spec?.maxUnavailable === 0 || o.spec?.maxUnavailable === "0%")).map((o) => o.metadata.name),
  },
  {
    name: "pdb-min-available",
    check: (objects) =>
      objects
        .filter((o) => o.kind === "PodDisruptionBudget" && typeof o.spec?.minAvailable === "number")
        .flatMap((pdb) =>
          workloads(objects)
            .filter(({ object }) => matches(pdb.spec.selector?.matchLabels, object.spec?.template?.metadata?.labels))
            .filter(({ object }) => pdb.spec.minAvailable >= (object.spec?.replicas ?? 1))
            .map(({ object }) => `${pdb.metadata.name}: minAvailable >= replicas of ${object.metadata.name}`),
        ),
  },
  {
    name: "pdb-unhealthy-pod-eviction-policy",
    check: (objects) => objects.filter((o) => o.kind === "PodDisruptionBudget" && !o.spec?.unhealthyPodEvictionPolicy).map((o) => o.metadata.name),
  },
  {
    name: "privilege-escalation-container",
    check: (objects) =>
      containers(objects)
        .filter(({ container }) => {
          const sc = container.securityContext ?? {};
          return sc.allowPrivilegeEscalation !== false || sc.privileged === true || ((sc.capabilities?.add ?? []) as string[]).includes("SYS_ADMIN");
        })
        .map(({ where }) => where),
  },
  {
    name: "privileged-container",
    check: (objects) => containers(objects).filter(({ container }) => container.securityContext?.privileged === true).map(({ where }) => where),
  },
  probePort("readiness-port", "readinessProbe"),
  {
    name: "run-as-non-root",
    check: (objects) =>
      containers(objects)
        .filter(({ container, pod }) => {
          const nonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
          const user = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
          return !(nonRoot === true || (typeof user === "number" && user > 0));
        })
        .map(({ where }) => where),
  },
  {
    name: "sensitive-host-mounts",
    check: (objects) =>
      workloads(objects).flatMap(({ object, pod }) =>
        ((pod.volumes ?? []) as Json[])
          .filter((v) => v.hostPath && SENSITIVE_HOST_PATHS.some((p) => v.hostPath.path === p || v.hostPath.path.startsWith(`${p}/`)))
          .map((v) => `${object.metadata.name}: ${v.hostPath.path}`),
      ),
  },
  {
    name: "ssh-port",
    check: (objects) =>
      containers(objects).flatMap(({ where, container }) => ((container.ports ?? []) as Json[]).filter((p) => p.containerPort === 22).map(() => where)),
  },
  probePort("startup-port", "startupProbe"),
  {
    name: "unsafe-sysctls",
    check: (objects) =>
      workloads(objects).flatMap(({ object, pod }) =>
        ((pod.securityContext?.sysctls ?? []) as Json[]).filter((s) => /^(kernel\.msg|kernel\.sem|kernel\.shm|fs\.mqueue\.|net\.)/.test(s.name)).map((s) => `${object.metadata.name}: ${s.name}`),
      ),
  },
  {
    name: "unset-cpu-requirements",
    check: (objects) =>
      containers(objects).filter(({ container }) => !container.resources?.requests?.cpu || !container.resources?.limits?.cpu).map(({ where }) => where),
  },
  {
    name: "unset-memory-requirements",
    check: (objects) =>
      containers(objects).filter(({ container }) => !container.resources?.requests?.memory || !container.resources?.limits?.memory).map(({ where }) => where),
  },
];
