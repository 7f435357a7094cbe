import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import { memoryIdForKey } from "../../services/memory/ids.js";
import { CONTRACT_RECORDS, describeMemoryStoreContract } from "./contract.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "memory-embedded-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeMemoryStoreContract("embedded (SQLite)", async () => {
  const store = new EmbeddedMemoryStore({ dataDir: tempDir() });
  return { store, cleanup: () => store.close() };
});

describe("embedded store on disk", () => {
  it("keeps memories, their keys and their search index across a restart", async () => {
    const dir = tempDir();
    const first = new EmbeddedMemoryStore({ dataDir: dir });
    await first.store(CONTRACT_RECORDS);
    await first.close();

    const reopened = new EmbeddedMemoryStore({ dataDir: dir });
    try {
      expect((await reopened.health()).memories).toBe(CONTRACT_RECORDS.length);
      expect(await reopened.store(CONTRACT_RECORDS)).toEqual({ stored: 0, duplicates: CONTRACT_RECORDS.length });
      const semantic = await reopened.search({ query: "crashing exporter", mode: "semantic", limit: 1 });
      expect(semantic[0]?.memory.id).toBe(memoryIdForKey("linear:issue:ENG-12"));
      const keyword = await reopened.search({ query: "Lisbon", mode: "keyword", limit: 1 });
      expect(keyword[0]?.memory.key).toBe("slack:event:Ev002");
    } finally {
      await reopened.close();
    }
  });

  it("opens at once and loads a large index in the background: unready (with progress) until it is done, then searchable", async () => {
    const dir = tempDir();
    const first = new EmbeddedMemoryStore({ dataDir: dir });
    const records = Array.from({ length: 5_000 }, (_, i) => ({
      key: `test:bulk:${i}`,
      source: "linear",
      type: "issue",
      timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      content: i === 4_321 ? "the exporter crashes on the quarterly Lisbon report" : `routine note number ${i} about nothing much`,
      record: {},
    }));
    await first.store(records);
    await first.close();

    const reopened = new EmbeddedMemoryStore({ dataDir: dir });
    try {
      // the constructor returned before the index holds everything: the store says how far it is
      const loading = await reopened.health();
      expect(loading.ok).toBe(false);
      expect(loading.problems).toEqual([expect.stringMatching(/^memory index loading: \d+ of 5000 memories$/)]);
      // a store during the load commits, and joins the index after it
      expect(await reopened.store([{ ...records[0]!, key: "test:bulk:late", content: "a late Lisbon exporter note" }])).toEqual({ stored: 1, duplicates: 0 });
      await reopened.whenLoaded();
      expect(await reopened.health()).toMatchObject({ ok: true, memories: 5_001, problems: [] });
      const hits = await reopened.search({ query: "Lisbon exporter crashes", mode: "semantic", limit: 2 });
      expect(hits.map((h) => h.memory.key).sort()).toEqual(["test:bulk:4321", "test:bulk:late"]);
    } finally {
      await reopened.close();
    }
  });

  it("writes in WAL mode", async () => {
    const dir = tempDir();
    const store = new EmbeddedMemoryStore({ dataDir: dir });
    await store.store(CONTRACT_RECORDS.slice(0, 1));
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path.join(dir, "memory.sqlite"), { readOnly: true });
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual(expect.objectContaining({ journal_mode: "wal" }));
    db.close();
    await store.close();
  });

  it("stores nothing from a batch that fails part-way", async () => {
    const store = new EmbeddedMemoryStore({ dataDir: tempDir() });
    const badTime = { ...(CONTRACT_RECORDS[1] as (typeof CONTRACT_RECORDS)[number]), key: "gong:call:bad", timestamp: "not a time" };
    await expect(store.store([CONTRACT_RECORDS[0] as (typeof CONTRACT_RECORDS)[number], badTime])).rejects.toThrow(/not a timestamp/);
    // fails inside the transaction, after the first row was inserted: the whole batch rolls back
    const unserializable = { ...(CONTRACT_RECORDS[1] as (typeof CONTRACT_RECORDS)[number]), key: "gong:call:bigint", record: { n: 10n } };
    await expect(store.store([CONTRACT_RECORDS[0] as (typeof CONTRACT_RECORDS)[number], unserializable])).rejects.toThrow(/BigInt/);
    expect((await store.health()).memories).toBe(0);
    expect(await store.search({ query: "Acme renewal legal", mode: "semantic" })).toEqual([]);
    expect(await store.store(CONTRACT_RECORDS.slice(0, 1))).toEqual({ stored: 1, duplicates: 0 });
    await store.close();
  });

  it("treats FTS5 operators in a query as plain words", async () => {
    const store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
    await store.store(CONTRACT_RECORDS);
    const hits = await store.search({ query: 'Acme" OR NEAR(x) * -', mode: "keyword", limit: 5 });
    expect(hits.length).toBeGreaterThan(0);
    expect(await store.search({ query: "the of and", mode: "keyword" })).toEqual([]);
    await store.close();
  });

  it("rejects a cursor it did not make", async () => {
    const store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
    await expect(store.list({ cursor: "garbage" })).rejects.toThrow(/invalid cursor/);
    await store.close();
  });
});
