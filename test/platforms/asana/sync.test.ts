import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolContext } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/asana/index.js";
import type { AsanaApi } from "../../../services/platforms/asana/api/index.js";
import { CLOCK_SKEW_MS, SYNC_PAGE_SIZE, syncs } from "../../../services/platforms/asana/sync.js";
import { type SyncBench, openSyncBench, platformHarness, startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, SETTINGS, TOKEN, startHarness } from "./harness.js";

let h: Harness;
let bench: SyncBench;
startedForEachTest(startHarness, (started) => (h = started));
beforeEach(() => {
  bench = openSyncBench("asana");
});
afterEach(() => bench.close());

const tasksSync = syncs.find((s) => s.object === "tasks") ?? expect.unreachable();
let now = NOW;
const ctx = (): ToolContext<AsanaApi> => ({ ...h.ctx, clock: { now: () => now } });
const run = (context: ToolContext<AsanaApi> = ctx()) => bench.run(tasksSync, context);
const saved = () => JSON.parse(bench.checkpoints.get("asana", "tasks")?.checkpoint ?? "null") as unknown;
const taskRequests = () => h.fake.requests.filter((r) => r.path === "/tasks").map((r) => ({ project: r.query.get("project"), since: r.query.get("modified_since"), offset: r.query.has("offset") }));
const internal = { status: 500, body: { errors: [{ message: "Server Error", phrase: "6 sad squid snuggle softly" }] } };
beforeEach(() => {
  now = NOW;
});

describe("Asana incremental task sync", () => {
  it("reads the tasks of every active project of every workspace, and settles `since` at its start", async () => {
    const report = await run();
    expect(report.outcome).toBe("success");
    expect(h.fake.requests.map((r) => r.path)).toEqual(["/workspaces", "/projects", "/tasks", "/tasks"]);
    expect(h.fake.requests[1]?.query.get("archived")).toBe("false");
    expect(taskRequests()).toEqual([
      { project: h.ws.launch, since: null, offset: false },
      { project: h.ws.ops, since: null, offset: false },
    ]);
    expect(h.stored.map((m) => m.title)).toEqual(["Asana task: Write launch copy", "Asana task: Pricing page", "Asana task: Launch checklist", "Asana task: On-call handover"]);
    const copy = h.fake.get(h.ws.tasks.copy);
    expect(h.stored[0]).toMatchObject({
      key: `asana:task:${h.ws.tasks.copy}:${String(copy.modified_at)}`,
      type: "task",
      url: `https://app.asana.com/1/0/task/${h.ws.tasks.copy}`,
      content: 'Asana task "Write launch copy" in Website launch (Doing). Open. Assigned to Ada Lovelace. Due 2026-11-25. Notes: Hero text, pricing blurb and FAQ.',
    });
    expect(saved()).toEqual({ since: new Date(NOW.getTime() - CLOCK_SKEW_MS).toISOString() });
  });

  it("reads only the configured workspace when ASANA_WORKSPACE_ID is set", async () => {
    const scoped = platformHarness(definition, { baseUrl: h.fake.apiUrl, credentials: { ASANA_ACCESS_TOKEN: TOKEN, ASANA_WORKSPACE_ID: h.ws.workspace }, settings: SETTINGS, now: NOW });
    expect((await run(scoped.ctx)).outcome).toBe("success");
    expect(h.fake.requests.map((r) => r.path)).toEqual(["/projects", "/tasks", "/tasks"]);
    expect(h.fake.requests[0]?.query.get("workspace")).toBe(h.ws.workspace);
  });

  it("pages through a large project 100 tasks at a time", async () => {
    for (let i = 0; i < 230; i += 1) h.fake.addTask({ name: `Backlog item ${i}`, project: h.ws.ops });
    expect((await run()).outcome).toBe("success");
    const opsPages = taskRequests().filter((r) => r.project === h.ws.ops);
    expect(opsPages.map((r) => r.offset)).toEqual([false, true, true]);
    expect(h.fake.requests.filter((r) => r.path === "/tasks").every((r) => r.query.get("limit") === String(SYNC_PAGE_SIZE))).toBe(true);
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(234);
  });

  it("resumes an interrupted run at the project it had reached, with the same `until`", async () => {
    for (let i = 0; i < 150; i += 1) h.fake.addTask({ name: `Backlog item ${i}`, project: h.ws.ops });
    // the second page of the ops project fails for the runtime client's whole retry budget (4 attempts)
    h.fake.failNext(internal, "/tasks", 2);
    for (let i = 1; i < 4; i += 1) h.fake.failNext(internal, "/tasks");
    const interrupted = await run();
    expect(interrupted.outcome).toBe("failed");
    expect(saved()).toEqual({ run: { until: NOW.toISOString(), project: h.ws.ops } });

    now = new Date(NOW.getTime() + 3_600_000);
    const before = h.fake.requests.length;
    const resumed = await run();
    expect(resumed.outcome).toBe("success");
    const resumedTasks = h.fake.requests.slice(before).filter((r) => r.path === "/tasks");
    expect(resumedTasks.map((r) => [r.query.get("project"), r.query.has("offset")])).toEqual([
      [h.ws.ops, false],
      [h.ws.ops, true],
    ]);
    // the run that started before the failure decides where `since` lands, not the resume's clock
    expect(saved()).toEqual({ since: new Date(NOW.getTime() - CLOCK_SKEW_MS).toISOString() });
    expect(new Set(h.stored.map((m) => m.key)).size).toBe(154);
  });

  it("picks up only the tasks modified since the checkpoint", async () => {
    await run();
    h.stored.length = 0;
    h.fake.touch(h.ws.tasks.pricing, { name: "Pricing page (final)" }, "2026-11-20T12:30:00.000Z");
    now = new Date("2026-11-20T13:00:00.000Z");
    expect((await run()).outcome).toBe("success");
    const since = new Date(NOW.getTime() - CLOCK_SKEW_MS).toISOString();
    expect(taskRequests().slice(-2).map((r) => r.since)).toEqual([since, since]);
    expect(h.stored.map((m) => m.title)).toEqual(["Asana task: Pricing page (final)"]);
    expect(saved()).toEqual({ since: "2026-11-20T12:58:00.000Z" });
  });

  it("refuses a checkpoint it did not write", async () => {
    bench.checkpoints.set("asana", "tasks", JSON.stringify({ cursor: "x" }));
    const report = await run();
    expect(report.outcome).toBe("failed");
    expect(h.fake.requests).toHaveLength(0);
  });
});
