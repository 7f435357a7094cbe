/**
 * The read tools against the Lambda fake: instance types with price and capacity, instances with
 * hourly and running cost from the audit log, SSH keys, file systems, audit events paged; and no
 * secret (the API key, an instance's Jupyter token) in any output.
 */
import { describe, expect, it } from "vitest";
import { getInstance } from "../../../services/platforms/lambda_labs/tools/get-instance.js";
import { listAuditEvents } from "../../../services/platforms/lambda_labs/tools/list-audit-events.js";
import { listFileSystems } from "../../../services/platforms/lambda_labs/tools/list-file-systems.js";
import { listInstanceTypes } from "../../../services/platforms/lambda_labs/tools/list-instance-types.js";
import { listInstances } from "../../../services/platforms/lambda_labs/tools/list-instances.js";
import { listSshKeys } from "../../../services/platforms/lambda_labs/tools/list-ssh-keys.js";
import { JUPYTER_TOKEN } from "../../fakes/lambda-labs.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { ACTOR, API_KEY, type Harness, NOTEBOOK_ID, NOW, TRAINER_ID, startHarness } from "./harness.js";

let lambda: Harness;
startedForEachTest(() => startHarness(), (started) => (lambda = started));

describe("lambda_labs_list_instance_types", () => {
  it("lists types cheapest first with USD prices, specs and the regions with capacity", async () => {
    const { instanceTypes } = await lambda.call(listInstanceTypes, {});
    expect(instanceTypes.map((t) => t.name)).toEqual(["gpu_1x_a10", "gpu_1x_a100", "gpu_8x_h100_sxm5"]);
    expect(instanceTypes[2]).toEqual({
      name: "gpu_8x_h100_sxm5",
      description: "8x H100 (80 GB SXM5)",
      gpuDescription: "H100 (80 GB SXM5)",
      priceUsdPerHour: 23.92,
      vcpus: 208,
      memoryGib: 1800,
      storageGib: 24780,
      gpus: 8,
      regionsWithCapacity: ["us-east-1"],
    });
    const { authorization } = lambda.fake.requests[0]!.headers;
    expect(authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("filters by GPU text, price ceiling, region and availability", async () => {
    expect((await lambda.call(listInstanceTypes, { gpu: "a10" })).instanceTypes.map((t) => t.name)).toEqual(["gpu_1x_a10", "gpu_1x_a100"]);
    expect((await lambda.call(listInstanceTypes, { maxPriceUsdPerHour: 1 })).instanceTypes.map((t) => t.name)).toEqual(["gpu_1x_a10"]);
    expect((await lambda.call(listInstanceTypes, { region: "us-east-1" })).instanceTypes.map((t) => t.name)).toEqual(["gpu_1x_a10", "gpu_8x_h100_sxm5"]);
    expect((await lambda.call(listInstanceTypes, { availableOnly: true })).instanceTypes.map((t) => t.name)).toEqual(["gpu_1x_a10", "gpu_8x_h100_sxm5"]);
  });
});

describe("lambda_labs_list_instances", () => {
  it("gives each instance its hourly price, launch from the audit log and running cost, and the totals", async () => {
    const result = await lambda.call(listInstances, {});
    expect(result.instances).toEqual([
      {
        id: TRAINER_ID,
        name: "llama-finetune",
        status: "active",
        instanceType: "gpu_8x_h100_sxm5",
        gpuDescription: "H100 (80 GB SXM5)",
        region: "us-east-1",
        priceUsdPerHour: 23.92,
        ip: "198.51.100.2",
        privateIp: "10.19.60.24",
        hostname: "198-51-100-2.cloud.lambda.ai",
        sshKeyNames: ["ops-laptop"],
        fileSystemNames: ["datasets"],
        tags: { team: "research" },
        launchedAt: new Date(NOW.getTime() - 5 * 3_600_000).toISOString(),
        launchedBy: ACTOR,
        runningHours: 5,
        runningCostUsd: 119.6,
        url: "https://cloud.lambda.ai/instances",
      },
      expect.objectContaining({ id: NOTEBOOK_ID, status: "booting", priceUsdPerHour: 0.75, runningHours: 1.5, runningCostUsd: 1.13 }),
    ]);
    expect(result.totalUsdPerHour).toBe(24.67);
    expect(result.totalRunningCostUsd).toBe(120.73);
    // the launch lookup reads instance events from 30 days back
    const audit = lambda.fake.requestsTo("/api/v1/audit-events")[0]!;
    expect(Object.fromEntries(audit.query)).toEqual({ start: "2026-10-21T12:00:00.000Z", resource_type: "instance" });
  });

  it("says when a launch is older than the audit window instead of inventing a cost", async () => {
    lambda.fake.auditEvents = lambda.fake.auditEvents.filter((event) => !event.resource_lrns.includes(`lrn:cloud:instance:${TRAINER_ID}`));
    const result = await lambda.call(listInstances, { status: "active" });
    expect(result.instances).toHaveLength(1);
    expect(result.instances[0]).not.toHaveProperty("runningCostUsd");
    expect(result.instances[0]).not.toHaveProperty("launchedAt");
    expect(result).not.toHaveProperty("totalRunningCostUsd");
    expect(result.costNote).toContain("1 instance(s) have no launch in the last 30 days");
  });

  it("never hands out the Jupyter token or the API key", async () => {
    const outputs = [await lambda.call(listInstances, {}), await lambda.call(getInstance, { id: TRAINER_ID })];
    const text = JSON.stringify(outputs);
    expect(text).not.toContain(JUPYTER_TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain("jupyter");
  });
});

describe("lambda_labs_get_instance", () => {
  it("fetches one instance with its cost so far", async () => {
    const { instance } = await lambda.call(getInstance, { id: NOTEBOOK_ID });
    expect(instance).toMatchObject({ id: NOTEBOOK_ID, instanceType: "gpu_1x_a10", region: "us-west-1", runningCostUsd: 1.13, launchedBy: ACTOR });
    expect(lambda.fake.requestsTo(`/api/v1/instances/${NOTEBOOK_ID}`)).toHaveLength(1);
  });

  it("reports an unknown instance with Lambda's error code", async () => {
    const error = await upstreamErrorOf(lambda.call(getInstance, { id: "0000000000000000000000000000dead" }));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.safeMessage).toContain("global/object-does-not-exist");
  });
});

describe("SSH keys and file systems", () => {
  it("lists SSH keys with their public half", async () => {
    const { sshKeys } = await lambda.call(listSshKeys, {});
    expect(sshKeys).toEqual([{ id: "ddf9a910ceb744a0bb95242cbba6cb50", name: "ops-laptop", publicKey: expect.stringMatching(/^ssh-ed25519 /) }]);
  });

  it("lists file systems, filtered by region", async () => {
    const { fileSystems } = await lambda.call(listFileSystems, {});
    expect(fileSystems).toEqual([
      {
        id: "398578a2336b49079e74043f0bd2cfe8",
        name: "datasets",
        region: "us-east-1",
        mountPoint: "/lambda/nfs/datasets",
        createdAt: "2026-10-01T09:00:00+00:00",
        createdBy: "ada@example.com",
        inUse: true,
        bytesUsed: 2_147_483_648,
      },
    ]);
    expect((await lambda.call(listFileSystems, { region: "us-west-1" })).fileSystems).toEqual([]);
  });
});

describe("lambda_labs_list_audit_events", () => {
  it("pages the audit log with Lambda's page_token", async () => {
    const first = await lambda.call(listAuditEvents, {});
    expect(first.events.map((e) => `${e.resourceType} ${e.action}`)).toEqual(["ssh_key created", "instance launched"]);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await lambda.call(listAuditEvents, { pageToken: first.nextPageToken! });
    expect(second.events.map((e) => e.id)).toEqual(["e0000000000000000000000000000003"]);
    expect(second).not.toHaveProperty("nextPageToken");
  });

  it("passes the window and resource type through", async () => {
    const { events } = await lambda.call(listAuditEvents, { start: "2026-11-20T00:00:00Z", end: "2026-11-20T12:00:00Z", resourceType: "instance" });
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      id: "e0000000000000000000000000000002",
      time: "2026-11-20T07:00:00.000Z",
      service: "cloud",
      resourceType: "instance",
      action: "launched",
      actor: ACTOR,
      apiKey: "lrn:cloud:api_key:0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      resources: [`lrn:cloud:instance:${TRAINER_ID}`],
      details: { instance_lrn: `lrn:cloud:instance:${TRAINER_ID}`, instance_type: "gpu_8x_h100_sxm5", region: "us-east-1" },
    });
    expect(Object.fromEntries(lambda.fake.requestsTo("/api/v1/audit-events")[0]!.query)).toEqual({
      start: "2026-11-20T00:00:00Z",
      end: "2026-11-20T12:00:00Z",
      resource_type: "instance",
    });
  });
});

describe("errors", () => {
  it("names Lambda's code for a rejected key and never echoes the key", async () => {
    const wrong = await startHarness({ LAMBDA_LABS_API_KEY: "secret_wrong_key" });
    try {
      const error = await upstreamErrorOf(wrong.call(listSshKeys, {}));
      expect(error.status).toBe(401);
      expect(error.safeMessage).toContain("global/invalid-api-key");
      expect(`${error.safeMessage} ${error.detail ?? ""}`).not.toContain("secret_wrong_key");
    } finally {
      await wrong.close();
    }
  });

  it("waits out a 429 with Retry-After and retries the read", async () => {
    lambda.fake.failNext({ status: 429, headers: { "retry-after": "2" }, body: { error: { code: "global/rate-limited", message: "Too many requests." } } });
    const { sshKeys } = await lambda.call(listSshKeys, {});
    expect(sshKeys).toHaveLength(1);
    expect(Math.max(...lambda.waits)).toBeGreaterThanOrEqual(2000);
    expect(lambda.fake.requestsTo("/api/v1/ssh-keys")).toHaveLength(2);
  });

  it("rejects a response in an unexpected shape with a typed error", async () => {
    lambda.fake.failNext({ status: 200, body: { data: [{ id: "x" }] } }, "/api/v1/ssh-keys");
    const error = await upstreamErrorOf(lambda.call(listSshKeys, {}));
    expect(error.safeMessage).toContain("unexpected shape at data.0.name");
  });
});
