import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/linear/sync.js";
import { type SyncBench, openSyncBench, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("linear");
});
afterEach(() => bench.close());

const issuesSync = syncs.find((s) => s.object === "issues") ?? expect.unreachable();
const run = () => bench.run(issuesSync, h.ctx);

/** `count` issues changed one minute apart, in creation order. */
function seedIssues(count: number): { id: string; updatedAt: string }[] {
  const start = Date.parse("2026-09-01T00:00:00.000Z");
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return h.fake.addIssue({ teamId: h.ws.eng, title: `Issue ${i}`, createdAt: at, updatedAt: at, archivedAt: i === 3 ? at : null });
  });
}

const variables = () => h.fake.requests.map((r) => r.body.variables ?? {});
const storedIds = () => new Set(h.stored.map((m) => (m.record as { id: string }).id));
const saved = () => JSON.parse(bench.checkpoints.get("linear", "issues")?.checkpoint ?? "null") as { since: string; after?: string } | null;

describe("Linear incremental issue sync", () => {
  it("reads every issue, archived ones included, oldest change first with a keyset on updatedAt", async () => {
    const issues = seedIssues(230);
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(storedIds()).toEqual(new Set(issues.map((i) => i.id)));
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(230);
    expect(variables()[0]).toEqual({
      filter: { updatedAt: { gte: "1970-01-01T00:00:00.000Z" } },
      first: SYNC_PAGE_SIZE,
      includeArchived: true,
      sort: [{ updatedAt: { order: "Ascending" } }],
    });
    expect(variables().map((v) => (v.filter as { updatedAt: { gte: string } }).updatedAt.gte)).toEqual([
      "1970-01-01T00:00:00.000Z",
      issues[99]?.updatedAt,
      issues[198]?.updatedAt,
    ]);
    expect(saved()).toEqual({ since: issues[229]?.updatedAt });
    expect(h.stored[0]).toMatchObject({
      key: `linear:issue:${issues[0]?.id}:${issues[0]?.updatedAt}`,
      type: "issue",
      content: 'Linear issue ENG-1 "Issue 0" in team Engineering (ENG). State: Backlog (backlog).',
    });
  });

  it("resumes from the checkpoint of the last stored page after an interrupted run", async () => {
    const issues = seedIssues(230);
    // the second page fails for the runtime client's whole retry budget (4 attempts: a query is retried)
    const internal = { status: 500, body: { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] } };
    h.fake.failNext(internal, 1);
    for (let i = 1; i < 4; i += 1) h.fake.failNext(internal);
    const interrupted = await run();
    expect(interrupted.outcome).toBe("failed");
    expect(interrupted.processed).toBe(SYNC_PAGE_SIZE);
    expect(saved()).toEqual({ since: issues[99]?.updatedAt });

    const before = h.fake.requests.length;
    const resumed = await run();
    expect(resumed.outcome).toBe("success");
    expect((variables()[before]?.filter as { updatedAt: { gte: string } }).updatedAt.gte).toBe(issues[99]?.updatedAt);
    expect(resumed.processed).toBe(230 - 99 + 1);
    expect(storedIds()).toEqual(new Set(issues.map((i) => i.id)));
  });

  it("uses the cursor only inside a run of identical updatedAt values", async () => {
    const at = "2026-10-01T00:00:00.000Z";
    const ids = Array.from({ length: 150 }, (_, i) => h.fake.addIssue({ teamId: h.ws.eng, title: `Tie ${i}`, createdAt: at, updatedAt: at }).id);
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(storedIds()).toEqual(new Set(ids));
    const afters = variables().map((v) => v.after);
    expect(afters.slice(0, 2)).toEqual([undefined, undefined]);
    expect(afters[2]).toEqual(expect.any(String));
    expect(afters).toHaveLength(3);
    expect(saved()).toEqual({ since: at });
  });

  it("picks up only what changed since the checkpoint", async () => {
    const issues = seedIssues(5);
    await run();
    h.stored.length = 0;
    const changed = h.fake.issues.find((i) => i.id === issues[1]?.id) ?? expect.unreachable();
    Object.assign(changed, { title: "Renamed", stateId: h.ws.states.done, updatedAt: h.fake.tick() });
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(h.stored.map((m) => m.title)).toEqual(["ENG-5: Issue 4", "ENG-2: Renamed"]);
    expect(h.stored[1]?.content).toContain("State: Done (completed).");
  });
});
