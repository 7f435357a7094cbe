/**
 * Retrieval quality of the embedded ranking on the labelled set. Prints recall@5 per mode (and
 * without the thesaurus, to show what it contributes) and holds the hybrid and semantic rankings
 * to a floor: a quality bar, not a timing threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedMemoryStore } from "../../services/memory/embedded/sqlite-store.js";
import type { SearchMode } from "../../services/memory/types.js";
import { LABELLED_MEMORIES, LABELLED_QUERIES, recallAtK } from "./fixtures/labelled-set.js";

const RECALL_FLOOR = 0.8;

describe("embedded search quality on the labelled set", () => {
  const withThesaurus = new EmbeddedMemoryStore({ dataDir: ":memory:" });
  const withoutThesaurus = new EmbeddedMemoryStore({ dataDir: ":memory:", expandQueries: false });
  const recall = new Map<string, number>();

  async function measure(store: EmbeddedMemoryStore, mode: SearchMode): Promise<number> {
    const results: string[][] = [];
    for (const q of LABELLED_QUERIES) {
      results.push((await store.search({ query: q.query, mode, limit: 5 })).map((h) => h.memory.key));
    }
    return recallAtK(results, LABELLED_QUERIES, 5);
  }

  beforeAll(async () => {
    await withThesaurus.store(LABELLED_MEMORIES);
    await withoutThesaurus.store(LABELLED_MEMORIES);
    for (const mode of ["hybrid", "semantic", "keyword"] as const) recall.set(mode, await measure(withThesaurus, mode));
    recall.set("semantic without thesaurus", await measure(withoutThesaurus, "semantic"));
    recall.set("hybrid without thesaurus", await measure(withoutThesaurus, "hybrid"));
    console.log(
      `recall@5 over ${LABELLED_QUERIES.length} queries, ${LABELLED_MEMORIES.length} memories:\n` +
        [...recall].map(([name, value]) => `  ${name.padEnd(28)} ${value.toFixed(3)}`).join("\n"),
    );
  });
  afterAll(async () => {
    await withThesaurus.close();
    await withoutThesaurus.close();
  });

  it("labels a set big enough to mean something", () => {
    expect(LABELLED_MEMORIES.length).toBeGreaterThanOrEqual(30);
    expect(LABELLED_QUERIES.length).toBeGreaterThanOrEqual(15);
    const keys = new Set(LABELLED_MEMORIES.map((m) => m.key));
    for (const q of LABELLED_QUERIES) for (const key of q.relevant) expect(keys.has(key), key).toBe(true);
  });

  it(`reaches recall@5 ≥ ${RECALL_FLOOR} in hybrid and semantic mode`, () => {
    expect(recall.get("hybrid")).toBeGreaterThanOrEqual(RECALL_FLOOR);
    expect(recall.get("semantic")).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  it("ranks by meaning better than by keywords alone on paraphrased questions", () => {
    expect(recall.get("semantic") ?? 0).toBeGreaterThan(recall.get("keyword") ?? 1);
  });
});
