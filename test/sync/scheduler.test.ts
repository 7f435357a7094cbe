import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncDefinition, SyncPage, ToolContext } from "../../services/runtime/contract.js";
import { openCheckpointStore } from "../../services/sync/checkpoints.js";
import { type SyncScheduler, scheduleSyncs } from "../../services/sync/scheduler.js";
import { ListSync, RecordingSink, makeContext, makeRecords, silentLog } from "./helpers.js";

/** A sync whose every run blocks until released (or aborted), tracking how many runs overlap. */
class GatedSync implements SyncDefinition<unknown> {
  running = 0;
  maxRunning = 0;
  starts = 0;
  private releases: Array<() => void> = [];

  constructor(readonly object: string) {}

  release(): void {
    for (const release of this.releases.splice(0)) release();
  }

  async *run(_checkpoint: string | undefined, ctx: ToolContext<unknown>): AsyncIterable<SyncPage> {
    this.starts += 1;
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await new Promise<void>((resolve, reject) => {
        this.releases.push(resolve);
        ctx.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
      });
      yield { records: makeRecords(3, `${this.object}-${this.starts}`), checkpoint: `run-${this.starts}` };
    } finally {
      this.running -= 1;
    }
  }
}

const dirs: string[] = [];
const schedulers: SyncScheduler[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sync-scheduler-"));
  dirs.push(dir);
  return dir;
}

beforeEach(() => {
  // Croner reads Date and sets timeouts: faking both makes a minute pass instantly and deterministically.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: new Date("2026-06-01T10:00:30Z") });
});
afterEach(async () => {
  for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(syncs: readonly SyncDefinition<unknown>[], syncObjects: string[] | undefined, extra: { dir?: string; registry?: Registry; signal?: AbortSignal } = {}) {
  const sink = new RecordingSink();
  const registry = extra.registry ?? new Registry();
  const scheduler = scheduleSyncs({
    platform: "hubspot",
    syncs,
    settings: { enabled: true, mcp_server_port: 9002, batch_sync_interval: "* * * * *", sync_objects: syncObjects },
    context: makeContext(sink, extra.signal),
    dataDir: extra.dir ?? dataDir(),
    registry,
    log: silentLog,
  });
  schedulers.push(scheduler);
  return { scheduler, sink, registry };
}

describe("scheduleSyncs", () => {
  it("runs only the objects listed in sync_objects, on the cron schedule (UTC)", async () => {
    const contacts = new ListSync("contacts", makeRecords(40, "c"), 10);
    const companies = new ListSync("companies", makeRecords(40, "co"), 10);
    const deals = new ListSync("deals", makeRecords(40, "d"), 10);
    const dir = dataDir();
    const { scheduler, sink } = start([contacts, companies, deals], ["contacts", "deals"], { dir });

    await vi.advanceTimersByTimeAsync(29_000);
    expect(contacts.startedFrom).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000); // 10:01:00 passes
    await vi.waitFor(() => expect(sink.stored.size).toBe(80));
    expect(contacts.startedFrom).toEqual([undefined]);
    expect(deals.startedFrom).toEqual([undefined]);
    expect(companies.startedFrom).toEqual([]);

    await vi.advanceTimersByTimeAsync(60_000); // 10:02:00: incremental from the stored checkpoints
    await vi.waitFor(() => expect(contacts.startedFrom).toEqual([undefined, "40"]));
    await expect(scheduler.runNow("companies")).rejects.toThrow(/"companies" is not a configured sync object of hubspot/);

    await scheduler.stop();
    const checkpoints = openCheckpointStore(dir);
    expect(checkpoints.get("hubspot", "contacts")?.checkpoint).toBe("40");
    expect(checkpoints.get("hubspot", "companies")).toBeUndefined();
    checkpoints.close();
  });

  it("never overlaps runs of one object: ticks during a run are skipped and runNow joins it", async () => {
    const gated = new GatedSync("contacts");
    const { scheduler, registry } = start([gated], ["contacts"]);

    await vi.advanceTimersByTimeAsync(30_000); // first tick starts a run that blocks
    await vi.waitFor(() => expect(gated.starts).toBe(1));
    await vi.advanceTimersByTimeAsync(180_000); // three more ticks while it is blocked
    expect(gated.starts).toBe(1);
    const joined = scheduler.runNow("contacts");
    expect(gated.starts).toBe(1);
    expect(await registry.getSingleMetricAsString("mcp_sync_skipped_runs_total")).toContain(
      'mcp_sync_skipped_runs_total{platform="hubspot",object="contacts"} 3',
    );

    gated.release();
    await expect(joined).resolves.toMatchObject({ outcome: "success", checkpoint: "run-1" });
    await vi.advanceTimersByTimeAsync(60_000); // the next tick after the run finished starts a new one
    await vi.waitFor(() => expect(gated.starts).toBe(2));
    expect(gated.maxRunning).toBe(1);
  });

  it("stop() aborts runs in flight and waits for them", async () => {
    const gated = new GatedSync("contacts");
    const { scheduler, registry } = start([gated], ["contacts"]);
    const report = scheduler.runNow("contacts");
    await vi.waitFor(() => expect(gated.running).toBe(1));
    await scheduler.stop();
    expect(gated.running).toBe(0);
    await expect(report).resolves.toMatchObject({ outcome: "aborted", checkpoint: undefined });
    expect(await registry.getSingleMetricAsString("mcp_sync_runs_total")).toContain('outcome="aborted"} 1');
    await expect(scheduler.runNow("contacts")).rejects.toThrow(/stopped/);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(gated.starts).toBe(1);
  });

  it("aborts runs when the server's own signal aborts", async () => {
    const gated = new GatedSync("contacts");
    const server = new AbortController();
    const { scheduler } = start([gated], ["contacts"], { signal: server.signal });
    const report = scheduler.runNow("contacts");
    await vi.waitFor(() => expect(gated.running).toBe(1));
    server.abort();
    await expect(report).resolves.toMatchObject({ outcome: "aborted" });
  });
});
