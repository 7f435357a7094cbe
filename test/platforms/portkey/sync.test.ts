/**
 * The analytics sync under the sync engine: one memory per closed UTC day (today never), resumed on
 * the day it stopped at, then incremental from its checkpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryRecord, MemorySink } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/portkey/index.js";
import { parseCheckpoint } from "../../../services/platforms/portkey/sync.js";
import { PortkeyFake } from "../../fakes/portkey.js";
import { keyedMemorySink, openSyncBench, platformHarness, type SyncBench } from "../../support/platform-harness.js";
import { API_KEY, CREDENTIALS, NOW, SETTINGS, WORKSPACE, seed } from "./harness.js";

const sync = definition.syncs![0]!;
let fake: PortkeyFake;
let bench: SyncBench;
const stored = new Map<string, MemoryRecord>();
const sink = (failOnceOnKey?: string) => keyedMemorySink(stored, failOnceOnKey);

function run(memory: MemorySink, now = NOW, credentials = CREDENTIALS) {
  const portkey = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now });
  return bench.run(sync, { ...portkey.ctx, memory });
}

beforeEach(async () => {
  stored.clear();
  fake = await PortkeyFake.start({ apiKey: API_KEY, workspace: WORKSPACE });
  seed(fake);
  bench = openSyncBench("portkey");
});

afterEach(async () => {
  bench.close();
  expect(fake.unexpected).toEqual([]);
  await fake.close();
});

describe("portkey analytics sync", () => {
  it("summarizes each closed day of the first week, reads four figures a day, and resumes where it stopped", async () => {
    const first = await run(sink("portkey:analytics:prod:2026-11-18"));
    expect(first.outcome).toBe("failed");
    expect(parseCheckpoint(first.checkpoint, NOW)).toEqual({ nextDay: "2026-11-18" });
    const second = await run(sink());
    expect(second.outcome).toBe("success");
    expect(parseCheckpoint(second.checkpoint, NOW)).toEqual({ nextDay: "2026-11-20" });
    const days = ["13", "14", "15", "16", "17", "18", "19"].map((d) => `portkey:analytics:prod:2026-11-${d}`);
    expect([...stored.keys()].sort()).toEqual(days);
    const day = stored.get("portkey:analytics:prod:2026-11-19")!;
    expect(day.content).toBe(
      "Portkey gateway traffic on 2026-11-19 (UTC) in workspace prod: 4 requests costing $6.60, 1 failed (25.0%).\n" +
        "Top models: gpt-4o (3 requests), claude-sonnet-4 (1 requests).",
    );
    expect(day).toMatchObject({ source: "portkey", type: "daily_analytics", timestamp: "2026-11-19T00:00:00.000Z", url: "https://app.portkey.ai/analytics" });
    expect(stored.get("portkey:analytics:prod:2026-11-13")!.content).toContain("No requests went through the gateway that day.");
    // the second run started on the 18th, whose storing had failed
    const windows = fake.requestsTo("/v1/analytics/graphs/requests").map((r) => r.query.get("time_of_generation_min")!.slice(0, 10));
    expect(windows.filter((day) => day === "2026-11-18")).toHaveLength(2);
    expect(windows.filter((day) => day === "2026-11-13")).toHaveLength(1);
    const window = fake.requestsTo("/v1/analytics/graphs/requests").at(-1)!;
    expect(Object.fromEntries(window.query)).toEqual({ workspace_slug: "prod", time_of_generation_min: "2026-11-19T00:00:00.000Z", time_of_generation_max: "2026-11-19T23:59:59.999Z" });
  });

  it("on the next day reads only the day that closed", async () => {
    expect((await run(sink())).outcome).toBe("success");
    stored.clear();
    const before = fake.requests.length;
    const report = await run(sink(), new Date("2026-11-21T06:00:00.000Z"));
    expect(report.outcome).toBe("success");
    expect([...stored.keys()]).toEqual(["portkey:analytics:prod:2026-11-20"]);
    expect(stored.get("portkey:analytics:prod:2026-11-20")!.content).toContain("1 requests costing $1.20, 0 failed (0.0%)");
    expect(fake.requests.length - before).toBe(4);
  });

  it("fails clearly without a workspace", async () => {
    const report = await run(sink(), NOW, { PORTKEY_API_KEY: API_KEY });
    expect(report.outcome).toBe("failed");
    expect(report.error).toContain("PORTKEY_WORKSPACE_ID");
    expect(fake.requests).toEqual([]);
  });
});
