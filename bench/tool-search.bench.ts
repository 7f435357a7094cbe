/**
 * Tool search mode (services/fleet-endpoint/search) on the fleet's real tool registry and the
 * labelled agent requests of test/fleet-endpoint/search: recall@1 and recall@3, the per-query
 * latency of a search and of a whole fleet_find_tools call, and what an agent has to hold.
 *
 * Baseline, measured in the same run: the memory store as it is (EmbeddedMemoryStore, hybrid
 * search) with every tool stored as one memory (title: name and title; content: description). Tool
 * search uses the same ranking parts, weighted by field and with the request vocabulary on top.
 */
import { z } from "zod";
import { pino } from "pino";
import { searchModeTools, ToolSearchIndex, type Federation } from "../services/fleet-endpoint/search/index.js";
import { isPlatformName } from "../services/fleet/catalog.js";
import { EmbeddedMemoryStore } from "../services/memory/embedded/sqlite-store.js";
import type { ToolContext } from "../services/runtime/contract.js";
import { LABELLED_REQUESTS } from "../test/fleet-endpoint/search/labelled-requests.js";
import { measureRecall } from "../test/fleet-endpoint/search/recall.js";
import { registryCatalog } from "../test/fleet-endpoint/search/registry-catalog.js";

// BENCH_ROUNDS: fewer rounds for a quick check that the case runs
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const catalog = await registryCatalog();

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

function ms(value: number): string {
  return value < 1 ? value.toFixed(3) : value.toFixed(2);
}

async function timed(run: (request: string) => unknown): Promise<number[]> {
  for (const { request } of LABELLED_REQUESTS) await run(request); // warm up: JIT, caches
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const { request } of LABELLED_REQUESTS) {
      const started = performance.now();
      await run(request);
      samples.push(performance.now() - started);
    }
  }
  return samples.sort((a, b) => a - b);
}

// --- tool search
const buildStarted = performance.now();
const index = new ToolSearchIndex(catalog);
const buildMs = performance.now() - buildStarted;
const ours = measureRecall(index, LABELLED_REQUESTS);
const searchLatency = await timed((request) => index.search(request, { limit: 5 }));

const federation: Federation = {
  listTools: async () => catalog,
  callTool: async () => ({ content: [] }),
};
const [findTools] = searchModeTools(federation);
if (findTools === undefined) throw new Error("searchModeTools returned no fleet_find_tools");
const ctx = { signal: new AbortController().signal, log: pino({ level: "silent" }) } as unknown as ToolContext<unknown>;
const findLatency = await timed((request) => findTools.handler(findTools.input.parse({ query: request }), ctx));
const answerBytes: number[] = [];
for (const { request } of LABELLED_REQUESTS) answerBytes.push(JSON.stringify(await findTools.handler(findTools.input.parse({ query: request }), ctx)).length);

// --- baseline: the memory store as it is, one memory per tool
const store = new EmbeddedMemoryStore({ dataDir: ":memory:" });
await store.store(
  catalog.map((tool) => {
    if (!isPlatformName(tool.platform)) throw new Error(`not a platform: ${tool.platform}`);
    return {
      key: tool.name,
      source: tool.platform,
      type: tool.toolset ?? "tool",
      timestamp: "2026-01-01T00:00:00Z",
      title: `${tool.name} ${tool.title ?? ""}`,
      content: tool.description,
      record: {},
    };
  }),
);
let baselineAt1 = 0;
let baselineAt3 = 0;
for (const { request, tool } of LABELLED_REQUESTS) {
  const rank = (await store.search({ query: request, limit: 3 })).map((hit) => hit.memory.key).indexOf(tool);
  if (rank === 0) baselineAt1 += 1;
  if (rank >= 0) baselineAt3 += 1;
}
const baselineLatency = await timed((request) => store.search({ query: request, limit: 5 }));
await store.close();
index.close();

// --- what an agent holds: every tool's definition vs the two search-mode tools
const fullListBytes = JSON.stringify(catalog.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations }))).length;
const searchModeListBytes = JSON.stringify(
  searchModeTools(federation).map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: z.toJSONSchema(t.input, { io: "input" }), annotations: t.annotations })),
).length;
answerBytes.sort((a, b) => a - b);

const n = LABELLED_REQUESTS.length;
console.log(`${catalog.length} tools of ${new Set(catalog.map((t) => t.platform)).size} servers, ${n} labelled requests, ${ROUNDS} rounds of latency\n`);
console.log("| ranking | recall@1 | recall@3 | p50 ms / query | p99 ms / query |");
console.log("| --- | ---: | ---: | ---: | ---: |");
console.log(`| tool search (fleet_find_tools ranking) | ${ours.recallAt1.toFixed(3)} | ${ours.recallAt3.toFixed(3)} | ${ms(percentile(searchLatency, 50))} | ${ms(percentile(searchLatency, 99))} |`);
console.log(`| baseline: memory store, hybrid, one memory per tool | ${(baselineAt1 / n).toFixed(3)} | ${(baselineAt3 / n).toFixed(3)} | ${ms(percentile(baselineLatency, 50))} | ${ms(percentile(baselineLatency, 99))} |`);
console.log(`\nwhole fleet_find_tools call (list, cached index, answer with schemas): p50 ${ms(percentile(findLatency, 50))} ms, p99 ${ms(percentile(findLatency, 99))} ms; index build ${ms(buildMs)} ms`);
console.log(
  `what an agent holds: every tool's definition ${(fullListBytes / 1024).toFixed(1)} KiB; search mode's two tools ${(searchModeListBytes / 1024).toFixed(1)} KiB` +
    ` plus a find answer (5 tools) of ${(percentile(answerBytes, 50) / 1024).toFixed(1)} KiB median`,
);
if (ours.misses.length > 0) {
  console.log(`\nnot in the top 3 (${ours.misses.length}):`);
  for (const miss of ours.misses) console.log(`  "${miss.request}" -> ${miss.tool} at ${miss.rank ?? "> 10"}; top 3: ${miss.top3.join(", ")}`);
}
