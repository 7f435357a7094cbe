import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SyncDefinition } from "../../../services/runtime/contract.js";
import type { VercelApi } from "../../../services/platforms/vercel/api/index.js";
import { FIRST_RUN_LOOKBACK_MS, OPEN_DEPLOYMENT_HORIZON_MS, SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/vercel/sync.js";
import type { FakeDeployment, FakeProject } from "../../fakes/vercel.js";
import { type SyncBench, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, TEAM_ID, gitMeta, seedProject, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
let project: FakeProject;
startedForEachTest(startHarness, (started) => {
  h = started;
  project = seedProject(h.fake);
});
beforeEach(() => {
  bench = openSyncBench("vercel");
});
afterEach(() => bench.close());

const sync: SyncDefinition<VercelApi> = syncs.find((s) => s.object === "deployments") ?? expect.unreachable();
const run = () => bench.run(sync, h.ctx);
const checkpoint = () => JSON.parse(bench.checkpoints.get("vercel", "deployments")?.checkpoint ?? "null") as unknown;
const listQueries = () => h.fake.requests.filter((r) => r.path === "/v7/deployments").map((r) => Object.fromEntries(r.query));

/** `count` finished deployments one minute apart, the newest `endMinutesAgo` before NOW. */
function seedDeployments(count: number, endMinutesAgo = 60): FakeDeployment[] {
  return Array.from({ length: count }, (_, i) =>
    h.fake.addDeployment(project, { created: NOW.getTime() - (endMinutesAgo + count - 1 - i) * 60_000, meta: gitMeta("main", `sha${i}`.padEnd(12, "0"), `Change ${i}`) }),
  );
}

describe("Vercel deployments sync", () => {
  it("reads the lookback window newest first, 100 a page, and checkpoints just before the newest", async () => {
    const made = seedDeployments(250);
    h.fake.addDeployment(project, { created: NOW.getTime() - FIRST_RUN_LOOKBACK_MS - 60_000 }); // older than a first run reads
    const report = await run();
    expect(report).toMatchObject({ outcome: "success", processed: 250, pages: 3 });
    expect(new Set(h.stored.map((m) => m.key))).toEqual(new Set(made.map((d) => `vercel:deployment:${d.id}:READY`)));
    const since = String(NOW.getTime() - FIRST_RUN_LOOKBACK_MS);
    expect(listQueries()).toEqual([
      { limit: String(SYNC_PAGE_SIZE), since, teamId: TEAM_ID },
      { limit: String(SYNC_PAGE_SIZE), since, until: String(made[150]?.created), teamId: TEAM_ID },
      { limit: String(SYNC_PAGE_SIZE), since, until: String(made[50]?.created), teamId: TEAM_ID },
    ]);
    expect(checkpoint()).toEqual({ since: (made[249]?.created ?? 0) - 1 });
    const memory = h.stored.find((m) => m.key.startsWith(`vercel:deployment:${made[0]?.id}`));
    expect(memory?.content).toBe(
      `Vercel preview deployment of acme-web succeeded and is ready. Started by ada from acme/web: branch main commit sha0000 "Change 0" by Ada Lovelace. Live at https://${made[0]?.url}.`,
    );
    expect(memory?.url).toMatch(/^https:\/\/vercel\.com\/acme\/acme-web\//);
  });

  it("resumes an interrupted run inside its window and then settles", async () => {
    const made = seedDeployments(250);
    // the second page fails for the runtime client's whole retry budget (a GET is retried: 4 attempts)
    const unavailable = { status: 503, body: { error: { code: "service_unavailable", message: "try again" } } };
    h.fake.failNext(unavailable, "/v7/deployments", 1);
    for (let i = 1; i < 4; i += 1) h.fake.failNext(unavailable, "/v7/deployments");
    const interrupted = await run();
    expect(interrupted).toMatchObject({ outcome: "failed", processed: SYNC_PAGE_SIZE });
    const since = NOW.getTime() - FIRST_RUN_LOOKBACK_MS;
    const saved = { since, pending: { until: made[150]?.created, newest: made[249]?.created } };
    expect(checkpoint()).toEqual(saved);

    h.stored.length = 0;
    const before = listQueries().length;
    const resumed = await run();
    expect(resumed).toMatchObject({ outcome: "success", processed: 150, resumedFrom: JSON.stringify(saved) });
    expect(listQueries()[before]).toMatchObject({ since: String(since), until: String(made[150]?.created) });
    expect(new Set(h.stored.map((m) => m.key))).toEqual(new Set(made.slice(0, 150).map((d) => `vercel:deployment:${d.id}:READY`)));
    expect(checkpoint()).toEqual({ since: (made[249]?.created ?? 0) - 1 });
  });

  it("reads only deployments created since the checkpoint on the next run", async () => {
    const made = seedDeployments(5);
    await run();
    const fresh = h.fake.addDeployment(project, { created: NOW.getTime() - 30_000, target: "production" });
    h.stored.length = 0;
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(listQueries().at(-1)).toMatchObject({ since: String((made[4]?.created ?? 0) - 1) });
    // the boundary deployment again (same key: the store ignores it), and the new one
    expect(h.stored.map((m) => m.key)).toEqual([`vercel:deployment:${fresh.id}:READY`, `vercel:deployment:${made[4]?.id}:READY`]);
    expect(checkpoint()).toEqual({ since: fresh.created - 1 });
  });

  it("holds the checkpoint back at a deployment still building, and remembers its final state next time", async () => {
    seedDeployments(3, 90);
    const building = h.fake.addDeployment(project, { created: NOW.getTime() - 20 * 60_000, readyState: "BUILDING" });
    const later = h.fake.addDeployment(project, { created: NOW.getTime() - 10 * 60_000 });
    await run();
    expect(checkpoint()).toEqual({ since: building.created - 1 });
    expect(h.stored.map((m) => m.key)).toContain(`vercel:deployment:${building.id}:BUILDING`);

    building.readyState = "ERROR";
    building.errorCode = "BUILD_FAILED";
    building.errorMessage = "Out of memory";
    h.stored.length = 0;
    await run();
    expect(h.stored.map((m) => m.key)).toEqual([`vercel:deployment:${later.id}:READY`, `vercel:deployment:${building.id}:ERROR`]);
    expect(h.stored[1]?.content).toMatch(/^Vercel preview deployment of acme-web failed \(BUILD_FAILED: Out of memory\)\./);
    expect(checkpoint()).toEqual({ since: later.created - 1 });
  });

  it("lets a deployment stuck in the queue for longer than a day stop holding the checkpoint", async () => {
    const stuck = h.fake.addDeployment(project, { created: NOW.getTime() - OPEN_DEPLOYMENT_HORIZON_MS - 60_000, readyState: "QUEUED" });
    const newer = h.fake.addDeployment(project, { created: NOW.getTime() - 60_000 });
    await run();
    expect(h.stored.map((m) => m.key)).toEqual([`vercel:deployment:${newer.id}:READY`, `vercel:deployment:${stuck.id}:QUEUED`]);
    expect(checkpoint()).toEqual({ since: newer.created - 1 });
  });

  it("keeps its checkpoint when nothing new was deployed", async () => {
    bench.checkpoints.set("vercel", "deployments", JSON.stringify({ since: NOW.getTime() - 1000 }));
    const report = await run();
    expect(report).toMatchObject({ outcome: "success", processed: 0 });
    expect(checkpoint()).toEqual({ since: NOW.getTime() - 1000 });
  });

  it("refuses a checkpoint it cannot read instead of starting over silently", async () => {
    bench.checkpoints.set("vercel", "deployments", JSON.stringify({ cursor: "x" }));
    const report = await run();
    expect(report.outcome).toBe("failed");
    expect(report.error).toMatch(/unreadable Vercel sync checkpoint/);
    expect(h.fake.requests).toHaveLength(0);
  });
});
