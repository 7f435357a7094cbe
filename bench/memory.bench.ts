/**
 * Embedded memory benchmark: store throughput, and search latency (p50/p99) with recall@10 of the
 * semantic index against an exact brute-force scan, at 10,000 and 100,000 memories.
 *
 * Baselines in the same run: store throughput against bare SQLite inserts of the same rows (no
 * FTS, no vectors), and semantic search against an exact brute-force scan over every memory's
 * unquantized vector (float32, same idf), so recall@10 measures what the index's 8-bit weights
 * cost. Recall counts ties: a returned memory is right when its exact score reaches the exact
 * tenth-best score (the synthetic text repeats words, so many memories tie).
 * The corpus is synthetic but shaped like the fleet's data (Slack messages, Gong calls, HubSpot
 * deals, Linear issues) and generated from a fixed seed, so every run sees the same text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { EmbeddedMemoryStore } from "../services/memory/embedded/sqlite-store.js";
import { LexicalIndex } from "../services/memory/lexical-index.js";
import { FEATURE_BUCKETS, documentVector, queryFeatures, type SparseVector } from "../services/memory/lexical-vectors.js";
import { memoryIdForKey } from "../services/memory/ids.js";
import type { MemoryRecord } from "../services/runtime/contract.js";
import { mulberry32, pick, syntheticMemories, topicWords } from "./memory-corpus.js";

const SIZES = [10_000, 100_000] as const;
const QUERIES = 100;
const BATCH = 500;

function syntheticQueries(memories: readonly MemoryRecord[], count: number): string[] {
  const random = mulberry32(99);
  return Array.from({ length: count }, () => {
    const m = pick(random, memories);
    const words = m.content.split(/\W+/).filter((w) => w.length > 3);
    // a few words of one memory, reordered, plus a word of another topic: a realistic, noisy question
    return [pick(random, words), pick(random, words), pick(random, topicWords(random, 1))].join(" ").toLowerCase();
  });
}

// ---------------------------------------------------------------------------------------------
// Measurement

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Exact scan: the dot product of the query with every memory's vector; all scores, and the top ten. */
function exactScan(query: SparseVector, docs: readonly SparseVector[], dense: Float32Array): { scores: Float64Array; top: number[] } {
  dense.fill(0);
  query.ids.forEach((id, i) => {
    dense[id] = query.weights[i] as number;
  });
  const scores = new Float64Array(docs.length);
  const best: { doc: number; score: number }[] = [];
  docs.forEach((doc, index) => {
    let score = 0;
    for (let i = 0; i < doc.ids.length; i += 1) score += (doc.weights[i] as number) * (dense[doc.ids[i] as number] as number);
    scores[index] = score;
    if (score <= 0) return;
    if (best.length < 10 || score > (best[best.length - 1]?.score ?? 0)) {
      best.push({ doc: index, score });
      best.sort((x, y) => y.score - x.score || y.doc - x.doc);
      if (best.length > 10) best.pop();
    }
  });
  return { scores, top: best.map((b) => b.doc) };
}

function bareInsertRate(memories: readonly MemoryRecord[], dir: string): number {
  const db = new DatabaseSync(path.join(dir, "bare.sqlite"));
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE rows (k TEXT PRIMARY KEY, s TEXT, t TEXT, ts TEXT, c TEXT, r TEXT)");
  const insert = db.prepare("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (k) DO NOTHING");
  const started = performance.now();
  for (let i = 0; i < memories.length; i += BATCH) {
    db.exec("BEGIN");
    for (const m of memories.slice(i, i + BATCH)) insert.run(m.key, m.source, m.type, m.timestamp, m.content, JSON.stringify(m.record));
    db.exec("COMMIT");
  }
  const rate = memories.length / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

interface SizeResult {
  size: number;
  storeRate: number;
  bareRate: number;
  reopenMs: number;
  semantic: number[];
  keyword: number[];
  hybrid: number[];
  exact: number[];
  recall: number;
}

const WARM_UP_QUERIES = 10;

async function benchSize(size: number): Promise<SizeResult> {
  const memories = syntheticMemories(size);
  const dir = mkdtempSync(path.join(tmpdir(), "memory-bench-"));
  try {
    const bareRate = bareInsertRate(memories, dir);
    const writer = new EmbeddedMemoryStore({ dataDir: dir });
    const started = performance.now();
    for (let i = 0; i < memories.length; i += BATCH) await writer.store(memories.slice(i, i + BATCH));
    const storeRate = memories.length / ((performance.now() - started) / 1000);
    await writer.close();
    // searching a reopened store also measures the index rebuild a restart costs
    const reopenStarted = performance.now();
    const store = new EmbeddedMemoryStore({ dataDir: dir });
    const reopenMs = performance.now() - reopenStarted;

    const docs = memories.map((m) => documentVector(m.title === undefined ? m.content : `${m.title}\n${m.content}`));
    const idfIndex = new LexicalIndex();
    docs.forEach((v) => idfIndex.add(v, { source: "", type: "", timestampMs: 0 }));
    const docByMemoryId = new Map(memories.map((m, i) => [memoryIdForKey(m.key), i]));
    const dense = new Float32Array(FEATURE_BUCKETS);

    const result: SizeResult = { size, storeRate, bareRate, reopenMs, semantic: [], keyword: [], hybrid: [], exact: [], recall: 0 };
    const queries = syntheticQueries(memories, QUERIES + WARM_UP_QUERIES);
    for (const query of queries.slice(0, WARM_UP_QUERIES)) await store.search({ query, limit: 10 });
    let recallSum = 0;
    for (const query of queries.slice(WARM_UP_QUERIES)) {
      for (const mode of ["semantic", "keyword", "hybrid"] as const) {
        const t0 = performance.now();
        const hits = await store.search({ query, mode, limit: 10 });
        result[mode].push(performance.now() - t0);
        if (mode !== "semantic") continue;
        const t1 = performance.now();
        const exact = exactScan(idfIndex.weigh(queryFeatures(query)), docs, dense);
        result.exact.push(performance.now() - t1);
        const tenth = exact.scores[exact.top.at(-1) ?? 0] ?? 0;
        const correct = hits.filter((h) => (exact.scores[docByMemoryId.get(h.memory.id) ?? -1] ?? -1) >= tenth - 1e-6).length;
        recallSum += exact.top.length === 0 ? 1 : Math.min(1, correct / exact.top.length);
      }
    }
    result.recall = recallSum / QUERIES;
    await store.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const results: SizeResult[] = [];
for (const size of SIZES) {
  console.error(`building ${size} memories…`);
  results.push(await benchSize(size));
}

console.log("\n### Embedded memory: search (100 queries per size, limit 10)\n");
console.log("| memories | mode | p50 ms | p99 ms | recall@10 vs exact | exact float scan p50 ms | speed-up vs exact (p50) |");
console.log("|---:|---|---:|---:|---:|---:|---:|");
for (const r of results) {
  const exactP50 = percentile(r.exact, 50);
  for (const mode of ["semantic", "keyword", "hybrid"] as const) {
    const p50 = percentile(r[mode], 50);
    const semantic = mode === "semantic";
    console.log(
      `| ${r.size.toLocaleString("en")} | ${mode} | ${fmt(p50)} | ${fmt(percentile(r[mode], 99))} | ${semantic ? fmt(r.recall, 3) : "–"} | ${semantic ? fmt(exactP50) : "–"} | ${semantic ? `${fmt(exactP50 / p50, 1)}×` : "–"} |`,
    );
  }
}
console.log("\n### Embedded memory: store throughput (batches of 500, on disk, WAL)\n");
console.log("| memories | stored/s (rows + FTS5 + vectors) | bare SQLite rows/s (baseline) | ratio | reopen (index rebuild) ms |");
console.log("|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.size.toLocaleString("en")} | ${Math.round(r.storeRate).toLocaleString("en")} | ${Math.round(r.bareRate).toLocaleString("en")} | ${fmt(r.storeRate / r.bareRate, 3)} | ${Math.round(r.reopenMs).toLocaleString("en")} |`,
  );
}
