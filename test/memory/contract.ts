/**
 * The backend contract: the same behaviour from every MemoryStore. Each backend's test file calls
 * describeMemoryStoreContract with a factory that opens a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryIdForKey } from "../../services/memory/ids.js";
import type { MemoryStore } from "../../services/memory/types.js";
import type { MemoryRecord } from "../../services/runtime/contract.js";

export interface ContractFixture {
  readonly store: MemoryStore;
  cleanup(): Promise<void>;
}

export const CONTRACT_RECORDS: readonly MemoryRecord[] = [
  {
    key: "slack:event:Ev001", source: "slack", type: "message", timestamp: "2025-03-01T09:00:00Z",
    content: "The renewal for Acme is blocked until legal reviews the new data processing agreement.",
    record: { channel: "C123", user: "U42", ts: "1740819600.000100" }, url: "https://example.slack.com/archives/C123/p1740819600000100",
  },
  {
    key: "gong:call:77", source: "gong", type: "call", timestamp: "2025-03-02T15:30:00+01:00", title: "Acme pricing call",
    content: "Customer asked for volume discounts on the enterprise tier and mentioned a competing offer from Rivalytics.",
    record: { callId: "77", durationSeconds: 1800 },
  },
  {
    key: "hubspot:deal:501", source: "hubspot", type: "deal", timestamp: "2025-03-03T10:00:00Z", title: "Acme renewal 2025",
    content: "Deal moved to contract sent. Amount 48,000 USD, closing end of March.",
    record: { dealId: "501", stage: "contractsent", amount: 48000 },
  },
  {
    key: "linear:issue:ENG-12", source: "linear", type: "issue", timestamp: "2025-02-20T08:00:00Z", title: "Exports crash on large workspaces",
    content: "CSV exports over fifty thousand rows crash the worker with an out of memory error.",
    record: { identifier: "ENG-12", priority: 1 },
  },
  {
    key: "slack:event:Ev002", source: "slack", type: "message", timestamp: "2025-02-25T12:00:00Z",
    content: "Reminder: the quarterly planning offsite is in Lisbon next month.",
    record: { channel: "C999", user: "U7" },
  },
];

const keysOf = (memories: readonly { key: string }[]) => memories.map((m) => m.key);

export function describeMemoryStoreContract(backend: string, open: () => Promise<ContractFixture>): void {
  describe(`MemoryStore contract: ${backend}`, () => {
    let fixture: ContractFixture;
    let store: MemoryStore;

    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
      expect(await store.store(CONTRACT_RECORDS)).toEqual({ stored: CONTRACT_RECORDS.length, duplicates: 0 });
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it("is idempotent by key: a redelivered record never makes a second memory", async () => {
      const again = await store.store([CONTRACT_RECORDS[0] as MemoryRecord, { ...(CONTRACT_RECORDS[1] as MemoryRecord), content: "changed" }]);
      expect(again).toEqual({ stored: 0, duplicates: 2 });
      const fresh: MemoryRecord = { ...(CONTRACT_RECORDS[0] as MemoryRecord), key: "slack:event:Ev003" };
      expect(await store.store([fresh, fresh])).toEqual({ stored: 1, duplicates: 1 });
      const all = await store.list({ limit: 100 });
      expect(all.memories).toHaveLength(CONTRACT_RECORDS.length + 1);
      const kept = await store.get(memoryIdForKey("gong:call:77"));
      expect(kept?.content).toBe(CONTRACT_RECORDS[1]?.content);
    });

    it("gets a memory by id with its record, timestamp in UTC, and nothing for an unknown id", async () => {
      const memory = await store.get(memoryIdForKey("gong:call:77"));
      expect(memory).toMatchObject({
        id: memoryIdForKey("gong:call:77"), key: "gong:call:77", source: "gong", type: "call",
        timestamp: "2025-03-02T14:30:00.000Z", title: "Acme pricing call", record: { callId: "77", durationSeconds: 1800 },
      });
      expect(Number.isNaN(Date.parse(memory?.storedAt ?? ""))).toBe(false);
      const slack = await store.get(memoryIdForKey("slack:event:Ev001"));
      expect(slack?.url).toBe("https://example.slack.com/archives/C123/p1740819600000100");
      expect(await store.get(memoryIdForKey("nope"))).toBeUndefined();
    });

    it("finds by meaning: other word forms of the content", async () => {
      const hits = await store.search({ query: "crashing exporter", mode: "semantic", limit: 3 });
      expect(hits[0]?.memory.key).toBe("linear:issue:ENG-12");
      expect(hits[0]?.matchedBy).toEqual(["semantic"]);
    });

    it("finds by keyword, with a snippet from the content", async () => {
      const hits = await store.search({ query: "Rivalytics", mode: "keyword", limit: 3 });
      expect(keysOf(hits.map((h) => h.memory))).toEqual(["gong:call:77"]);
      expect(hits[0]?.snippet).toContain("Rivalytics");
    });

    it("fuses both rankings in hybrid mode (the default)", async () => {
      const hits = await store.search({ query: "Acme renewal legal review", limit: 5 });
      expect(hits[0]?.memory.key).toBe("slack:event:Ev001");
      expect(hits[0]?.matchedBy).toEqual(expect.arrayContaining(["semantic", "keyword"]));
      const scores = hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it("filters search by source, type and time range", async () => {
      const bySource = await store.search({ query: "Acme renewal", filters: { source: "hubspot" }, limit: 10 });
      expect(keysOf(bySource.map((h) => h.memory))).toEqual(["hubspot:deal:501"]);
      const byType = await store.search({ query: "Acme", filters: { type: "call" }, limit: 10 });
      expect(keysOf(byType.map((h) => h.memory))).toEqual(["gong:call:77"]);
      const byTime = await store.search({
        query: "Acme renewal", filters: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T23:59:59Z" }, limit: 10,
      });
      expect(new Set(keysOf(byTime.map((h) => h.memory)))).toEqual(new Set(["slack:event:Ev001", "gong:call:77"]));
      expect(await store.search({ query: "Acme", filters: { source: "figma" }, limit: 10 })).toEqual([]);
    });

    it("lists newest first with filters and a cursor that pages without overlap", async () => {
      const first = await store.list({ limit: 2 });
      expect(keysOf(first.memories)).toEqual(["hubspot:deal:501", "gong:call:77"]);
      expect(first.nextCursor).toBeDefined();
      const second = await store.list({ limit: 2, cursor: first.nextCursor });
      expect(keysOf(second.memories)).toEqual(["slack:event:Ev001", "slack:event:Ev002"]);
      const third = await store.list({ limit: 2, cursor: second.nextCursor });
      expect(keysOf(third.memories)).toEqual(["linear:issue:ENG-12"]);
      expect(third.nextCursor).toBeUndefined();
      const slack = await store.list({ filters: { source: "slack", to: "2025-02-28T00:00:00Z" } });
      expect(keysOf(slack.memories)).toEqual(["slack:event:Ev002"]);
      expect(keysOf(await store.recent(1))).toEqual(["hubspot:deal:501"]);
    });

    it("summarises sources with counts and newest timestamps", async () => {
      expect(await store.sources()).toEqual([
        { source: "slack", count: 2, latest: "2025-03-01T09:00:00.000Z" },
        { source: "gong", count: 1, latest: "2025-03-02T14:30:00.000Z" },
        { source: "hubspot", count: 1, latest: "2025-03-03T10:00:00.000Z" },
        { source: "linear", count: 1, latest: "2025-02-20T08:00:00.000Z" },
      ]);
    });

    it("reports itself healthy", async () => {
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(health.problems).toEqual([]);
    });
  });
}
