/**
 * The tools that spend money or destroy: launch refuses anything above its price ceiling (and
 * without capacity or an SSH key) before any launch request leaves, sends exactly the documented
 * body otherwise, and paces launches at Lambda's one per 12 s; restart and terminate; and read-only
 * mode (as shipped) keeps all three off the server.
 */
import { pino } from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { loadFleet } from "../../../services/fleet/load.js";
import { createPlatformHttp } from "../../../services/runtime/http/client.js";
import { PACING_UTILIZATION } from "../../../services/runtime/http/pacing.js";
import { selectTools } from "../../../services/runtime/mcp/tool-selection.js";
import { LAUNCHES_PER_MINUTE, createLambdaApi } from "../../../services/platforms/lambda_labs/api/index.js";
import { definition } from "../../../services/platforms/lambda_labs/index.js";
import { launchInstance } from "../../../services/platforms/lambda_labs/tools/launch-instance.js";
import { restartInstances } from "../../../services/platforms/lambda_labs/tools/restart-instances.js";
import { terminateInstances } from "../../../services/platforms/lambda_labs/tools/terminate-instances.js";
import { LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { closedAfterEachTest, startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, type Harness, SETTINGS, TRAINER_ID, bodyOf, seed, startHarness } from "./harness.js";

const LAUNCH = "/api/v1/instance-operations/launch";

let lambda: Harness;
startedForEachTest(() => startHarness(), (started) => (lambda = started));

describe("lambda_labs_launch_instance", () => {
  it("refuses a type priced above the ceiling and sends no launch", async () => {
    const error = await upstreamErrorOf(
      lambda.call(launchInstance, { instanceTypeName: "gpu_8x_h100_sxm5", regionName: "us-east-1", maxPriceUsdPerHour: 20, sshKeyName: "ops-laptop" }),
    );
    expect(error.safeMessage).toBe("Launch refused, nothing was started: gpu_8x_h100_sxm5 costs $23.92/h, above the ceiling of $20.00/h");
    expect(error.retryable).toBe(false);
    expect(lambda.fake.requestsTo(LAUNCH)).toEqual([]);
  });

  it("refuses a region without capacity, an unknown type and a launch with no SSH key", async () => {
    const noCapacity = await upstreamErrorOf(lambda.call(launchInstance, { instanceTypeName: "gpu_1x_a100", regionName: "us-east-1", maxPriceUsdPerHour: 5, sshKeyName: "ops-laptop" }));
    expect(noCapacity.safeMessage).toContain("gpu_1x_a100 has no capacity in us-east-1 (no region has capacity now)");
    const elsewhere = await upstreamErrorOf(lambda.call(launchInstance, { instanceTypeName: "gpu_8x_h100_sxm5", regionName: "us-west-1", maxPriceUsdPerHour: 30, sshKeyName: "ops-laptop" }));
    expect(elsewhere.safeMessage).toContain("(capacity now in: us-east-1)");
    const unknown = await upstreamErrorOf(lambda.call(launchInstance, { instanceTypeName: "gpu_9x_imaginary", regionName: "us-east-1", maxPriceUsdPerHour: 5, sshKeyName: "ops-laptop" }));
    expect(unknown.safeMessage).toContain('there is no instance type "gpu_9x_imaginary"');
    const noKey = await upstreamErrorOf(lambda.call(launchInstance, { instanceTypeName: "gpu_1x_a10", regionName: "us-west-1", maxPriceUsdPerHour: 1 }));
    expect(noKey.safeMessage).toContain("no SSH key named");
    expect(lambda.fake.requestsTo(LAUNCH)).toEqual([]);
  });

  it("launches within the ceiling with exactly the documented body", async () => {
    const result = await lambda.call(launchInstance, {
      instanceTypeName: "gpu_1x_a10",
      regionName: "us-west-1",
      maxPriceUsdPerHour: 0.75,
      sshKeyName: "ops-laptop",
      name: "eval-run",
      fileSystemNames: ["datasets"],
      imageFamily: "lambda-stack-22-04",
    });
    expect(bodyOf(lambda.fake, LAUNCH)).toEqual({
      region_name: "us-west-1",
      instance_type_name: "gpu_1x_a10",
      ssh_key_names: ["ops-laptop"],
      name: "eval-run",
      file_system_names: ["datasets"],
      image: { family: "lambda-stack-22-04" },
    });
    expect(result).toMatchObject({ instanceIds: [expect.any(String)], instanceType: "gpu_1x_a10", priceUsdPerHour: 0.75 });
    expect(result.note).toContain("$0.75/h per instance until it is terminated");
    expect(lambda.fake.instances.map((i) => i.name)).toContain("eval-run");
  });

  it("uses LAMBDA_LABS_SSH_KEY when the call names no key", async () => {
    const withDefault = await closedAfterEachTest(() => startHarness({ LAMBDA_LABS_API_KEY: API_KEY, LAMBDA_LABS_SSH_KEY: "ops-laptop" }))();
    await withDefault.call(launchInstance, { instanceTypeName: "gpu_1x_a10", regionName: "us-west-1", maxPriceUsdPerHour: 1 });
    expect(bodyOf(withDefault.fake, LAUNCH)).toMatchObject({ ssh_key_names: ["ops-laptop"] });
  });

  it("passes Lambda's refusal on with its code (capacity gone between check and launch)", async () => {
    lambda.fake.failNext(
      { status: 400, body: { error: { code: "instance-operations/launch/insufficient-capacity", message: "Not enough capacity to fulfill launch request." } } },
      LAUNCH,
    );
    const error = await upstreamErrorOf(lambda.call(launchInstance, { instanceTypeName: "gpu_1x_a10", regionName: "us-west-1", maxPriceUsdPerHour: 1, sshKeyName: "ops-laptop" }));
    expect(error.safeMessage).toContain("instance-operations/launch/insufficient-capacity");
    // a launch is never retried: it may have started a machine
    expect(lambda.fake.requestsTo(LAUNCH)).toHaveLength(1);
  });
});

describe("launch pacing", () => {
  it("holds a second launch back by Lambda's 12 s launch interval", async () => {
    const fake = await closedAfterEachTest(async () => {
      const started = await LambdaLabsFake.start({ apiKey: API_KEY });
      seed(started);
      return { fake: started, unexpectedRequests: () => started.unexpected, close: () => started.close() };
    })();
    const launchWaits: number[] = [];
    let clock = 0;
    const http = createPlatformHttp({ platform: "lambda_labs", title: "Lambda Labs", baseUrl: fake.fake.url, auth: definition.auth({ LAMBDA_LABS_API_KEY: API_KEY }, { fetch }), registry: new Registry(), log: pino({ level: "silent" }), sleep: async () => undefined });
    const api = createLambdaApi(
      { credentials: {}, settings: SETTINGS, http, log: pino({ level: "silent" }), dataDir: "/nonexistent" },
      { sleep: async (ms) => void launchWaits.push(ms), now: () => clock },
    );
    const request = { region_name: "us-west-1", instance_type_name: "gpu_1x_a10", ssh_key_names: ["ops-laptop"] };
    await api.launch(request);
    clock += 1_000;
    await api.launch(request);
    expect(launchWaits).toEqual([60_000 / (LAUNCHES_PER_MINUTE * PACING_UTILIZATION) - 1_000]);
    expect(launchWaits[0]).toBeGreaterThan(11_000);
  });
});

describe("restart and terminate", () => {
  it("restarts the given instances", async () => {
    const { restarted } = await lambda.call(restartInstances, { instanceIds: [TRAINER_ID] });
    expect(bodyOf(lambda.fake, "/api/v1/instance-operations/restart")).toEqual({ instance_ids: [TRAINER_ID] });
    expect(restarted).toEqual([expect.objectContaining({ id: TRAINER_ID, status: "booting", priceUsdPerHour: 23.92 })]);
  });

  it("terminates the given instances and reports their estimated total cost", async () => {
    const result = await lambda.call(terminateInstances, { instanceIds: [TRAINER_ID] });
    expect(bodyOf(lambda.fake, "/api/v1/instance-operations/terminate")).toEqual({ instance_ids: [TRAINER_ID] });
    expect(result.terminated).toEqual([expect.objectContaining({ id: TRAINER_ID, status: "terminating", runningHours: 5, runningCostUsd: 119.6 })]);
    expect(result.totalCostUsd).toBe(119.6);
  });

  it("says so when an instance does not exist", async () => {
    const error = await upstreamErrorOf(lambda.call(terminateInstances, { instanceIds: ["0000000000000000000000000000dead"] }));
    expect(error.status).toBe(404);
    expect(error.safeMessage).toContain("global/object-does-not-exist");
  });
});

describe("read-only mode", () => {
  it("is how config/integrations.yaml ships Lambda Labs, and it leaves only the read tools", () => {
    const shipped = loadFleet().integrations.find((integration) => integration.platform === "lambda_labs");
    expect(shipped?.settings.read_only).toBe(true);
    const offered = selectTools(definition.tools, shipped!.settings).map((tool) => tool.name);
    expect(offered).not.toEqual(expect.arrayContaining(["lambda_labs_launch_instance"]));
    expect(offered.filter((name) => /launch|restart|terminate/.test(name))).toEqual([]);
    expect(offered).toHaveLength(6);
  });

  it("marks the three money-spending or destructive tools as such", () => {
    const writes = definition.tools.filter((tool) => !tool.annotations.readOnlyHint);
    expect(writes.map((tool) => [tool.name, tool.annotations.destructiveHint, tool.annotations.idempotentHint])).toEqual([
      ["lambda_labs_launch_instance", true, false],
      ["lambda_labs_restart_instances", true, false],
      ["lambda_labs_terminate_instances", true, false],
    ]);
    expect(launchInstance.description).toMatch(/^SPENDS MONEY/);
    expect(terminateInstances.description).toMatch(/^DESTRUCTIVE/);
  });
});
