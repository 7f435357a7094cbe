/**
 * Every declared Kubernetes object, in both webhook routing modes: valid against the Kubernetes
 * OpenAPI schema (kubernetes-models) and the Gateway API CRD schema (@kubernetes-models/gateway-api),
 * compliant with the restricted Pod Security Standard and clean under kube-linter's default checks.
 * Each policy check is also shown to fire on an object that breaks it.
 */
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { beforeAll, describe, expect, it } from "vitest";
import { KUBE_LINTER_DEFAULT_CHECKS, podSpecOf } from "./kube-linter.js";
import { POD_SECURITY_CONTROLS } from "./pod-security.js";
import { TYPES, kubernetesObjects, manifestOf, runFleet, type FleetRun } from "./harness.js";
import { credentialsFrom, fullCredentialValues, shippedPlan } from "./fixtures.js";

type Json = Record<string, any>;

interface Validatable {
  validate(): void;
}
/** Schema models by Pulumi type token; each validates with the OpenAPI schema it was generated from. */
const MODELS: Record<string, (manifest: Json) => Validatable> = {
  [TYPES.namespace]: (m) => new Namespace(m as ConstructorParameters<typeof Namespace>[0]),
  [TYPES.secret]: (m) => new Secret(m as ConstructorParameters<typeof Secret>[0]),
  [TYPES.pvc]: (m) => new PersistentVolumeClaim(m as ConstructorParameters<typeof PersistentVolumeClaim>[0]),
  [TYPES.deployment]: (m) => new Deployment(m as ConstructorParameters<typeof Deployment>[0]),
  [TYPES.statefulSet]: (m) => new StatefulSet(m as ConstructorParameters<typeof StatefulSet>[0]),
  [TYPES.serviceAccount]: (m) => new ServiceAccount(m as ConstructorParameters<typeof ServiceAccount>[0]),
  [TYPES.service]: (m) => new Service(m as ConstructorParameters<typeof Service>[0]),
  [TYPES.pdb]: (m) => new PodDisruptionBudget(m as ConstructorParameters<typeof PodDisruptionBudget>[0]),
  [TYPES.networkPolicy]: (m) => new NetworkPolicy(m as ConstructorParameters<typeof NetworkPolicy>[0]),
  [TYPES.ingress]: (m) => new Ingress(m as ConstructorParameters<typeof Ingress>[0]),
  [TYPES.httpRoute]: (m) => new HTTPRoute(m as ConstructorParameters<typeof HTTPRoute>[0]),
};

const runs: Record<"gateway" | "ingress", FleetRun> = {} as Record<"gateway" | "ingress", FleetRun>;
const manifests = (mode: "gateway" | "ingress"): Json[] => kubernetesObjects(runs[mode]).map((r) => manifestOf(r) as Json);
const clone = <T>(value: T): T => structuredClone(value);

beforeAll(async () => {
  for (const mode of ["gateway", "ingress"] as const) {
    const plan = shippedPlan({ webhookRouting: mode });
    runs[mode] = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
  }
});

describe.each(["gateway", "ingress"] as const)("OpenAPI schema validation (%s routing)", (mode) => {
  it("validates every declared Kubernetes object against its schema", () => {
    const objects = kubernetesObjects(runs[mode]);
    expect(objects.length).toBeGreaterThan(80);
    for (const resource of objects) {
      const model = MODELS[resource.type];
      expect(model, `no schema model for ${resource.type}`).toBeDefined();
      expect(() => model!(manifestOf(resource)).validate(), `${resource.type} ${resource.name}`).not.toThrow();
    }
  });
});

describe("the schema validators reject what the API server would", () => {
  it("rejects a Deployment whose container port is a string", () => {
    const deployment = clone(manifests("gateway").find((m) => m.kind === "Deployment")!);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = "9003";
    expect(() => MODELS[TYPES.deployment]!(deployment).validate()).toThrow(/containerPort/);
  });

  it("rejects an HTTPRoute with an unknown path match type", () => {
    const route = clone(manifests("gateway").find((m) => m.kind === "HTTPRoute")!);
    route.spec.rules[0].matches[0].path.type = "Prefix";
    expect(() => MODELS[TYPES.httpRoute]!(route).validate()).toThrow(/type/);
  });

  it("rejects a StatefulSet whose claim template asks for a storage size that is not a quantity", () => {
    const statefulSet = clone(manifests("gateway").find((m) => m.kind === "StatefulSet")!);
    statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage = "one gigabyte";
    expect(() => MODELS[TYPES.statefulSet]!(statefulSet).validate()).toThrow(/storage/);
  });

  it("rejects a PersistentVolumeClaim whose storage request is not a quantity", () => {
    const claim = clone(manifests("gateway").find((m) => m.kind === "PersistentVolumeClaim")!);
    claim.spec.resources.requests.storage = "ten gigabytes";
    expect(() => MODELS[TYPES.pvc]!(claim).validate()).toThrow(/storage/);
  });

  it("rejects an Ingress path without a pathType", () => {
    const ingress = clone(manifests("ingress").find((m) => m.kind === "Ingress")!);
    delete ingress.spec.rules[0].http.paths[0].pathType;
    expect(() => MODELS[TYPES.ingress]!(ingress).validate()).toThrow(/pathType/);
  });
});

/** a pod per server and per sync runner of the shipped plan */
const shippedPodCount = (): number => {
  const plan = shippedPlan();
  return plan.servers.length + plan.servers.filter((s) => s.syncRunner).length;
};

describe("restricted Pod Security Standard", () => {
  const pods = (): Array<[string, Json]> =>
    manifests("gateway").flatMap((m) => {
      const pod = podSpecOf(m);
      return pod ? [[m.metadata.name as string, pod] as [string, Json]] : [];
    });

  it.each(POD_SECURITY_CONTROLS.map((c) => [c.name, c] as const))("control %s: every pod passes", (_name, control) => {
    // every server and every sync runner the plan has (test/fleet/plan.test.ts lists which)
    expect(pods()).toHaveLength(shippedPodCount());
    for (const [name, pod] of pods()) expect(control.check(pod), name).toEqual([]);
  });

  const violations: Record<string, (pod: Json) => void> = {
    HostProcess: (pod) => (pod.securityContext.windowsOptions = { hostProcess: true }),
    "Host Namespaces": (pod) => (pod.hostNetwork = true),
    "Privileged Containers": (pod) => (pod.containers[0].securityContext.privileged = true),
    "Capabilities (baseline)": (pod) => (pod.containers[0].securityContext.capabilities.add = ["SYS_ADMIN"]),
    "HostPath Volumes": (pod) => pod.volumes.push({ name: "host", hostPath: { path: "/var/log" } }),
    "Host Ports": (pod) => (pod.containers[0].ports[0].hostPort = 9003),
    AppArmor: (pod) => (pod.securityContext.appArmorProfile = { type: "Unconfined" }),
    SELinux: (pod) => (pod.securityContext.seLinuxOptions = { type: "spc_t" }),
    "/proc Mount Type": (pod) => (pod.containers[0].securityContext.procMount = "Unmasked"),
    "Seccomp (baseline)": (pod) => (pod.containers[0].securityContext.seccompProfile = { type: "Unconfined" }),
    Sysctls: (pod) => (pod.securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }]),
    "Volume Types": (pod) => pod.volumes.push({ name: "nfs", nfs: { server: "nfs", path: "/" } }),
    "Privilege Escalation": (pod) => delete pod.containers[0].securityContext.allowPrivilegeEscalation,
    "Running as Non-root": (pod) => (pod.containers[0].securityContext.runAsNonRoot = false),
    "Running as Non-root user": (pod) => (pod.containers[0].securityContext.runAsUser = 0),
    "Seccomp (restricted)": (pod) => {
      delete pod.securityContext.seccompProfile;
      delete pod.containers[0].securityContext.seccompProfile;
    },
    "Capabilities (restricted)": (pod) => (pod.containers[0].securityContext.capabilities = { drop: ["NET_RAW"] }),
  };

  it.each(POD_SECURITY_CONTROLS.map((c) => [c.name, c] as const))("control %s: fires on a pod that breaks it", (name, control) => {
    const pod = clone(pods()[0]![1]);
    const breakIt = violations[name];
    expect(breakIt, `no violation written for ${name}`).toBeDefined();
    breakIt!(pod);
    expect(control.check(pod)).not.toEqual([]);
  });
});

describe.each(["gateway", "ingress"] as const)("kube-linter default checks (%s routing)", (mode) => {
  it.each(KUBE_LINTER_DEFAULT_CHECKS.map((c) => [c.name, c] as const))("%s passes", (_name, check) => {
    expect(check.check(manifests(mode))).toEqual([]);
  });
});

describe("kube-linter checks fire on objects that break them", () => {
  // slack's server: a StatefulSet of two replicas (its sync runner is a one-pod Deployment)
  const deploymentOf = (objects: Json[]): Json => objects.find((o) => o.kind === "StatefulSet")!;
  const containerOf = (objects: Json[]): Json => deploymentOf(objects).spec.template.spec.containers[0];
  const breakers: Record<string, (objects: Json[]) => void> = {
    "dangling-service": (o) => (o.find((x) => x.kind === "Service")!.spec.selector = { "app.kubernetes.io/name": "nothing" }),
    "deprecated-service-account-field": (o) => (deploymentOf(o).spec.template.spec.serviceAccount = "legacy"),
    "docker-sock": (o) => deploymentOf(o).spec.template.spec.volumes.push({ name: "d", hostPath: { path: "/var/run/docker.sock" } }),
    "drop-net-raw-capability": (o) => (containerOf(o).securityContext.capabilities = { drop: ["CHOWN"] }),
    "duplicate-env-var": (o) => containerOf(o).env.push({ name: "MCP_PORT", value: "1" }),
    "env-var-secret": (o) => containerOf(o).env.push({ name: "SLACK_SIGNING_SECRET", value: "literal" }),
    "host-ipc": (o) => (deploymentOf(o).spec.template.spec.hostIPC = true),
    "host-network": (o) => (deploymentOf(o).spec.template.spec.hostNetwork = true),
    "host-pid": (o) => (deploymentOf(o).spec.template.spec.hostPID = true),
    "invalid-target-ports": (o) => (o.find((x) => x.kind === "Service")!.spec.ports[0].targetPort = "mcp-server-port-name"),
    "latest-tag": (o) => (containerOf(o).image = "registry.test/sophia/mcp-slack:latest"),
    "liveness-port": (o) => (containerOf(o).livenessProbe.httpGet.port = "http"),
    "mismatching-selector": (o) => (deploymentOf(o).spec.selector.matchLabels = { "app.kubernetes.io/name": "other" }),
    "no-anti-affinity": (o) => delete deploymentOf(o).spec.template.spec.affinity,
    "no-extensions-v1beta": (o) => (o.find((x) => x.kind === "Ingress" || x.kind === "Deployment")!.apiVersion = "extensions/v1beta1"),
    "no-read-only-root-fs": (o) => (containerOf(o).securityContext.readOnlyRootFilesystem = false),
    "non-existent-service-account": (o) => (deploymentOf(o).spec.template.spec.serviceAccountName = "ghost"),
    "pdb-max-unavailable": (o) => (o.find((x) => x.kind === "PodDisruptionBudget")!.spec.maxUnavailable = 0),
    "pdb-min-available": (o) => {
      const pdb = o.find((x) => x.kind === "PodDisruptionBudget")!;
      delete pdb.spec.maxUnavailable;
      pdb.spec.minAvailable = 2;
    },
    "pdb-unhealthy-pod-eviction-policy": (o) => delete o.find((x) => x.kind === "PodDisruptionBudget")!.spec.unhealthyPodEvictionPolicy,
    "privilege-escalation-container": (o) => (containerOf(o).securityContext.allowPrivilegeEscalation = true),
    "privileged-container": (o) => (containerOf(o).securityContext.privileged = true),
    "readiness-port": (o) => (containerOf(o).readinessProbe.httpGet.port = 8080),
    "run-as-non-root": (o) => {
      delete deploymentOf(o).spec.template.spec.securityContext.runAsNonRoot;
      delete deploymentOf(o).spec.template.spec.securityContext.runAsUser;
      delete containerOf(o).securityContext.runAsNonRoot;
      delete containerOf(o).securityContext.runAsUser;
    },
    "sensitive-host-mounts": (o) => deploymentOf(o).spec.template.spec.volumes.push({ name: "etc", hostPath: { path: "/etc" } }),
    "ssh-port": (o) => containerOf(o).ports.push({ name: "ssh", containerPort: 22 }),
    "startup-port": (o) => (containerOf(o).startupProbe.httpGet.port = "admin"),
    "unsafe-sysctls": (o) => (deploymentOf(o).spec.template.spec.securityContext.sysctls = [{ name: "net.core.somaxconn", value: "1024" }]),
    "unset-cpu-requirements": (o) => delete containerOf(o).resources.limits.cpu,
    "unset-memory-requirements": (o) => delete containerOf(o).resources.requests.memory,
  };

  it.each(KUBE_LINTER_DEFAULT_CHECKS.map((c) => [c.name, c] as const))("%s", (name, check) => {
    // one server's objects only, so a breakage cannot hide behind another server's objects
    const all = manifests("ingress");
    const objects = clone(all.filter((o) => o.metadata?.labels?.["sophia.ai/platform"] === "slack"));
    const breakIt = breakers[name];
    expect(breakIt, `no breaking change written for ${name}`).toBeDefined();
    breakIt!(objects);
    expect(check.check(objects)).not.toEqual([]);
  });
});
