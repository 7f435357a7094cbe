/**
 * Preflight's cluster checks against a loopback fake Kubernetes API server: a kubeconfig pointing
 * at 127.0.0.1, read by the official client. The fake answers only the requests the checks are
 * meant to make (anything else is recorded as unexpected), as the API server does: discovery at
 * /apis, objects by path, 404 with a Status for what does not exist.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stackSettingsSchema, type StackSettings } from "../../services/fleet/plan.js";
import { checkCluster, renderClusterReport } from "../../services/esc/cluster-preflight.js";
import { listenOnLoopback, type LoopbackListener } from "../support/loopback.js";

const TOKEN = "fake-cluster-bearer-token";

interface FakeCluster {
  gatewayApi: boolean;
  namespaces: Record<string, Record<string, string>>;
  gateways: Record<string, unknown>;
  ingressClasses: string[];
}

let cluster: FakeCluster;
const requests: string[] = [];
const unexpected: string[] = [];
let api: LoopbackListener;
let dir: string;
let kubeconfig: string;

const notFound = (kind: string, name: string) => ({
  kind: "Status",
  apiVersion: "v1",
  status: "Failure",
  message: `${kind} "${name}" not found`,
  reason: "NotFound",
  code: 404,
});

beforeAll(async () => {
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(`${req.method} ${url}`);
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { kind: "Status", code: 401, reason: "Unauthorized" });
    let match: RegExpExecArray | null;
    if (req.method === "GET" && url === "/apis") {
      const group = (name: string, version: string) => ({ name, versions: [{ groupVersion: `${name}/${version}`, version }], preferredVersion: { groupVersion: `${name}/${version}`, version } });
      return reply(200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [group("apps", "v1"), group("networking.k8s.io", "v1"), ...(cluster.gatewayApi ? [group("gateway.networking.k8s.io", "v1")] : [])],
      });
    }
    if (req.method === "GET" && (match = /^\/api\/v1\/namespaces\/([a-z0-9-]+)$/.exec(url))) {
      const labels = cluster.namespaces[match[1]!];
      return labels ? reply(200, { kind: "Namespace", apiVersion: "v1", metadata: { name: match[1], labels } }) : reply(404, notFound("namespaces", match[1]!));
    }
    if (req.method === "GET" && cluster.gatewayApi && (match = /^\/apis\/gateway\.networking\.k8s\.io\/v1\/namespaces\/([a-z0-9-]+)\/gateways\/([a-z0-9-]+)$/.exec(url))) {
      const gateway = cluster.gateways[`${match[1]}/${match[2]}`];
      return gateway ? reply(200, gateway) : reply(404, notFound("gateways.gateway.networking.k8s.io", match[2]!));
    }
    if (req.method === "GET" && (match = /^\/apis\/networking\.k8s\.io\/v1\/ingressclasses\/([a-z0-9-]+)$/.exec(url))) {
      return cluster.ingressClasses.includes(match[1]!)
        ? reply(200, { kind: "IngressClass", apiVersion: "networking.k8s.io/v1", metadata: { name: match[1] }, spec: { controller: "k8s.io/ingress-nginx" } })
        : reply(404, notFound("ingressclasses.networking.k8s.io", match[1]!));
    }
    unexpected.push(`${req.method} ${url}`);
    return reply(404, notFound("path", url));
  });
  api = await listenOnLoopback(server);
  dir = mkdtempSync(path.join(os.tmpdir(), "cluster-preflight-"));
  kubeconfig = path.join(dir, "config");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: fake
    # the fake speaks plain HTTP on loopback, which the client allows only with TLS verification off
    cluster: { server: "${api.url}", insecure-skip-tls-verify: true }
users:
  - name: operator
    user: { token: ${TOKEN} }
contexts:
  - name: fake-context
    context: { cluster: fake, user: operator }
current-context: fake-context
`,
  );
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
  unexpected.length = 0;
  cluster = {
    gatewayApi: true,
    namespaces: { "gateway-system": { "kubernetes.io/metadata.name": "gateway-system" } },
    gateways: { "gateway-system/public-gateway": gatewayWith({ from: "Selector", selector: { matchLabels: { "app.kubernetes.io/part-of": "sophia-mcp" } } }) },
    ingressClasses: ["nginx"],
  };
});

function gatewayWith(namespaces: unknown, kinds?: unknown): unknown {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "public-gateway", namespace: "gateway-system" },
    spec: {
      gatewayClassName: "envoy",
      listeners: [{ name: "https", protocol: "HTTPS", port: 443, allowedRoutes: { namespaces, ...(kinds ? { kinds } : {}) } }],
    },
  };
}

const settings = (overrides: Partial<StackSettings> = {}): StackSettings => ({ ...stackSettingsSchema.parse({}), ...overrides });
const check = (s: StackSettings) => checkCluster(s, { KUBECONFIG: kubeconfig });
const statuses = (report: Awaited<ReturnType<typeof check>>) => report.checks.map((c) => [c.name, c.status]);

describe("preflight's cluster checks", () => {
  it("pass when the Gateway API is served and the Gateway's listener selects the namespace the program will create", async () => {
    const report = await check(settings());
    expect(report.context).toBe("fake-context");
    expect(statuses(report)).toEqual([
      ["Gateway API (gateway.networking.k8s.io/v1) is served", "ok"],
      ["Gateway gateway-system/public-gateway admits HTTPRoutes from namespace sophia-mcp", "ok"],
      ["namespace sophia-mcp is free or the fleet's", "ok"],
    ]);
    expect(report.ok).toBe(true);
    expect(requests).toEqual([
      "GET /api/v1/namespaces/sophia-mcp",
      "GET /apis",
      "GET /apis/gateway.networking.k8s.io/v1/namespaces/gateway-system/gateways/public-gateway",
    ]);
    expect(unexpected).toEqual([]);
  });

  it("fail without the Gateway API CRDs, saying what to do", async () => {
    cluster.gatewayApi = false;
    const report = await check(settings());
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ status: "fail", detail: expect.stringMatching(/CRDs are not installed.*webhookRouting to ingress/) });
    expect(report.checks[1]).toMatchObject({ status: "unchecked" });
    expect(unexpected).toEqual([]);
  });

  it("fail when the named Gateway is absent, or would reject routes from the fleet's namespace", async () => {
    const missing = await check(settings({ gatewayName: "other-gateway" }));
    expect(missing.checks[1]).toMatchObject({ status: "fail", detail: expect.stringContaining("no Gateway other-gateway in namespace gateway-system") });

    cluster.gateways["gateway-system/public-gateway"] = gatewayWith({ from: "Same" });
    const same = await check(settings());
    expect(same.checks[1]).toMatchObject({ status: "fail", detail: expect.stringMatching(/no listener admits HTTPRoutes from sophia-mcp \(https: routes from its own namespace only\).*404/) });

    // an existing namespace without the selected label
    cluster.gateways["gateway-system/public-gateway"] = gatewayWith({ from: "Selector", selector: { matchLabels: { "gateway-access": "public" } } });
    cluster.namespaces["team-mcp"] = { "kubernetes.io/metadata.name": "team-mcp" };
    const unselected = await check(settings({ namespace: "team-mcp", createNamespace: false }));
    expect(statuses(unselected)[1]).toEqual(["Gateway gateway-system/public-gateway admits HTTPRoutes from namespace team-mcp", "fail"]);
    cluster.namespaces["team-mcp"] = { "kubernetes.io/metadata.name": "team-mcp", "gateway-access": "public" };
    expect(statuses(await check(settings({ namespace: "team-mcp", createNamespace: false })))[1]![1]).toBe("ok");

    // a listener that takes other route kinds only
    cluster.gateways["gateway-system/public-gateway"] = gatewayWith({ from: "All" }, [{ kind: "GRPCRoute" }]);
    expect((await check(settings())).checks[1]).toMatchObject({ status: "fail", detail: expect.stringContaining("https: takes no HTTPRoute") });
    cluster.gateways["gateway-system/public-gateway"] = gatewayWith({ from: "All" });
    expect((await check(settings())).checks[1]!.status).toBe("ok");
    expect(unexpected).toEqual([]);
  });

  it("check the IngressClass in ingress mode", async () => {
    expect(statuses(await check(settings({ webhookRouting: "ingress" })))[0]).toEqual(["IngressClass nginx exists", "ok"]);
    const absent = await check(settings({ webhookRouting: "ingress", ingressClassName: "traefik" }));
    expect(absent.checks[0]).toMatchObject({ status: "fail", detail: expect.stringContaining("no IngressClass traefik") });
    expect(requests).not.toContain("GET /apis");
    expect(unexpected).toEqual([]);
  });

  it("require an existing namespace to exist, and refuse to create one that is someone else's", async () => {
    const absent = await check(settings({ namespace: "team-mcp", createNamespace: false }));
    expect(absent.checks.at(-1)).toMatchObject({ status: "fail", detail: "namespace team-mcp does not exist: create it, or set createNamespace true" });
    cluster.namespaces["sophia-mcp"] = { "kubernetes.io/metadata.name": "sophia-mcp" };
    const foreign = await check(settings());
    expect(foreign.checks.at(-1)).toMatchObject({ status: "fail", detail: expect.stringContaining("set createNamespace false to deploy into it") });
    cluster.namespaces["sophia-mcp"] = { "app.kubernetes.io/part-of": "sophia-mcp", "app.kubernetes.io/managed-by": "pulumi" };
    expect((await check(settings())).checks.at(-1)).toMatchObject({ status: "ok", detail: "present, created by this program" });
  });

  it("say what they could not check without a kube context, and reach no API server", async () => {
    const report = await checkCluster(settings(), { HOME: dir });
    expect(report.context).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.status === "unchecked" && c.detail.includes("no kube context"))).toBe(true);
    const text = renderClusterReport(report);
    expect(text).toMatch(/^cluster: not checked\n/);
    expect(text).toContain("unchecked  Gateway gateway-system/public-gateway admits HTTPRoutes from namespace sophia-mcp");
    expect(requests).toEqual([]);
  });

  it("report an unreachable API server as unchecked, naming the cause, never the token", async () => {
    const offline = path.join(dir, "offline");
    writeFileSync(offline, (await import("node:fs")).readFileSync(kubeconfig, "utf8").replace(api.url, "http://127.0.0.1:9"));
    const report = await checkCluster(settings(), { KUBECONFIG: offline });
    expect(report.checks.map((c) => c.status)).toEqual(["unchecked", "unchecked", "unchecked"]);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(report.checks[0]!.detail).toMatch(/ECONNREFUSED|cannot/);
  });
});
