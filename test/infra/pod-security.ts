/**
 * The restricted Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards,
 * "latest"), one function per control, each returning the violations it finds in a pod spec.
 * Restricted includes every baseline control.
 */
type Json = Record<string, any>;

export interface Control {
  readonly profile: "baseline" | "restricted";
  readonly name: string;
  check(pod: Json): string[];
}

const containersOf = (pod: Json): Json[] => [
  ...(pod.containers ?? []),
  ...(pod.initContainers ?? []),
  ...(pod.ephemeralContainers ?? []),
];

const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const RESTRICTED_VOLUME_TYPES = new Set([
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
]);
const SELINUX_TYPES = new Set([undefined, "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function eachContext(pod: Json, visit: (context: Json | undefined, where: string) => string[]): string[] {
  return [
    ...visit(pod.securityContext, "pod"),
    ...containersOf(pod).flatMap((c) => visit(c.securityContext, `container ${c.name}`)),
  ];
}

export const POD_SECURITY_CONTROLS: readonly Control[] = [
  {
    profile: "baseline",
    name: "HostProcess",
    check: (pod) => eachContext(pod, (sc, where) => (sc?.windowsOptions?.hostProcess === true ? [`${where}: hostProcess`] : [])),
  },
  {
    profile: "baseline",
    name: "Host Namespaces",
    check: (pod) => ["hostNetwork", "hostPID", "hostIPC"].filter((field) => pod[field] === true),
  },
  {
    profile: "baseline",
    name: "Privileged Containers",
    check: (pod) => containersOf(pod).filter((c) => c.securityContext?.privileged === true).map((c) => `${c.name}: privileged`),
  },
  {
    profile: "baseline",
    name: "Capabilities (baseline)",
    check: (pod) =>
      containersOf(pod).flatMap((c) =>
        ((c.securityContext?.capabilities?.add ?? []) as string[]).filter((cap) => !BASELINE_CAPABILITIES.has(cap)).map((cap) => `${c.name}: adds ${cap}`),
      ),
  },
  {
    profile: "baseline",
    name: "HostPath Volumes",
    check: (pod) => ((pod.volumes ?? []) as Json[]).filter((v) => v.hostPath !== undefined).map((v) => `volume ${v.name}: hostPath`),
  },
  {
    profile: "baseline",
    name: "Host Ports",
    check: (pod) =>
      containersOf(pod).flatMap((c) => ((c.ports ?? []) as Json[]).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => `${c.name}: hostPort ${p.hostPort}`)),
  },
  {
    profile: "baseline",
    name: "AppArmor",
    check: (pod) =>
      eachContext(pod, (sc, where) => {
        const type = sc?.appArmorProfile?.type;
        return type === undefined || type === "RuntimeDefault" || type === "Localhost" ? [] : [`${where}: appArmorProfile ${type}`];
      }),
  },
  {
    profile: "baseline",
    name: "SELinux",
    check: (pod) =>
      eachContext(pod, (sc, where) => {
        const options = sc?.seLinuxOptions;
        if (!options) return [];
        const problems: string[] = [];
        if (!SELINUX_TYPES.has(options.type)) problems.push(`${where}: seLinuxOptions.type ${options.type}`);
        if (options.user) problems.push(`${where}: seLinuxOptions.user set`);
        if (options.role) problems.push(`${where}: seLinuxOptions.role set`);
        return problems;
      }),
  },
  {
    profile: "baseline",
    name: "/proc Mount Type",
    check: (pod) =>
      containersOf(pod).filter((c) => ![undefined, "Default"].includes(c.securityContext?.procMount)).map((c) => `${c.name}: procMount`),
  },
  {
    profile: "baseline",
    name: "Seccomp (baseline)",
    check: (pod) => eachContext(pod, (sc, where) => (sc?.seccompProfile?.type === "Unconfined" ? [`${where}: seccomp Unconfined`] : [])),
  },
  {
    profile: "baseline",
    name: "Sysctls",
    check: (pod) => ((pod.securityContext?.sysctls ?? []) as Json[]).filter((s) => !SAFE_SYSCTLS.has(s.name)).map((s) => `sysctl ${s.name}`),
  },
  {
    profile: "restricted",
    name: "Volume Types",
    check: (pod) =>
      ((pod.volumes ?? []) as Json[]).flatMap((v) =>
        Object.keys(v)
          .filter((key) => key !== "name" && !RESTRICTED_VOLUME_TYPES.has(key))
          .map((key) => `volume ${v.name}: ${key}`),
      ),
  },
  {
    profile: "restricted",
    name: "Privilege Escalation",
    check: (pod) =>
      containersOf(pod).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => `${c.name}: allowPrivilegeEscalation is not false`),
  },
  {
    profile: "restricted",
    name: "Running as Non-root",
    check: (pod) => {
      const podLevel = pod.securityContext?.runAsNonRoot === true;
      return containersOf(pod)
        .filter((c) => c.securityContext?.runAsNonRoot === false || (!podLevel && c.securityContext?.runAsNonRoot !== true))
        .map((c) => `${c.name}: runAsNonRoot not true`);
    },
  },
  {
    profile: "restricted",
    name: "Running as Non-root user",
    check: (pod) => eachContext(pod, (sc, where) => (sc?.runAsUser === 0 ? [`${where}: runAsUser 0`] : [])),
  },
  {
    profile: "restricted",
    name: "Seccomp (restricted)",
    check: (pod) => {
      const allowed = (sc: Json | undefined): boolean => ["RuntimeDefault", "Localhost"].includes(sc?.seccompProfile?.type);
      const podLevel = allowed(pod.securityContext);
      return containersOf(pod)
        .filter((c) => {
          const type = c.securityContext?.seccompProfile?.type;
          return type === undefined ? !podLevel : !allowed(c.securityContext);
        })
        .map((c) => `${c.name}: seccomp profile not RuntimeDefault/Localhost`);
    },
  },
  {
    profile: "restricted",
    name: "Capabilities (restricted)",
    check: (pod) =>
      containersOf(pod).flatMap((c) => {
        const caps = c.securityContext?.capabilities ?? {};
        const problems: string[] = [];
        if (!((caps.drop ?? []) as string[]).includes("ALL")) problems.push(`${c.name}: does not drop ALL`);
        for (const cap of (caps.add ?? []) as string[]) if (cap !== "NET_BIND_SERVICE") problems.push(`${c.name}: adds ${cap}`);
        return problems;
      }),
  },
];
