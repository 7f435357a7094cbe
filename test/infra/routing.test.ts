/** Webhook routing in both modes, and the NetworkPolicy that admits exactly the expected callers. */
import { describe, expect, it } from "vitest";
import type { DeploymentPlan } from "../../services/fleet/plan.js";
import { networkPolicySpec } from "../../infra/specs/network-policy.js";
import { selectorLabels } from "../../infra/specs/metadata.js";
import { httpRouteSpec, webhookServers } from "../../infra/specs/routes.js";
import { TYPES, byName, manifestOf, ofType, runFleet } from "./harness.js";
import { credentialsFrom, fullCredentialValues, settings, shippedPlan } from "./fixtures.js";

type Json = Record<string, any>;

async function declared(plan: DeploymentPlan) {
  return runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
}

describe("webhook routing: Gateway API", () => {
  it("attaches one HTTPRoute per webhook integration to the named Gateway, PathPrefix to the Service port", async () => {
    const plan = shippedPlan({ webhookRouting: "gateway", gatewayName: "edge", gatewayNamespace: "edge-system" });
    const run = await declared(plan);
    const webhookServers = plan.servers.filter((s) => s.webhook);
    expect(ofType(run, TYPES.httpRoute)).toHaveLength(webhookServers.length);
    expect(ofType(run, TYPES.ingress)).toHaveLength(0);
    for (const server of webhookServers) {
      const route = manifestOf(byName(run, TYPES.httpRoute, server.resourceName)) as Json;
      expect(route.apiVersion).toBe("gateway.networking.k8s.io/v1");
      expect(route.metadata).toEqual({ name: server.resourceName, namespace: "sophia-mcp", labels: server.labels });
      expect(route.spec).toEqual({
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge", namespace: "edge-system" }],
        hostnames: ["hooks.test.example"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: server.webhook!.pathPrefix } }],
            backendRefs: [{ group: "", kind: "Service", name: server.resourceName, port: server.port }],
          },
        ],
      });
    }
  });
});

describe("webhook routing: Ingress", () => {
  it("declares one Ingress per webhook integration with the class, TLS and a Prefix path to the Service", async () => {
    const plan = shippedPlan({ webhookRouting: "ingress", ingressClassName: "traefik", tlsSecretName: "hooks-cert" });
    const run = await declared(plan);
    const webhookServers = plan.servers.filter((s) => s.webhook);
    expect(ofType(run, TYPES.ingress)).toHaveLength(webhookServers.length);
    expect(ofType(run, TYPES.httpRoute)).toHaveLength(0);
    for (const server of webhookServers) {
      const ingress = manifestOf(byName(run, TYPES.ingress, server.resourceName)) as Json;
      expect(ingress.spec).toEqual({
        ingressClassName: "traefik",
        tls: [{ hosts: ["hooks.test.example"], secretName: "hooks-cert" }],
        rules: [
          {
            host: "hooks.test.example",
            http: {
              paths: [{ path: server.webhook!.pathPrefix, pathType: "Prefix", backend: { service: { name: server.resourceName, port: { name: "mcp" } } } }],
            },
          },
        ],
      });
    }
    expect(run.program.endpoints.hubspot?.webhookUrl).toBe("https://hooks.test.example/webhook/hubspot/events");
  });

  it("routes nothing for integrations without a webhook_path", async () => {
    const plan = shippedPlan({ webhookRouting: "ingress" });
    const run = await declared(plan);
    const routed = ofType(run, TYPES.ingress).map((r) => r.name);
    for (const server of plan.servers.filter((s) => !s.webhook)) expect(routed).not.toContain(server.resourceName);
    expect(routed).not.toContain("mcp-memory");
  });
});

describe("NetworkPolicy", () => {
  const plan = shippedPlan({ agentsNamespace: "agents", gatewayNamespace: "gateway-system" });
  const memory = plan.servers.find((s) => s.platform === "memory")!;
  const slack = plan.servers.find((s) => s.platform === "slack")!;
  const snowflake = plan.servers.find((s) => s.platform === "snowflake")!;
  const ns = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

  it("admits agents and the gateway to a webhook server's port, and lets it reach DNS, HTTPS and memory", () => {
    const spec = networkPolicySpec(slack, plan.settings, memory, "sophia-mcp").spec as Json;
    expect(spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(spec.ingress).toEqual([{ from: [ns("agents"), ns("gateway-system")], ports: [{ protocol: "TCP", port: 9003 }] }]);
    expect(spec.egress).toEqual([
      { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
      { ports: [{ protocol: "TCP", port: 443 }] },
      {
        to: [{ podSelector: { matchLabels: { "app.kubernetes.io/instance": "mcp-memory-sophia-mcp", "app.kubernetes.io/name": "mcp-memory" } } }],
        ports: [{ protocol: "TCP", port: memory.port }],
      },
    ]);
  });

  it("admits webhooks from webhookProxyNamespace when the controller's proxies run apart from the Gateway", () => {
    const envoy = shippedPlan({ gatewayNamespace: "gateway-system", webhookProxyNamespace: "envoy-gateway-system" });
    const spec = networkPolicySpec(slack, envoy.settings, memory, "sophia-mcp").spec as Json;
    expect(spec.ingress).toEqual([{ from: [ns("agents"), ns("envoy-gateway-system")], ports: [{ protocol: "TCP", port: 9003 }] }]);
    // the routes still attach to the Gateway where it lives
    const route = httpRouteSpec(webhookServers(envoy.servers).find((r) => r.server.platform === "slack")!, envoy.settings, "sophia-mcp", "mcp-slack") as Json;
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ namespace: "gateway-system" })]);
  });

  it("keeps the gateway away from servers that take no webhooks", () => {
    const spec = networkPolicySpec(snowflake, plan.settings, memory, "sophia-mcp").spec as Json;
    expect(spec.ingress).toEqual([{ from: [ns("agents")], ports: [{ protocol: "TCP", port: 9012 }] }]);
  });

  it("admits the fleet's own pods to the memory server, which they ingest into", () => {
    const spec = networkPolicySpec(memory, plan.settings, memory, "sophia-mcp").spec as Json;
    expect(spec.ingress).toEqual([
      { from: [ns("agents"), { podSelector: { matchLabels: { "app.kubernetes.io/part-of": "sophia-mcp" } } }], ports: [{ protocol: "TCP", port: 9010 }] },
    ]);
    expect(spec.egress).toHaveLength(2);
  });

  it("lets the fleet endpoint reach every server's MCP port, and admits it to each server", () => {
    const endpoint = plan.servers.find((s) => s.platform === "fleet_endpoint")!;
    const federation = { endpoint, servers: plan.servers };
    const endpointPods = { podSelector: { matchLabels: selectorLabels(endpoint) } };
    expect(Object.keys(endpointPods.podSelector.matchLabels).length).toBeGreaterThan(0);
    const own = networkPolicySpec(endpoint, plan.settings, memory, "sophia-mcp", federation).spec as Json;
    const targets = (own.egress as Json[]).slice(3).map((rule) => rule.ports[0].port).sort();
    const others = plan.servers.filter((s) => s !== endpoint && s !== memory).map((s) => s.port).sort();
    expect(targets).toEqual(others);
    expect(others).toContain(9003);
    const slackSpec = networkPolicySpec(slack, plan.settings, memory, "sophia-mcp", federation).spec as Json;
    expect(slackSpec.ingress).toEqual([{ from: [ns("agents"), ns("gateway-system"), endpointPods], ports: [{ protocol: "TCP", port: 9003 }] }]);
    // the endpoint's own port admits agents only (and no self rule)
    expect((own.ingress as Json[])[0]!.from).toEqual([ns("agents")]);
  });

  it("has no memory egress rule when the fleet has no memory server", () => {
    const spec = networkPolicySpec(slack, settings(), undefined, "sophia-mcp").spec as Json;
    expect(spec.egress).toHaveLength(2);
  });
});
