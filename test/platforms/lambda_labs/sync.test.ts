/**
 * The two syncs under the sync engine (runSync): instances compared run to run (a memory per new
 * status, one when an instance is gone, with launcher, duration and cost), and the audit log paged
 * by window and page_token, resumed on the page it stopped at, then incremental with an overlap
 * that stores nothing twice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryRecord, MemorySink } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/lambda_labs/index.js";
import { AUDIT_OVERLAP_MINUTES, parseAuditCheckpoint, parseInstancesCheckpoint } from "../../../services/platforms/lambda_labs/sync.js";
import { LambdaLabsFake } from "../../fakes/lambda-labs.js";
import { keyedMemorySink, openSyncBench, platformHarness, type SyncBench } from "../../support/platform-harness.js";
import { ACTOR, API_KEY, NOTEBOOK_ID, NOW, SETTINGS, TRAINER_ID, seed } from "./harness.js";

const instancesSync = definition.syncs!.find((sync) => sync.object === "instances")!;
const auditSync = definition.syncs!.find((sync) => sync.object === "audit_events")!;

let fake: LambdaLabsFake;
let bench: SyncBench;
const stored = new Map<string, MemoryRecord>();
const sink = (failOnceOnKey?: string) => keyedMemorySink(stored, failOnceOnKey);

function run(sync: typeof instancesSync, memory: MemorySink, now = NOW) {
  const lambda = platformHarness(definition, { baseUrl: fake.url, credentials: { LAMBDA_LABS_API_KEY: API_KEY }, settings: SETTINGS, now });
  return bench.run(sync, { ...lambda.ctx, memory });
}

beforeEach(async () => {
  stored.clear();
  fake = await LambdaLabsFake.start({ apiKey: API_KEY });
  seed(fake);
  bench = openSyncBench("lambda_labs");
});

afterEach(async () => {
  bench.close();
  expect(fake.unexpected).toEqual([]);
  await fake.close();
});

describe("lambda_labs instances sync", () => {
  it("remembers each running instance: what, where, by whom, since when, at what cost", async () => {
    const report = await run(instancesSync, sink());
    expect(report.outcome).toBe("success");
    expect([...stored.keys()].sort()).toEqual([`lambda_labs:instance:${NOTEBOOK_ID}:booting`, `lambda_labs:instance:${TRAINER_ID}:active`].sort());
    const trainer = stored.get(`lambda_labs:instance:${TRAINER_ID}:active`)!;
    expect(trainer.content).toBe(
      `Lambda Labs instance "llama-finetune" (${TRAINER_ID}) is active: gpu_8x_h100_sxm5 (H100 (80 GB SXM5)) in us-east-1 at $23.92/h, ` +
        `launched 2026-11-20 07:00 UTC by ${ACTOR}. As of 2026-11-20 12:00 UTC it has run 5.0 h, an estimated $119.60 so far.`,
    );
    expect(trainer).toMatchObject({ source: "lambda_labs", type: "instance", url: "https://cloud.lambda.ai/instances", record: { runningCostUsd: 119.6 } });
    expect(parseInstancesCheckpoint(report.checkpoint)?.instances[TRAINER_ID]).toMatchObject({ launchedAt: "2026-11-20T07:00:00.000Z", launchedBy: ACTOR, status: "active" });
  });

  it("records a status change and a termination on later runs, without reading the audit log again", async () => {
    await run(instancesSync, sink());
    const auditReads = fake.requestsTo("/api/v1/audit-events").length;
    stored.clear();
    fake.instances = fake.instances.filter((instance) => instance.id !== TRAINER_ID);
    fake.instances[0]!.status = "active";
    const later = new Date(NOW.getTime() + 30 * 60_000);

    const report = await run(instancesSync, sink(), later);
    expect(report.outcome).toBe("success");
    expect([...stored.keys()].sort()).toEqual([`lambda_labs:instance:${NOTEBOOK_ID}:active`, `lambda_labs:instance:${TRAINER_ID}:ended`].sort());
    expect(stored.get(`lambda_labs:instance:${TRAINER_ID}:ended`)?.content).toBe(
      `Lambda Labs instance "llama-finetune" (${TRAINER_ID}) was terminated: gpu_8x_h100_sxm5 (H100 (80 GB SXM5)) in us-east-1 at $23.92/h, ` +
        `launched 2026-11-20 07:00 UTC by ${ACTOR}, last seen active 2026-11-20 12:00 UTC and gone by 2026-11-20 12:30 UTC. ` +
        "It ran about 5.0 h to 5.5 h, an estimated $119.60 to $131.56 in all.",
    );
    expect(stored.get(`lambda_labs:instance:${NOTEBOOK_ID}:active`)?.content).toContain("it has run 2.0 h, an estimated $1.50 so far");
    expect(fake.requestsTo("/api/v1/audit-events")).toHaveLength(auditReads);
    expect(Object.keys(parseInstancesCheckpoint(report.checkpoint)!.instances)).toEqual([NOTEBOOK_ID]);
  });

  it("looks a new instance's launch up from shortly before the previous run", async () => {
    await run(instancesSync, sink());
    fake.instances.push({ id: "2b3c4d5e6f708192a3b4c5d6e7f80910", name: "late", status: "booting", type: "gpu_1x_a10", region: "us-west-1", ssh_key_names: [], file_system_names: [] });
    stored.clear();
    await run(instancesSync, sink(), new Date(NOW.getTime() + 3 * 3_600_000));
    expect(Object.fromEntries(fake.requestsTo("/api/v1/audit-events").at(-1)!.query)).toEqual({ start: "2026-11-20T11:00:00.000Z", resource_type: "instance" });
    expect(stored.get("lambda_labs:instance:2b3c4d5e6f708192a3b4c5d6e7f80910:booting")?.content).toContain("first seen 2026-11-20 15:00 UTC (launch not in the audit log window)");
  });
});

describe("lambda_labs audit_events sync", () => {
  it("resumes an interrupted window on the page it stopped at", async () => {
    // pages of two: [ssh key created, trainer launched] [notebook launched]; storing the second page fails once
    const first = await run(auditSync, sink("lambda_labs:audit:e0000000000000000000000000000003"));
    expect(first.outcome).toBe("failed");
    const interrupted = parseAuditCheckpoint(first.checkpoint, NOW);
    expect(interrupted).toEqual({ from: "2026-10-21T12:00:00.000Z", to: "2026-11-20T12:00:00.000Z", pageToken: expect.any(String) });

    const before = fake.requestsTo("/api/v1/audit-events").length;
    const second = await run(auditSync, sink());
    expect(second.outcome).toBe("success");
    expect(Object.fromEntries(fake.requestsTo("/api/v1/audit-events")[before]!.query)).toEqual({
      start: interrupted.from,
      end: interrupted.to,
      page_token: interrupted.pageToken,
    });
    expect([...stored.keys()].sort()).toEqual([1, 2, 3].map((n) => `lambda_labs:audit:e000000000000000000000000000000${n}`));
    expect(parseAuditCheckpoint(second.checkpoint, NOW)).toEqual({ from: new Date(NOW.getTime() - AUDIT_OVERLAP_MINUTES * 60_000).toISOString() });
    expect(stored.get("lambda_labs:audit:e0000000000000000000000000000002")?.content).toBe(
      `Lambda Labs audit: instance launched by ${ACTOR} using API key lrn:cloud:api_key:0f1e2d3c4b5a69788796a5b4c3d2e1f0 at 2026-11-20 07:00 UTC ` +
        `(lrn:cloud:instance:${TRAINER_ID}). Details: instance lrn: lrn:cloud:instance:${TRAINER_ID}; instance type: gpu_8x_h100_sxm5; region: us-east-1.`,
    );
  });

  it("asks only for events since the last window on the next run", async () => {
    expect((await run(auditSync, sink())).outcome).toBe("success");
    stored.clear();
    const later = new Date(NOW.getTime() + 3_600_000);
    fake.auditEvents.push({
      event_id: "e0000000000000000000000000000004",
      event_time: new Date(NOW.getTime() + 20 * 60_000).toISOString(),
      resource_name: "filesystem",
      action: "deleted",
      actor_lrn: ACTOR,
      resource_lrns: ["lrn:cloud:filesystem:398578a2336b49079e74043f0bd2cfe8"],
      request_api_key_lrn: null,
      additional_details: {},
    });
    const before = fake.requestsTo("/api/v1/audit-events").length;
    expect((await run(auditSync, sink(), later)).outcome).toBe("success");
    expect([...stored.keys()]).toEqual(["lambda_labs:audit:e0000000000000000000000000000004"]);
    expect(fake.requestsTo("/api/v1/audit-events").slice(before).map((r) => Object.fromEntries(r.query))).toEqual([
      { start: "2026-11-20T11:50:00.000Z", end: "2026-11-20T13:00:00.000Z" },
    ]);
    expect(stored.get("lambda_labs:audit:e0000000000000000000000000000004")?.content).toBe(
      `Lambda Labs audit: filesystem deleted by ${ACTOR} at 2026-11-20 12:20 UTC (lrn:cloud:filesystem:398578a2336b49079e74043f0bd2cfe8).`,
    );
  });

  it("stops on a checkpoint it cannot read instead of starting over", async () => {
    bench.checkpoints.set("lambda_labs", "audit_events", '{"from":"yesterday"}');
    const report = await run(auditSync, sink());
    expect(report.outcome).toBe("failed");
    expect(report.error).toContain("unreadable Lambda Labs sync checkpoint");
    expect(fake.requestsTo("/api/v1/audit-events")).toEqual([]);
  });
});
