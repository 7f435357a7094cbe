/**
 * The program's boundary: stack settings and credentials from stack config, the fleet file from
 * INTEGRATIONS_FILE, and infra/index.ts itself run end to end under mocks.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildPlan } from "../../services/fleet/plan.js";
import { PreflightError } from "../../infra/preflight.js";
import { StackSettingsError, parseStackSettings, readStackInputs } from "../../infra/stack-inputs.js";
import { TYPES, installMocks, manifestOf, ofType, runFleet, settled, valueOf, type DeclaredResource } from "./harness.js";
import { SHIPPED_FLEET_FILE, canary, credentialsFrom, fullCredentialValues, settings } from "./fixtures.js";

const dir = mkdtempSync(path.join(tmpdir(), "infra-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL_FLEET = path.join(dir, "small.yaml");
writeFileSync(
  SMALL_FLEET,
  `integrations:
  slack: { enabled: true, mcp_server_port: 9003, webhook_path: /webhook/slack }
  gong: { enabled: false, mcp_server_port: 9001, webhook_path: /webhook/gong }
  portkey: { enabled: true, mcp_server_port: 9016 }
  apollo: { enabled: false, mcp_server_port: 9020 }
`,
);
const SMALL_CREDENTIALS = {
  slack: { SLACK_BOT_TOKEN: canary("slack-bot"), SLACK_SIGNING_SECRET: canary("slack-signing") },
  portkey: { PORTKEY_API_KEY: canary("portkey") },
  fleet: { MCP_AUTH_TOKEN: canary("fleet-auth"), MEMORY_INGEST_TOKEN: canary("fleet-ingest") },
};

const configOf = (values: Record<string, unknown>) => ({
  name: "sophia-fleet",
  get: (key: string) => (key in values ? JSON.stringify(values[key]) : undefined),
});

describe("stack settings", () => {
  it("takes defaults when the `fleet` key is absent", () => {
    expect(parseStackSettings(undefined, "sophia-fleet:fleet")).toMatchObject({ namespace: "sophia-mcp", webhookRouting: "gateway", replicas: 2 });
  });

  it("rejects bad settings naming the full key path", () => {
    expect(() => parseStackSettings(JSON.stringify({ webhookRouting: "nginx", replicas: 0 }), "sophia-fleet:fleet")).toThrow(StackSettingsError);
    expect(() => parseStackSettings(JSON.stringify({ webhookRouting: "nginx" }), "sophia-fleet:fleet")).toThrow(/sophia-fleet:fleet\.webhookRouting/);
    expect(() => parseStackSettings(JSON.stringify({ registy: "x" }), "sophia-fleet:fleet")).toThrow(/registy/);
    expect(() => parseStackSettings("not json", "sophia-fleet:fleet")).toThrow(/must be an object/);
  });

  it("sizes the fleet's claims from memoryStorage and storageClassName, and rejects what is not a quantity", async () => {
    expect(parseStackSettings(undefined, "sophia-fleet:fleet")).toMatchObject({ memoryStorage: "10Gi" });
    expect(parseStackSettings(undefined, "sophia-fleet:fleet").storageClassName).toBeUndefined();
    expect(() => parseStackSettings(JSON.stringify({ memoryStorage: "10 GB" }), "sophia-fleet:fleet")).toThrow(
      /sophia-fleet:fleet\.memoryStorage: must be a Kubernetes quantity/,
    );
    expect(() => parseStackSettings(JSON.stringify({ storageClassName: "Fast SSD" }), "sophia-fleet:fleet")).toThrow(/storageClassName/);
    const fleet = readStackInputs(configOf({}), {}).fleet;
    const plan = buildPlan(fleet, settings({ memoryStorage: "50Gi", storageClassName: "fast-ssd" }));
    const values = fullCredentialValues(plan);
    const run = await runFleet({ plan, credentials: credentialsFrom(values) });
    const claims = ofType(run, TYPES.pvc).map((r) => manifestOf(r) as { metadata: { name: string }; spec: { storageClassName?: string; resources: { requests: { storage: string } } } });
    const runners = plan.servers.filter((s) => s.syncRunner).map((s) => [`${s.resourceName}-sync-checkpoints`, "1Gi", "fast-ssd"]);
    expect(runners.length).toBeGreaterThan(4);
    expect(claims.map((c) => [c.metadata.name, c.spec.resources.requests.storage, c.spec.storageClassName])).toEqual(
      [...runners, ["mcp-memory-data", "50Gi", "fast-ssd"]].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });
});

describe("readStackInputs", () => {
  it("honours INTEGRATIONS_FILE and falls back to config/integrations.yaml", () => {
    const config = configOf({ fleet: { registry: "r.test/x" }, credentials: SMALL_CREDENTIALS });
    expect(readStackInputs(config, { INTEGRATIONS_FILE: SMALL_FLEET }).fleet.file).toBe(SMALL_FLEET);
    expect(readStackInputs(config, {}).fleet.file).toBe(SHIPPED_FLEET_FILE);
    const inputs = readStackInputs(config, { INTEGRATIONS_FILE: SMALL_FLEET });
    expect(inputs.settings.registry).toBe("r.test/x");
    expect(inputs.credentials.names("slack")).toEqual(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]);
  });

  it("reports a bad fleet file by file and key path", () => {
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(bad, "integrations:\n  slack: { enabled: true, mcp_server_port: 9999 }\n");
    expect(() => readStackInputs(configOf({}), { INTEGRATIONS_FILE: bad })).toThrow(/bad\.yaml[\s\S]*integrations\.slack\.mcp_server_port/);
  });
});

describe("registry credentials", () => {
  it("are read from the secret key registryCredentials, their server defaulting to the registry's host", async () => {
    const password = canary("registry-password");
    const inputs = readStackInputs(
      configOf({ fleet: { registry: "registry.example.com:5000/sophia" }, registryCredentials: { username: "bot", password } }),
      { INTEGRATIONS_FILE: SMALL_FLEET },
    );
    expect(inputs.registryCredentials?.server).toBe("registry.example.com:5000");
    expect(pulumi.Output.isInstance(inputs.registryCredentials?.password)).toBe(true);
    expect(await valueOf(inputs.registryCredentials!.password)).toBe(password);
    expect(readStackInputs(configOf({}), { INTEGRATIONS_FILE: SMALL_FLEET }).registryCredentials).toBeUndefined();
  });
});

describe("disabled integrations", () => {
  it("declare nothing and export nothing", async () => {
    const inputs = readStackInputs(configOf({ credentials: SMALL_CREDENTIALS }), { INTEGRATIONS_FILE: SMALL_FLEET });
    const run = await runFleet({ plan: buildPlan(inputs.fleet, settings()), credentials: inputs.credentials });
    const names = run.resources.map((r) => r.name);
    expect(names.some((n) => n.includes("gong") || n.includes("apollo"))).toBe(false);
    expect(ofType(run, TYPES.deployment).map((r) => r.name)).toEqual(["mcp-fleet-endpoint", "mcp-memory", "mcp-portkey"]);
    // slack receives webhooks: its inboxes are per-pod claims
    expect(ofType(run, TYPES.statefulSet).map((r) => r.name)).toEqual(["mcp-slack"]);
    expect(ofType(run, TYPES.httpRoute).map((r) => r.name)).toEqual(["mcp-slack"]);
    expect(Object.keys(run.program.endpoints).sort()).toEqual(["fleet_endpoint", "memory", "portkey", "slack"]);
  });
});

describe("infra/index.ts", () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubEnv("INTEGRATIONS_FILE", SMALL_FLEET);
  });
  afterEach(() => vi.unstubAllEnvs());

  function setStackConfig(credentials: unknown): void {
    pulumi.runtime.setAllConfig(
      {
        "sophia-fleet:fleet": JSON.stringify({ registry: "r.test/sophia", namespace: "fleet-test", webhookRouting: "ingress" }),
        "sophia-fleet:credentials": JSON.stringify(credentials),
      },
      ["sophia-fleet:credentials"],
    );
  }

  it("reads stack config and the fleet file once and exports each integration's URLs", async () => {
    const sink: DeclaredResource[] = [];
    await installMocks({ sink, stack: "prod" });
    setStackConfig(SMALL_CREDENTIALS);
    const program = (await import("../../infra/index.js")) as typeof import("../../infra/index.js");
    await settled(sink);
    expect(program.integrations).toEqual({
      slack: { mcpUrl: "http://mcp-slack.fleet-test.svc.cluster.local:9003/mcp", webhookUrl: "https://hooks.example.com/webhook/slack/events" },
      portkey: { mcpUrl: "http://mcp-portkey.fleet-test.svc.cluster.local:9016/mcp" },
      fleet_endpoint: { mcpUrl: "http://mcp-fleet-endpoint.fleet-test.svc.cluster.local:9000/mcp" },
      // added: the small fleet file has no memory entry, and every fleet stores its events
      memory: { mcpUrl: "http://mcp-memory.fleet-test.svc.cluster.local:9010/mcp" },
    });
    expect(await valueOf(program.namespace)).toBe("fleet-test");
    expect(sink.filter((r) => r.type === TYPES.ingress).map((r) => r.name)).toEqual(["mcp-slack"]);
    const image = sink.find((r) => r.type === TYPES.image && r.name === "mcp-slack")!;
    expect(image.inputs.imageName).toBe("r.test/sophia/mcp-slack:prod");
  });

  it("stops with the preflight error when a required secret is missing", async () => {
    const sink: DeclaredResource[] = [];
    await installMocks({ sink });
    setStackConfig({ slack: { SLACK_BOT_TOKEN: canary("only-bot") }, fleet: SMALL_CREDENTIALS.fleet });
    const error = await import("../../infra/index.js").catch((e: unknown) => e);
    // a fresh module graph (resetModules) means a fresh PreflightError class: compare by name
    expect((error as Error).name).toBe(new PreflightError([]).name);
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect((error as Error).message).toMatch(/slack: credentials\.slack\.SLACK_SIGNING_SECRET\n\s+- portkey: credentials\.portkey\.PORTKEY_API_KEY/);
    expect(sink).toEqual([]);
  });
});
