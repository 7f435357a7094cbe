/**
 * Determinism and rotation (issue 5, item 3). Two runs on the same inputs declare byte-identical
 * resources. A value changed in ESC changes that integration's Secret, which the engine replaces
 * under a new name (emulated by EngineState, as the provider auto-names immutable Secrets); the
 * new name changes that Deployment's pod template, which rolls its pods. Nothing else changes.
 */
import { describe, expect, it } from "vitest";
import { EngineState, TYPES, runFleet, workloadOf, type DeclaredResource, type FleetRun } from "./harness.js";
import { canary, credentialsFrom, fullCredentialValues, shippedPlan, type CredentialValues } from "./fixtures.js";

const key = (r: DeclaredResource): string => `${r.type}::${r.name}`;
const serialize = (run: FleetRun): string => JSON.stringify(run.resources);

function changedResources(before: FleetRun, after: FleetRun): string[] {
  const previous = new Map(before.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
  expect(after.resources.map(key)).toEqual(before.resources.map(key));
  return after.resources.filter((r) => previous.get(key(r)) !== JSON.stringify(r.inputs)).map(key);
}

const templateOf = (run: FleetRun, name: string): string =>
  JSON.stringify((workloadOf(run, name).inputs as { spec: { template: unknown } }).spec.template);
const isWorkload = (k: string): boolean => k.startsWith(TYPES.deployment) || k.startsWith(TYPES.statefulSet);

describe("determinism", () => {
  it("declares byte-identical resources on two runs over the same inputs", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    const engine = new EngineState();
    const first = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    const second = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    expect(serialize(second)).toBe(serialize(first));
    expect(changedResources(first, second)).toEqual([]);
  });

  it("does not depend on the order credentials arrive in", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    const reversed: CredentialValues = Object.fromEntries(
      Object.entries(values).reverse().map(([group, vars]) => [group, Object.fromEntries(Object.entries(vars).reverse())]),
    );
    const engine = new EngineState();
    const first = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    const second = await runFleet({ plan, credentials: credentialsFrom(reversed), engine });
    expect(serialize(second)).toBe(serialize(first));
  });
});

describe("rotation", () => {
  it("rotating one integration's secret replaces its Secret and changes only its workloads' pod templates", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    const engine = new EngineState();
    const before = await runFleet({ plan, credentials: credentialsFrom(values), engine });

    values.slack!.SLACK_BOT_TOKEN = canary("rotated");
    const after = await runFleet({ plan, credentials: credentialsFrom(values), engine });

    // the sync runner reads the same Secret, so it rolls with the server
    expect(changedResources(before, after).sort()).toEqual([
      `${TYPES.deployment}::mcp-slack-sync`,
      `${TYPES.statefulSet}::mcp-slack`,
      `${TYPES.secret}::mcp-slack-credentials`,
    ]);
    expect(templateOf(after, "mcp-slack")).not.toBe(templateOf(before, "mcp-slack"));
    expect(templateOf(after, "mcp-slack-sync")).not.toBe(templateOf(before, "mcp-slack-sync"));
    for (const other of plan.servers.filter((s) => s.platform !== "slack")) {
      expect(templateOf(after, other.resourceName), other.platform).toBe(templateOf(before, other.resourceName));
      if (other.syncRunner) expect(templateOf(after, other.syncRunner.resourceName), other.platform).toBe(templateOf(before, other.syncRunner.resourceName));
    }
  });

  it("rotating a fleet-wide token rolls every server, since every Secret carries it", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    const engine = new EngineState();
    const before = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    values.fleet!.MCP_AUTH_TOKEN = canary("rotated-fleet");
    const after = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    const changed = changedResources(before, after);
    const runners = plan.servers.filter((s) => s.syncRunner).length;
    expect(runners).toBeGreaterThan(0);
    expect(changed.filter((k) => k.startsWith(TYPES.secret))).toHaveLength(plan.servers.length);
    expect(changed.filter(isWorkload)).toHaveLength(plan.servers.length + runners);
    expect(changed).toHaveLength(plan.servers.length * 2 + runners);
  });

  it("a new image digest rolls only the server it belongs to", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    const engine = new EngineState();
    const before = await runFleet({ plan, credentials: credentialsFrom(values), engine });
    const rebuilt = { ...plan, servers: plan.servers.map((s) => (s.platform === "linear" ? { ...s, image: { ...s.image, buildTarget: "server-debug" } } : s)) };
    const after = await runFleet({ plan: rebuilt, credentials: credentialsFrom(values), engine });
    // linear's sync runner runs the same image
    expect(changedResources(before, after).sort()).toEqual([
      `${TYPES.image}::mcp-linear`,
      `${TYPES.deployment}::mcp-linear-sync`,
      `${TYPES.statefulSet}::mcp-linear`,
    ]);
  });
});
