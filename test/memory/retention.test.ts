/**
 * Memory retention (integrations.memory.retention.memories_days): memories older than their
 * source's maximum age are deleted, in batches, from the rows, the keyword index and the semantic
 * index alike, so searches stay full and never return a deleted memory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { consistencyIssues } from "../../services/fleet/consistency.js";
import { integrationSchema } from "../../services/fleet/schema.js";
import { pruneConditions } from "../../services/memory/embedded/retention.js";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import type { MemoryRecord } from "../../services/runtime/contract.js";
import { memoryRetention, startRetention } from "../../services/platforms/memory/retention.js";

const NOW = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const dirs: string[] = [];
const stores: EmbeddedMemoryStore[] = [];
function openStore(): EmbeddedMemoryStore {
  const dir = mkdtempSync(path.join(tmpdir(), "memory-retention-"));
  dirs.push(dir);
  const store = new EmbeddedMemoryStore({ dataDir: dir, clock: { now: () => NOW } });
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function memories(source: "slack" | "gong" | "hubspot", count: number, ageDays: number, content: string, tag: string): MemoryRecord[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${source}:${tag}:${i}`, source, type: "note", timestamp: daysAgo(ageDays), content: `${content} ${tag} ${i}`, record: { i } }));
}

describe("memory retention settings", () => {
  it("accepts per-source maximum ages and a default, and names a wrong key", () => {
    expect(integrationSchema.parse({ enabled: true, mcp_server_port: 9010, retention: { memories_days: { slack: 90, default: 365 } } }).retention).toEqual({ memories_days: { slack: 90, default: 365 } });
    const unknown = integrationSchema.safeParse({ enabled: true, mcp_server_port: 9010, retention: { memories_days: { slak: 90 } } });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.message).toMatch(/^"slak" is neither "default" nor a platform/);
    expect(integrationSchema.safeParse({ enabled: true, mcp_server_port: 9010, retention: { memories_days: { slack: 0 } } }).error?.issues[0]?.message).toBe("must be a positive number of days");
    expect(consistencyIssues({ integrations: { slack: { enabled: true, mcp_server_port: 9003, retention: { memories_days: { slack: 1 } } } } })).toEqual([
      { path: ["integrations", "slack", "retention", "memories_days"], message: "only the memory integration keeps memories (set it under integrations.memory.retention)" },
    ]);
    expect(memoryRetention(undefined)).toBeUndefined();
    expect(memoryRetention({ inbox_done_hours: 2 })).toBeUndefined();
  });

  it("turns them into one condition per named source and one for every other source", () => {
    expect(pruneConditions({ maxAgeDays: { slack: 30, default: 365 } }, NOW)).toEqual([
      { sql: "source = ? AND occurred_at < ?", params: ["slack", daysAgo(30)] },
      { sql: "source NOT IN (?) AND occurred_at < ?", params: ["slack", daysAgo(365)] },
    ]);
    expect(pruneConditions({ maxAgeDays: { default: 7 } }, NOW)).toEqual([{ sql: "occurred_at < ?", params: [daysAgo(7)] }]);
  });
});

describe("embedded store prune", () => {
  it("deletes by age and source, in batches, and keeps searches full and free of deleted memories", async () => {
    const store = openStore();
    // the old Slack memories match the query best; more of them than one prune batch (500)
    await store.store(memories("slack", 1_200, 40, "renewal pricing zebra", "old"));
    await store.store(memories("slack", 15, 5, "renewal pricing zebra discount procurement legal", "new"));
    await store.store(memories("gong", 3, 400, "renewal pricing zebra call", "ancient"));
    await store.store(memories("gong", 3, 100, "renewal pricing zebra call", "recent"));
    await store.store(memories("hubspot", 2, 200, "renewal pricing zebra deal", "kept"));
    const before = await store.search({ query: "renewal pricing zebra", mode: "semantic", limit: 10, filters: { source: "slack" } });
    expect(before.every((hit) => hit.memory.key.startsWith("slack:old:"))).toBe(true);

    const pruned = await store.prune({ maxAgeDays: { slack: 30, hubspot: 365, default: 365 } });
    expect(pruned).toEqual({ deleted: 1_200 + 3 });
    expect(Object.fromEntries((await store.sources()).map((s) => [s.source, s.count]))).toEqual({ slack: 15, gong: 3, hubspot: 2 });

    for (const mode of ["semantic", "keyword", "hybrid"] as const) {
      const hits = await store.search({ query: "renewal pricing zebra", mode, limit: 10, filters: { source: "slack" } });
      expect(hits.map((h) => h.memory.key.split(":")[1]), mode).toEqual(Array(10).fill("new"));
    }
    const gong = await store.search({ query: "renewal pricing zebra call", mode: "semantic", limit: 10, filters: { source: "gong" } });
    expect(gong.map((h) => h.memory.key).sort()).toEqual(["gong:recent:0", "gong:recent:1", "gong:recent:2"]);
    // nothing left to delete: a second pass deletes nothing
    expect(await store.prune({ maxAgeDays: { slack: 30, default: 365 } })).toEqual({ deleted: 0 });
  });

  it("keeps the semantic index consistent when a deleted memory's key is stored again", async () => {
    const store = openStore();
    await store.store(memories("slack", 1, 40, "quarterly zebra review", "again"));
    await store.prune({ maxAgeDays: { slack: 30 } });
    await store.store(memories("slack", 1, 1, "quarterly zebra review", "again"));
    const hits = await store.search({ query: "quarterly zebra review", mode: "semantic", limit: 5 });
    expect(hits.map((h) => [h.memory.key, h.memory.timestamp])).toEqual([["slack:again:0", daysAgo(1)]]);
  });

  it("the server's retention loop runs a pass and logs what it deleted", async () => {
    const store = openStore();
    await store.store(memories("gong", 4, 30, "call notes", "old"));
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const loop = startRetention(store, memoryRetention({ memories_days: { gong: 7 } }), log)!;
    try {
      expect(await loop.runOnce()).toBe(4);
      expect(lines.map((l) => JSON.parse(l) as { msg: string; deleted: number })).toEqual([
        expect.objectContaining({ msg: "memories past their retention deleted", deleted: 4 }),
      ]);
    } finally {
      loop.stop();
    }
  });
});
