/**
 * The calls sync under the sync engine (runSync): pages of /v2/calls/extensive with records.cursor,
 * interrupted mid-window and resumed on the page it stopped at, then incremental by fromDateTime
 * with an overlap that stores nothing twice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MemoryRecord, MemorySink } from "../../../services/runtime/contract.js";
import type { GongApi } from "../../../services/platforms/gong/api/index.js";
import { definition } from "../../../services/platforms/gong/index.js";
import { PROCESSING_OVERLAP_HOURS, parseCheckpoint } from "../../../services/platforms/gong/sync.js";
import { GongFake, type FakeGongCall } from "../../fakes/gong.js";
import { keyedMemorySink, openSyncBench, platformHarness, type SyncBench } from "../../support/platform-harness.js";
import { company, credentials, gongSettings } from "./fixtures.js";

const sync = definition.syncs![0]!;
const NOW = new Date("2024-04-02T12:00:00Z");

const extraCalls: FakeGongCall[] = Array.from({ length: 3 }, (_, i) => ({
  id: `88000000000000000${i}`,
  title: `Discovery call ${i + 1}`,
  started: `2024-03-2${i}T09:00:00Z`,
  duration: 900,
  primaryUserId: "234599484848424",
  parties: [{ speakerId: "1", name: "Tom Hill", emailAddress: "tom@ourco.com", affiliation: "Internal" }],
}));

let fake: GongFake;
let bench: SyncBench;
const stored = new Map<string, MemoryRecord>();
const sink = (failOnceOnKey?: string) => keyedMemorySink(stored, failOnceOnKey);

function run(memory: MemorySink, now = NOW) {
  const gong = platformHarness(definition, { baseUrl: fake.url, credentials, settings: gongSettings, now });
  return bench.run(sync, { ...gong.ctx, memory });
}

const extensiveBodies = () => fake.requestsTo("/v2/calls/extensive").map((r) => JSON.parse(r.body) as { filter: Record<string, string>; cursor?: string });

beforeEach(async () => {
  stored.clear();
  fake = await GongFake.start({ ...company, calls: [...extraCalls, ...(company.calls ?? [])] }); // 6 calls, 2 a page
  bench = openSyncBench("gong");
});

afterEach(async () => {
  bench.close();
  expect(fake.unexpected()).toEqual([]);
  await fake.close();
});

describe("gong calls sync", () => {
  it("resumes an interrupted window on the page it stopped at", async () => {
    // pages: [extra 0, extra 1] [extra 2, renewal] [demo, internal]; storing the second page fails once
    const first = await run(sink("gong:call:7782342274025937895"));
    expect(first.outcome).toBe("failed");
    expect(first.pages).toBe(1);
    const interrupted = parseCheckpoint(first.checkpoint, NOW);
    expect(interrupted).toEqual({ from: "2024-03-03T12:00:00.000Z", to: "2024-04-02T12:00:00.000Z", cursor: expect.any(String) });

    const before = extensiveBodies().length;
    const second = await run(sink());
    expect(second.outcome).toBe("success");
    const resumed = extensiveBodies()[before];
    expect(resumed).toMatchObject({ cursor: interrupted.cursor, filter: { fromDateTime: interrupted.from, toDateTime: interrupted.to } });
    expect([...stored.keys()].sort()).toEqual(
      [...extraCalls.map((c) => c.id), "7782342274025937895", "7782342274025937896", "7782342274025937897"].map((id) => `gong:call:${id}`).sort(),
    );
    // the window is done: the next one starts a little before its end, with no cursor
    expect(parseCheckpoint(second.checkpoint, NOW)).toEqual({
      from: new Date(NOW.getTime() - PROCESSING_OVERLAP_HOURS * 3_600_000).toISOString(),
    });
    expect(stored.get("gong:call:7782342274025937895")?.content).toContain("Summary: Acme wants a 15% discount");
  });

  it("asks only for calls since the last window on the next run", async () => {
    expect((await run(sink())).outcome).toBe("success");
    stored.clear();
    const later = new Date("2024-04-03T12:00:00Z");
    fake.calls.push({ ...extraCalls[0]!, id: "8900000000000000001", title: "Follow-up", started: "2024-04-03T08:00:00Z" });
    const before = extensiveBodies().length;

    const next = await run(sink(), later);
    expect(next.outcome).toBe("success");
    expect([...stored.keys()]).toEqual(["gong:call:8900000000000000001"]);
    expect(extensiveBodies().slice(before)).toEqual([
      expect.objectContaining({ filter: { fromDateTime: "2024-04-02T09:00:00.000Z", toDateTime: "2024-04-03T12:00:00.000Z" } }),
    ]);
  });
});
