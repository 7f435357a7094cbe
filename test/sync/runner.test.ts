import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../services/runtime/contract.js";
import { type CheckpointStore, openCheckpointStore } from "../../services/sync/checkpoints.js";
import type { ProgressSnapshot } from "../../services/sync/progress.js";
import { type RunSyncOptions, runSync } from "../../services/sync/runner.js";
import { ListSync, RecordingSink, captureLog, makeContext, makeRecords, silentLog } from "./helpers.js";

const open: Array<{ dir: string; store: CheckpointStore }> = [];
function checkpointStore(): CheckpointStore {
  const dir = mkdtempSync(path.join(tmpdir(), "sync-runner-"));
  const store = openCheckpointStore(dir);
  open.push({ dir, store });
  return store;
}
afterEach(() => {
  for (const { dir, store } of open.splice(0)) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const fastRetry = { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 };

function options(sync: ListSync, sink: RecordingSink, checkpoints: CheckpointStore, extra: Partial<RunSyncOptions> = {}): RunSyncOptions {
  return {
    platform: "hubspot",
    sync,
    context: makeContext(sink),
    checkpoints,
    log: silentLog,
    registry: new Registry(),
    chunkSize: 25,
    concurrency: 3,
    retry: fastRetry,
    ...extra,
  };
}

/** every key of `records` was stored, and none more than `maxWrites` times */
function expectCompleteUnion(sink: RecordingSink, records: readonly { key: string }[], maxWrites: number): void {
  expect([...sink.stored.keys()].sort()).toEqual(records.map((r) => r.key).sort());
  expect(Math.max(...sink.writesPerKey.values())).toBeLessThanOrEqual(maxWrites);
}

describe("runSync", () => {
  it("stores every page and persists the last checkpoint", async () => {
    const records = makeRecords(1000);
    const sync = new ListSync("contacts", records, 100);
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    const report = await runSync(options(sync, sink, checkpoints));
    expect(report).toMatchObject({ outcome: "success", pages: 10, processed: 1000, failed: 0, resumedFrom: undefined, checkpoint: "1000" });
    expect(checkpoints.get("hubspot", "contacts")?.checkpoint).toBe("1000");
    expectCompleteUnion(sink, records, 1);
    expect(sink.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("is incremental: the next run starts at the stored checkpoint and takes only what is new", async () => {
    const records = makeRecords(300);
    const sync = new ListSync("contacts", records, 100);
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    await runSync(options(sync, sink, checkpoints));
    const idle = await runSync(options(sync, sink, checkpoints));
    expect(idle).toMatchObject({ outcome: "success", pages: 0, processed: 0, resumedFrom: "300", checkpoint: "300" });
    records.push(...makeRecords(50, "rec", 300));
    const next = await runSync(options(sync, sink, checkpoints));
    expect(next).toMatchObject({ outcome: "success", processed: 50, resumedFrom: "300", checkpoint: "350" });
    expect(sync.startedFrom).toEqual([undefined, "300", "300"]);
    expectCompleteUnion(sink, records, 1);
  });

  it("after a crash mid-page (the sink dies after N records), resumes from the last complete page", async () => {
    const records = makeRecords(1000);
    const sync = new ListSync("contacts", records, 100);
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    sink.failWhen = () => (sink.stored.size >= 430 ? new Error("memory store crashed") : undefined);

    const crashed = await runSync(options(sync, sink, checkpoints));
    expect(crashed.outcome).toBe("failed");
    expect(crashed.failed).toBeGreaterThan(0);
    expect(crashed.error).toMatch(/failed after retries: Error: memory store crashed/);
    // pages 1-4 are complete (400 records); page 5 was cut off at 430-ish, so its checkpoint was not persisted
    expect(crashed.checkpoint).toBe("400");
    expect(checkpoints.get("hubspot", "contacts")?.checkpoint).toBe("400");
    expect(crashed.failures.flatMap((f) => f.keys).every((key) => !sink.stored.has(key))).toBe(true);

    sink.failWhen = () => undefined;
    const resumed = await runSync(options(sync, sink, checkpoints));
    expect(resumed).toMatchObject({ outcome: "success", resumedFrom: "400", checkpoint: "1000", processed: 600 });
    expectCompleteUnion(sink, records, 2);
    // the only records written twice are the ones of the page the crash interrupted
    const twice = [...sink.writesPerKey].filter(([, writes]) => writes === 2).map(([key]) => key);
    expect(twice.every((key) => records.findIndex((r) => r.key === key) >= 400 && records.findIndex((r) => r.key === key) < 500)).toBe(true);
  });

  it("after an abort mid-run, resumes from the last persisted checkpoint and completes the set", async () => {
    const records = makeRecords(1000);
    const sync = new ListSync("contacts", records, 100);
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    const controller = new AbortController();
    sink.afterStore = (s) => {
      if (s.stored.size >= 520) controller.abort();
    };
    const aborted = await runSync(options(sync, sink, checkpoints, { context: makeContext(sink, controller.signal) }));
    expect(aborted.outcome).toBe("aborted");
    expect(aborted.failed).toBe(0);
    const persisted = checkpoints.get("hubspot", "contacts")?.checkpoint;
    expect(persisted).toBe(aborted.checkpoint);
    expect(Number(persisted)).toBeLessThan(1000);
    expect(Number(persisted)).toBeLessThanOrEqual(sink.stored.size);

    sink.afterStore = () => {};
    const resumed = await runSync(options(sync, sink, checkpoints));
    expect(resumed).toMatchObject({ outcome: "success", resumedFrom: persisted, checkpoint: "1000" });
    expectCompleteUnion(sink, records, 2);
  });

  it("stops at a failing page fetch, keeps the checkpoint of the pages before it and reports the safe message", async () => {
    const records = makeRecords(500);
    const sync = new ListSync("contacts", records, 100);
    sync.failAtPage = { page: 2, error: new UpstreamError("hubspot", 503, true, "HubSpot is unavailable", "secret detail") };
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    const { log, lines } = captureLog();
    const report = await runSync(options(sync, sink, checkpoints, { log }));
    expect(report).toMatchObject({ outcome: "failed", pages: 2, checkpoint: "200", error: "UpstreamError: HubSpot is unavailable" });
    expect(JSON.stringify(lines)).not.toContain("secret detail");
    expect(lines.find((l) => l.msg === "sync failed; the next run retries from the checkpoint")).toMatchObject({ platform: "hubspot", object: "contacts" });
  });

  it("--from-start ignores the stored checkpoint", async () => {
    const records = makeRecords(200);
    const sync = new ListSync("contacts", records, 100);
    const checkpoints = checkpointStore();
    checkpoints.set("hubspot", "contacts", "150");
    const report = await runSync(options(sync, new RecordingSink(), checkpoints, { fromStart: true }));
    expect(report).toMatchObject({ resumedFrom: undefined, processed: 200, checkpoint: "200" });
  });

  it("exposes records, runs, last success and in-progress metrics", async () => {
    const registry = new Registry();
    const records = makeRecords(120);
    const sink = new RecordingSink();
    const checkpoints = checkpointStore();
    const finishedAt = new Date("2026-05-01T00:00:00.000Z");
    let inProgressDuringRun = "";
    sink.afterStore = () => {
      void registry.getSingleMetricAsString("mcp_sync_in_progress").then((text) => (inProgressDuringRun = text));
    };
    await runSync(options(new ListSync("contacts", records, 50), sink, checkpoints, { registry, context: makeContext(sink, undefined, () => finishedAt) }));
    sink.failWhen = () => new Error("down");
    records.push(...makeRecords(10, "rec", 120));
    await runSync(options(new ListSync("contacts", records, 50), sink, checkpoints, { registry }));

    const text = await registry.metrics();
    expect(text).toContain('mcp_sync_records_total{platform="hubspot",object="contacts",outcome="stored"} 120');
    expect(text).toContain('mcp_sync_records_total{platform="hubspot",object="contacts",outcome="failed"} 10');
    expect(text).toContain('mcp_sync_runs_total{platform="hubspot",object="contacts",outcome="success"} 1');
    expect(text).toContain('mcp_sync_runs_total{platform="hubspot",object="contacts",outcome="failed"} 1');
    expect(text).toContain(`mcp_sync_last_success_timestamp_seconds{platform="hubspot",object="contacts"} ${finishedAt.getTime() / 1000}`);
    expect(text).toContain('mcp_sync_in_progress{platform="hubspot",object="contacts"} 0');
    expect(inProgressDuringRun).toContain('mcp_sync_in_progress{platform="hubspot",object="contacts"} 1');
  });

  it("reports progress with the platform's total to the progress reporter", async () => {
    const sync = new ListSync("contacts", makeRecords(300), 100);
    sync.reportsTotal = true;
    const checkpoints = checkpointStore();
    checkpoints.set("hubspot", "contacts", "100");
    const updates: ProgressSnapshot[] = [];
    const finished: ProgressSnapshot[] = [];
    await runSync(options(sync, new RecordingSink(), checkpoints, { progress: { update: (s) => updates.push(s), finish: (s) => finished.push(s) } }));
    expect(updates.at(-1)).toEqual({ processed: 200, failed: 0, pages: 2, total: 200 });
    expect(updates.every((s) => s.total === 200)).toBe(true);
    expect(finished).toEqual([{ processed: 200, failed: 0, pages: 2, total: 200 }]);
  });

  it("logs progress every N records and a summary at the end", async () => {
    const { log, lines } = captureLog();
    await runSync(options(new ListSync("contacts", makeRecords(1000), 100), new RecordingSink(), checkpointStore(), { log, logEveryRecords: 300, logEveryPages: 100 }));
    const progress = lines.filter((l) => l.msg === "sync progress");
    expect(progress.map((l) => l.processed)).toEqual([300, 600, 900]);
    expect(lines.at(-1)).toMatchObject({ msg: "sync finished", outcome: "success", processed: 1000, pages: 10, component: "sync" });
  });
});
