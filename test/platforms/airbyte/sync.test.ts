/** The Airbyte jobs sync: keyset on lastUpdatedAt, finished jobs only, resumed from its checkpoint. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AirbyteApi } from "../../../services/platforms/airbyte/api/index.js";
import { FIRST_RUN_LOOKBACK_MS, SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/airbyte/sync.js";
import type { SyncDefinition } from "../../../services/runtime/contract.js";
import type { FakeConnection } from "../../fakes/airbyte.js";
import { type SyncBench, closedAfterEachTest, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { CREDENTIALS, type Harness, NOW, seedWorkspace, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
const startChecked = closedAfterEachTest(startHarness);
beforeEach(() => {
  bench = openSyncBench("airbyte");
});
afterEach(() => bench.close());

const sync: SyncDefinition<AirbyteApi> = syncs.find((s) => s.object === "jobs") ?? (undefined as never);
const run = (harness: Harness = h) => bench.run(sync, harness.ctx);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** `count` finished syncs of `connection`, two seconds apart, the last an hour before NOW. */
function seedJobs(connection: FakeConnection, count: number): number[] {
  const first = NOW.getTime() - 60 * 60_000 - count * 2_000;
  return Array.from({ length: count }, (_, i) => {
    const at = iso(first + i * 2_000);
    return h.fake.addJob(connection, { status: i % 10 === 0 ? "failed" : "succeeded", startTime: at, lastUpdatedAt: at, duration: "PT2S", rowsSynced: i, bytesSynced: i * 100 }).jobId;
  });
}

const jobQueries = () => h.fake.requests.filter((r) => r.method === "GET" && r.path === "/v1/jobs").map((r) => Object.fromEntries(r.query));
const storedJobIds = () => new Set(h.stored.map((m) => (m.record as { jobId: number }).jobId));

describe("Airbyte jobs sync", () => {
  it("reads every finished job oldest change first with a keyset on updatedAt, and names the connection once", async () => {
    const { connection } = seedWorkspace(h.fake);
    const ids = seedJobs(connection, 250);
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(250);
    expect(storedJobIds()).toEqual(new Set(ids));
    const queries = jobQueries();
    expect(queries[0]).toEqual({ updatedAtStart: iso(NOW.getTime() - FIRST_RUN_LOOKBACK_MS - 1_000), orderBy: "updatedAt|ASC", limit: String(SYNC_PAGE_SIZE), offset: "0" });
    // each page moves the start to its newest job (one second earlier, in case the filter is exclusive), never an offset
    const job = (id: number | undefined) => h.fake.job(id ?? -1);
    expect(queries.map((q) => q.updatedAtStart)).toEqual([
      iso(NOW.getTime() - FIRST_RUN_LOOKBACK_MS - 1_000),
      iso(Date.parse(job(ids[99]).lastUpdatedAt) - 1_000),
      iso(Date.parse(job(ids[198]).lastUpdatedAt) - 1_000),
    ]);
    expect(queries.every((q) => q.offset === "0")).toBe(true);
    expect(JSON.parse(bench.checkpoints.get("airbyte", "jobs")?.checkpoint ?? "")).toEqual({ since: job(ids[249]).lastUpdatedAt });
    // one connection: its names were read once for the whole run
    expect(h.fake.requests.filter((r) => r.path.startsWith("/v1/connections/")).length).toBe(1);
    expect(h.stored.find((m) => m.key === `airbyte:job:${ids[10]}:failed`)?.content).toMatch(/^The Airbyte sync of connection "Postgres → Warehouse", from Postgres prod to Warehouse \(bigquery\), failed on /);
  });

  it("remembers only finished jobs, and a running job once it has finished", async () => {
    const { connection } = seedWorkspace(h.fake);
    const finished = h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T10:00:00Z" });
    const running = h.fake.addJob(connection, { status: "running", startTime: "2026-11-20T10:30:00Z" });
    await run();
    expect(h.stored.map((m) => m.key)).toEqual([`airbyte:job:${finished.jobId}:succeeded`]);

    Object.assign(h.fake.job(running.jobId), { status: "cancelled", lastUpdatedAt: "2026-11-20T11:00:00Z" });
    h.stored.length = 0;
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(h.stored.map((m) => m.key)).toEqual([`airbyte:job:${running.jobId}:cancelled`]);
    expect(h.stored[0]?.content).toMatch(/was cancelled/);
  });

  it("resumes from the last stored page's checkpoint after an interrupted run", async () => {
    const { connection } = seedWorkspace(h.fake);
    const ids = seedJobs(connection, 250);
    const internal = { status: 500, body: { title: "internal-error", status: 500 } };
    // the second page fails for the client's whole retry budget (4 attempts for a GET)
    h.fake.failNext(internal, "/v1/jobs", 1);
    for (let i = 1; i < 4; i += 1) h.fake.failNext(internal, "/v1/jobs");
    const interrupted = await run();
    expect(interrupted.outcome).toBe("failed");
    const saved = JSON.parse(bench.checkpoints.get("airbyte", "jobs")?.checkpoint ?? "") as { since: string };
    expect(saved.since).toBe(h.fake.job(ids[99] ?? -1).lastUpdatedAt);

    const before = jobQueries().length;
    const resumed = await run();
    expect(resumed.outcome).toBe("success");
    expect(resumed.resumedFrom).toBe(JSON.stringify(saved));
    expect(jobQueries()[before]?.updatedAtStart).toBe(iso(Date.parse(saved.since) - 1_000));
    expect(storedJobIds()).toEqual(new Set(ids));
  });

  it("pages by offset while a whole page shares one second, and never loops", async () => {
    const { connection } = seedWorkspace(h.fake);
    const ids = Array.from({ length: 150 }, () => h.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T10:00:00Z" }).jobId);
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(storedJobIds()).toEqual(new Set(ids));
    expect(jobQueries().map((q) => q.offset)).toEqual(["0", "0", "100"]);
  });

  it("reads only the configured workspace's jobs when AIRBYTE_WORKSPACE_ID is set", async () => {
    const scoped = await startChecked({ ...CREDENTIALS, AIRBYTE_WORKSPACE_ID: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d" });
    const { connection } = seedWorkspace(scoped.fake);
    scoped.fake.addJob(connection, { status: "succeeded", startTime: "2026-11-20T10:00:00Z" });
    const report = await run(scoped);
    expect(report.outcome).toBe("success");
    expect(scoped.stored).toEqual([]);
    expect(scoped.fake.requests.find((r) => r.path === "/v1/jobs")?.query.get("workspaceIds")).toBe("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
  });

  it("refuses a checkpoint it cannot read instead of starting over silently", async () => {
    bench.checkpoints.set("airbyte", "jobs", JSON.stringify({ since: "yesterday" }));
    const report = await run();
    expect(report.outcome).toBe("failed");
    expect(report.error).toMatch(/unreadable Airbyte sync checkpoint/);
    expect(jobQueries()).toEqual([]);
  });
});
