/**
 * The whole program for the shipped fleet under Pulumi runtime mocks: what it declares, with
 * which inputs, for every server.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { INBOX_MOUNT_PATH, SERVER_PORT_NAME, type DeploymentPlan, type SyncRunnerPlan, type WorkloadPlan } from "../../services/fleet/plan.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../services/fleet/load.js";
import { FLEET_VERSION } from "../../services/fleet/version.js";
import { FLEET_VARIABLE_NAMES } from "../../infra/credentials.js";
import { selectorLabels } from "../../infra/specs/metadata.js";
import { TYPES, byName, fakeDigest, isSecretValue, kubernetesObjects, manifestOf, ofType, runFleet, valueOf, workloadOf, type FleetRun } from "./harness.js";
import { allCanaries, credentialsFrom, fullCredentialValues, shippedPlan, type CredentialValues } from "./fixtures.js";

type Json = Record<string, any>; // manifests are inspected structurally; the schema tests type-check them

const packageVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
let plan: DeploymentPlan;
let values: CredentialValues;
let run: FleetRun;

beforeAll(async () => {
  plan = shippedPlan();
  values = fullCredentialValues(plan);
  run = await runFleet({ plan, credentials: credentialsFrom(values) });
});

const workload = (w: WorkloadPlan): Json => manifestOf(workloadOf(run, w.resourceName)) as Json;
const pod = (w: WorkloadPlan): Json => workload(w).spec.template;
const container = (workload: WorkloadPlan): Json => pod(workload).spec.containers[0];
const runners = (): SyncRunnerPlan[] => plan.servers.flatMap((s) => (s.syncRunner ? [s.syncRunner] : []));
/** the container's env: plain values and Downward API references apart */
const plainEnv = (c: Json): Record<string, string> => Object.fromEntries(c.env.filter((e: Json) => e.value !== undefined).map((e: Json) => [e.name, e.value]));
const fieldEnv = (c: Json): Record<string, string> =>
  Object.fromEntries(c.env.filter((e: Json) => e.valueFrom !== undefined).map((e: Json) => [e.name, e.valueFrom.fieldRef.fieldPath]));

describe("the program for the shipped fleet", () => {
  it("declares one namespace and, per enabled server, an image, ServiceAccount, Secret, workload, Service, PDB and NetworkPolicy", () => {
    const names = plan.servers.map((s) => s.resourceName).sort();
    const receivers = plan.servers.filter((s) => s.webhook).map((s) => s.resourceName).sort();
    const stateless = plan.servers.filter((s) => !s.webhook).map((s) => s.resourceName).sort();
    const runnerNames = runners().map((r) => r.resourceName).sort();
    expect(plan.servers).toHaveLength(16);
    // which integrations get a runner is the plan's decision (listed in test/fleet/plan.test.ts)
    expect(runnerNames).toEqual(plan.servers.filter((s) => s.syncRunner).map((s) => `${s.resourceName}-sync`).sort());
    expect(runnerNames.length).toBeGreaterThan(4);
    expect(ofType(run, TYPES.namespace).map((r) => r.name)).toEqual(["sophia-mcp"]);
    for (const type of [TYPES.service, TYPES.pdb, TYPES.image, TYPES.mcpServer, TYPES.serverImage, TYPES.serviceAccount]) {
      expect(ofType(run, type).map((r) => r.name), type).toEqual(names);
    }
    // servers that receive webhooks are StatefulSets (an inbox claim per pod), the rest Deployments
    expect(receivers.length).toBeGreaterThan(5);
    expect(stateless.length).toBeGreaterThan(2);
    expect(ofType(run, TYPES.statefulSet).map((r) => r.name)).toEqual(receivers);
    // a sync runner has a Deployment and a NetworkPolicy of its own, and no Service or PDB
    expect(ofType(run, TYPES.deployment).map((r) => r.name)).toEqual([...stateless, ...runnerNames].sort());
    expect(ofType(run, TYPES.networkPolicy).map((r) => r.name)).toEqual([...names, ...runnerNames].sort());
    expect(ofType(run, TYPES.syncRunner).map((r) => r.name)).toEqual(runnerNames);
    expect(ofType(run, TYPES.pvc).map((r) => r.name)).toEqual([...runnerNames.map((n) => `${n}-checkpoints`), "mcp-memory-data"].sort());
    expect(ofType(run, TYPES.secret).map((r) => r.name)).toEqual(names.map((n) => `${n}-credentials`));
    const webhookNames = plan.servers.filter((s) => s.webhook).map((s) => s.resourceName).sort();
    expect(ofType(run, TYPES.httpRoute).map((r) => r.name)).toEqual(webhookNames);
    expect(ofType(run, TYPES.ingress)).toEqual([]);
    // per server 9 (image and its component, ServiceAccount, Secret, workload, Service, PDB, NetworkPolicy, component),
    // per runner 4 (component, claim, Deployment, NetworkPolicy), the memory claim, the routes component
    expect(run.resources).toHaveLength(1 + plan.servers.length * 9 + runnerNames.length * 4 + 1 + 1 + webhookNames.length);
  });

  it("puts every namespaced object in the fleet namespace and labels it with its workload's labels", () => {
    const workloads = [...plan.servers, ...runners()].sort((a, b) => b.resourceName.length - a.resourceName.length);
    for (const resource of kubernetesObjects(run).filter((r) => r.type !== TYPES.namespace)) {
      const metadata = (manifestOf(resource) as Json).metadata;
      expect(metadata.namespace, resource.name).toBe("sophia-mcp");
      // the longest matching name: mcp-slack-sync-checkpoints belongs to mcp-slack-sync, not mcp-slack
      const workload = workloads.find((w) => resource.name.startsWith(w.resourceName));
      expect(metadata.labels, resource.name).toEqual(workload!.labels);
    }
    for (const server of plan.servers) expect(pod(server).metadata.labels).toEqual(server.labels);
    for (const runner of runners()) expect(pod(runner).metadata.labels).toEqual(runner.labels);
  });

  it("names workloads, ServiceAccounts, Services, PDBs and NetworkPolicies after the server and leaves Secrets to auto-naming", () => {
    for (const server of plan.servers) {
      expect(workload(server).metadata.name).toBe(server.resourceName);
      for (const type of [TYPES.serviceAccount, TYPES.service, TYPES.pdb, TYPES.networkPolicy]) {
        expect((manifestOf(byName(run, type, server.resourceName)) as Json).metadata.name).toBe(server.resourceName);
      }
      expect((manifestOf(byName(run, TYPES.secret, `${server.resourceName}-credentials`)) as Json).metadata.name).toBeUndefined();
    }
  });

  it("builds each image from images/Dockerfile and its server's bundle alone, and runs it by digest, never by tag", () => {
    for (const server of plan.servers) {
      const image = manifestOf(byName(run, TYPES.image, server.resourceName)) as Json;
      expect(image.imageName).toBe(`registry.test/sophia/${server.resourceName}:prod`);
      expect(image.build).toEqual({
        context: `dist/servers/${server.platform}`,
        dockerfile: "images/Dockerfile",
        target: "server",
        platform: "linux/amd64",
      });
      expect(image.skipPush).toBe(false);
      expect(container(server).image).toBe(fakeDigest(image.imageName, image.build));
      expect(container(server).image).toMatch(/^registry\.test\/sophia\/mcp-[a-z-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it("runs the container on the plan's port with the plan's probes and resources", () => {
    for (const server of plan.servers) {
      const c = container(server);
      expect(c.ports).toEqual([{ name: SERVER_PORT_NAME, containerPort: server.port, protocol: "TCP" }]);
      expect(c.livenessProbe.httpGet).toEqual({ path: "/healthz", port: SERVER_PORT_NAME, scheme: "HTTP" });
      expect(c.readinessProbe.httpGet).toEqual({ path: "/readyz", port: SERVER_PORT_NAME, scheme: "HTTP" });
      expect(c.startupProbe.httpGet.path).toBe(server.probes.startup.path);
      expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBe(
        server.probes.startup.failureThreshold * server.probes.startup.periodSeconds,
      );
      expect(c.resources).toEqual({ requests: server.resources.requests, limits: server.resources.limits });
      expect(workload(server).spec.replicas).toBe(server.replicas);
    }
  });

  it("locks the pod down: non-root 10001, read-only root, no escalation, no capabilities, RuntimeDefault seccomp, no token", () => {
    for (const server of plan.servers) {
      const spec = pod(server).spec;
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        // the volume is chowned once, not on every start
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container(server).securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      // the server delivers its inbox for MCP_SHUTDOWN_GRACE_MS after SIGTERM, inside the grace period
      const deliverMs = Number(server.env.MCP_SHUTDOWN_GRACE_MS);
      const preStopMs = container(server).lifecycle.preStop.sleep.seconds * 1000;
      expect(deliverMs).toBeGreaterThan(0);
      expect(preStopMs + deliverMs).toBeLessThan(spec.terminationGracePeriodSeconds * 1000);
    }
  });

  it("runs each server as its own ServiceAccount, which mounts no token (its sync runner as the same one)", () => {
    for (const server of plan.servers) {
      const account = manifestOf(byName(run, TYPES.serviceAccount, server.resourceName)) as Json;
      expect(account).toEqual({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: server.resourceName, namespace: "sophia-mcp", labels: server.labels },
        automountServiceAccountToken: false,
      });
      expect(pod(server).spec.serviceAccountName).toBe(server.resourceName);
      if (server.syncRunner) expect(pod(server.syncRunner).spec.serviceAccountName).toBe(server.resourceName);
      // no registry credentials and no imagePullSecrets setting: the nodes' own pull access
      expect(pod(server).spec.imagePullSecrets).toBeUndefined();
    }
    expect(ofType(run, TYPES.secret).filter((r) => (manifestOf(r) as Json).type !== "Opaque")).toEqual([]);
  });

  it("mounts an emptyDir at the data path of servers that receive no webhooks and a small emptyDir at /tmp, the only writable places", () => {
    const stateless = plan.servers.filter((s) => s.platform !== "memory" && !s.webhook);
    expect(stateless.length).toBeGreaterThan(2);
    for (const server of stateless) {
      const spec = pod(server).spec;
      expect(spec.volumes).toEqual([
        { name: "inbox", emptyDir: { sizeLimit: "1Gi" } },
        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
      ]);
      expect(container(server).volumeMounts).toEqual([
        { name: "inbox", mountPath: INBOX_MOUNT_PATH },
        { name: "tmp", mountPath: "/tmp" },
      ]);
      expect(server.env.INBOX_DIR!.startsWith(`${INBOX_MOUNT_PATH}/`)).toBe(true);
      expect(workloadOf(run, server.resourceName).type).toBe(TYPES.deployment);
      expect(workload(server).spec.strategy).toEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      });
    }
  });

  it("gives every server that receives webhooks an inbox claim per pod that outlives pods, scale-downs and the StatefulSet", () => {
    const receivers = plan.servers.filter((s) => s.webhook);
    for (const server of receivers) {
      const set = workload(server);
      expect(workloadOf(run, server.resourceName).type).toBe(TYPES.statefulSet);
      expect(set.spec.replicas).toBe(server.replicas);
      expect(set.spec.serviceName).toBe(server.resourceName);
      expect(set.spec.podManagementPolicy).toBe("Parallel");
      expect(set.spec.updateStrategy).toEqual({ type: "RollingUpdate" });
      expect(set.spec.selector).toEqual({ matchLabels: selectorLabels(server) });
      expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
      const { "app.kubernetes.io/version": version, "sophia.ai/port": port, ...stable } = server.labels;
      expect([version, port]).toEqual([expect.any(String), String(server.port)]);
      expect(set.spec.volumeClaimTemplates).toEqual([
        { metadata: { name: "inbox", labels: stable }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
      ]);
      // the template's claim is mounted at the data directory; no pod volume stands in for it
      expect(pod(server).spec.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }]);
      expect(container(server).volumeMounts).toEqual([
        { name: "inbox", mountPath: INBOX_MOUNT_PATH },
        { name: "tmp", mountPath: "/tmp" },
      ]);
      expect(server.env.INBOX_DIR).toBe(`${INBOX_MOUNT_PATH}/inbox`);
    }
  });

  it("declares every claim and the namespace with retainOnDelete, and nothing else", () => {
    const retained = run.resources.filter((r) => r.retainOnDelete).map((r) => `${r.type}::${r.name}`);
    expect(retained.sort()).toEqual(
      [`${TYPES.namespace}::sophia-mcp`, ...ofType(run, TYPES.pvc).map((r) => `${TYPES.pvc}::${r.name}`)].sort(),
    );
    expect(retained).toContain(`${TYPES.pvc}::mcp-memory-data`);
  });

  it("keeps the memory store on a claim: one pod, Recreate, the claim mounted at the data directory", () => {
    const memory = plan.servers.find((s) => s.platform === "memory")!;
    expect(workloadOf(run, memory.resourceName).type).toBe(TYPES.deployment);
    const deployment = workload(memory);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
    expect(pod(memory).spec.volumes).toEqual([
      { name: "data", persistentVolumeClaim: { claimName: "mcp-memory-data" } },
      { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
    ]);
    expect(container(memory).volumeMounts).toEqual([
      { name: "data", mountPath: INBOX_MOUNT_PATH },
      { name: "tmp", mountPath: "/tmp" },
    ]);
    const claim = manifestOf(byName(run, TYPES.pvc, "mcp-memory-data")) as Json;
    expect(claim.metadata.name).toBe("mcp-memory-data");
    expect(claim.metadata.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
    expect(claim.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } });
  });

  it("runs each integration's syncs in one sync runner: its own claim, MCP_SYNC=on, selected by no Service or PDB", async () => {
    const secretNames = await Promise.all(run.program.servers.map((s) => valueOf(s.secretName)));
    for (const [index, server] of plan.servers.entries()) {
      const runner = server.syncRunner;
      expect(server.env.MCP_SYNC, server.platform).toBe("off");
      if (!runner) continue;
      const deployment = manifestOf(byName(run, TYPES.deployment, runner.resourceName)) as Json;
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
      expect(pod(runner).metadata.labels["app.kubernetes.io/component"]).toBe("sync");
      expect(pod(runner).spec.volumes[0]).toEqual({ name: "data", persistentVolumeClaim: { claimName: `${runner.resourceName}-checkpoints` } });
      expect(container(runner).volumeMounts[0]).toEqual({ name: "data", mountPath: INBOX_MOUNT_PATH });
      const claim = manifestOf(byName(run, TYPES.pvc, `${runner.resourceName}-checkpoints`)) as Json;
      expect(claim.spec.resources.requests.storage).toBe("1Gi");
      // the same image, Secret, probes, resources and security context as the server
      const c = container(runner);
      const s = container(server);
      expect(c.image).toBe(s.image);
      expect(c.envFrom).toEqual([{ secretRef: { name: secretNames[index] } }]);
      for (const field of ["ports", "livenessProbe", "readinessProbe", "startupProbe", "resources", "securityContext"]) expect(c[field], field).toEqual(s[field]);
      expect(pod(runner).spec.securityContext).toEqual(pod(server).spec.securityContext);
      expect(plainEnv(c)).toEqual(runner.env);
      expect(plainEnv(c)).toMatchObject({ MCP_SYNC: "on", MCP_API_RATE_DIVISOR: "2", MCP_INTEGRATION: server.env.MCP_INTEGRATION });
      // nothing that carries traffic selects it
      for (const type of [TYPES.service, TYPES.pdb]) {
        for (const object of ofType(run, type).map((r) => manifestOf(r) as Json)) {
          const selector = object.spec.selector.matchLabels ?? object.spec.selector;
          const selects = Object.entries(selector as Record<string, string>).every(([k, v]) => pod(runner).metadata.labels[k] === v);
          expect(selects, `${type} ${object.metadata.name} selects ${runner.resourceName}`).toBe(false);
        }
      }
    }
  });

  it("lets a sync runner call out as its server does and admits no traffic to it", () => {
    for (const server of plan.servers) {
      if (!server.syncRunner) continue;
      const policy = manifestOf(byName(run, TYPES.networkPolicy, server.syncRunner.resourceName)) as Json;
      const serverPolicy = manifestOf(byName(run, TYPES.networkPolicy, server.resourceName)) as Json;
      expect(policy.spec.podSelector).toEqual({ matchLabels: selectorLabels(server.syncRunner) });
      expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
      expect(policy.spec.ingress).toEqual([]);
      expect(policy.spec.egress).toEqual(serverPolicy.spec.egress);
    }
  });

  it("passes the plan's environment as plain values and every secret through the server's own Secret", async () => {
    const canaries = allCanaries(values);
    const secretNames = await Promise.all(run.program.servers.map((s) => valueOf(s.secretName)));
    for (const [index, server] of plan.servers.entries()) {
      const c = container(server);
      expect(plainEnv(c)).toEqual(server.env);
      // the namespace from the Downward API, so the runtime accepts its in-cluster Service names
      expect(fieldEnv(c)).toEqual({ POD_NAMESPACE: "metadata.namespace" });
      expect(c.env).toHaveLength(Object.keys(server.env).length + 1);
      for (const entry of c.env) expect(canaries.some((v) => String(entry.value).includes(v))).toBe(false);
      expect(c.envFrom).toEqual([{ secretRef: { name: secretNames[index] } }]);
      expect(secretNames[index]).toMatch(new RegExp(`^${server.resourceName}-credentials-[0-9a-f]{8}$`));
    }
  });

  it("gives each Secret only its own integration's variables plus the fleet-wide ones, marked secret", () => {
    for (const server of plan.servers) {
      const declared = byName(run, TYPES.secret, `${server.resourceName}-credentials`);
      expect(isSecretValue(declared.inputs.stringData)).toBe(true);
      const secret = manifestOf(declared) as Json;
      expect(secret.immutable).toBe(true);
      expect(secret.type).toBe("Opaque");
      const expected = { ...values[server.platform], ...values.fleet };
      expect(secret.stringData).toEqual(expected);
      expect(Object.keys(secret.stringData)).toEqual(Object.keys(secret.stringData).sort());
      for (const name of Object.keys(secret.stringData)) {
        expect([...server.secrets.required, ...server.secrets.optional, ...FLEET_VARIABLE_NAMES]).toContain(name);
      }
    }
  });

  it("exposes each server on a ClusterIP Service, port named mcp, selecting exactly its pods", () => {
    for (const server of plan.servers) {
      const service = manifestOf(byName(run, TYPES.service, server.resourceName)) as Json;
      expect(service.spec).toEqual({
        type: "ClusterIP",
        selector: selectorLabels(server),
        ports: [{ name: "mcp", port: server.port, targetPort: "mcp", protocol: "TCP", appProtocol: "http" }],
      });
      expect(server.mcpUrl).toBe(`http://${server.resourceName}.sophia-mcp.svc.cluster.local:${server.port}/mcp`);
    }
  });

  it("limits disruption to one pod per server at a time", () => {
    for (const server of plan.servers) {
      const pdb = manifestOf(byName(run, TYPES.pdb, server.resourceName)) as Json;
      expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selectorLabels(server) }, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    }
  });

  it("labels the namespace with the recommended labels and to enforce the restricted Pod Security Standard", () => {
    const ns = manifestOf(ofType(run, TYPES.namespace)[0]!) as Json;
    expect(ns.metadata.labels).toEqual({
      "app.kubernetes.io/component": "namespace",
      "app.kubernetes.io/instance": "sophia-mcp-sophia-mcp",
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/name": "sophia-mcp",
      "app.kubernetes.io/part-of": "sophia-mcp",
      "app.kubernetes.io/version": FLEET_VERSION,
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  it("puts the six recommended labels, the release version included, on every object it declares", () => {
    const recommended = ["name", "instance", "version", "component", "part-of", "managed-by"].map((k) => `app.kubernetes.io/${k}`);
    expect(FLEET_VERSION).toBe(packageVersion);
    for (const resource of kubernetesObjects(run)) {
      const labels = (manifestOf(resource) as Json).metadata.labels;
      for (const key of recommended) expect(labels[key], `${resource.type} ${resource.name} ${key}`).toEqual(expect.any(String));
      expect(labels["app.kubernetes.io/version"]).toBe(packageVersion);
    }
    for (const w of [...plan.servers, ...runners()]) expect(pod(w).metadata.labels["app.kubernetes.io/version"]).toBe(packageVersion);
  });

  it("exports per integration its in-cluster MCP URL and, where it has one, its public webhook URL", () => {
    expect(Object.keys(run.program.endpoints).sort()).toEqual(plan.servers.map((s) => s.platform).sort());
    for (const server of plan.servers) {
      expect(run.program.endpoints[server.platform]).toEqual(
        server.webhook ? { mcpUrl: server.mcpUrl, webhookUrl: `https://hooks.test.example${server.webhook.eventsPath}` } : { mcpUrl: server.mcpUrl },
      );
    }
    expect(run.program.endpoints.slack?.webhookUrl).toBe("https://hooks.test.example/webhook/slack/events");
    expect(run.program.endpoints.snowflake?.webhookUrl).toBeUndefined();
  });

  it("makes every component the parent of its children", async () => {
    for (const server of run.program.servers) {
      const urn = await valueOf(server.urn);
      expect(urn).toMatch(/::sophia:fleet:McpServer::mcp-/);
      if (server.syncRunner) expect(await valueOf(server.syncRunner.urn)).toMatch(/::sophia:fleet:McpServer\$sophia:fleet:SyncRunner::mcp-[a-z-]+-sync$/);
    }
    const imageUrns = await Promise.all(run.program.images.map((i) => valueOf(i.urn)));
    for (const urn of imageUrns) expect(urn).toMatch(/::sophia:fleet:ServerImage::mcp-/);
  });
});
