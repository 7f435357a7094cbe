/**
 * Tool search quality on the fleet's real tool registry (every platform's definitions, loaded the
 * way the runtime loads them): the labelled requests' tools in the top 3 for at least 90%, the
 * figure computed here and reported by `npm run bench -- tool-search`. A quality bar, not a timing
 * threshold. Also keeps the labelled set honest: real tool names, every platform covered, and
 * requests in the asker's words rather than lifted from the tool's own text.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ToolSearchIndex } from "../../../services/fleet-endpoint/search/index.js";
import { contentTerms } from "../../../services/memory/text.js";
import { LABELLED_REQUESTS } from "./labelled-requests.js";
import { measureRecall } from "./recall.js";
import { registryCatalog } from "./registry-catalog.js";

const RECALL_AT_3_FLOOR = 0.9;
/** a request sharing this many consecutive content words (stemmed, no stopwords) with its tool's title or description copies it */
const COPIED_RUN = 4;

const catalog = await registryCatalog();
const byName = new Map(catalog.map((tool) => [tool.name, tool]));
const index = new ToolSearchIndex(catalog);
afterAll(() => index.close());

describe("tool search recall on the labelled requests", () => {
  it("labels at least 60 requests, each with a tool that exists, across every platform and memory", () => {
    expect(LABELLED_REQUESTS.length).toBeGreaterThanOrEqual(60);
    for (const { tool } of LABELLED_REQUESTS) expect(byName.has(tool), `${tool} is not a tool of the fleet`).toBe(true);
    const platforms = new Set(catalog.map((tool) => tool.platform));
    expect(platforms.size).toBe(15);
    const covered = new Set(LABELLED_REQUESTS.map(({ tool }) => byName.get(tool)?.platform));
    expect([...platforms].filter((platform) => !covered.has(platform))).toEqual([]);
  });

  it(`phrases requests in the asker's words: none repeats ${COPIED_RUN} consecutive content words of its tool's title or description`, () => {
    const runs = (text: string) => {
      const w = contentTerms(text);
      return new Set(w.slice(0, Math.max(0, w.length - COPIED_RUN + 1)).map((_, i) => w.slice(i, i + COPIED_RUN).join(" ")));
    };
    const copied = LABELLED_REQUESTS.filter(({ request, tool }) => {
      const own = runs(`${byName.get(tool)?.title ?? ""}. ${byName.get(tool)?.description ?? ""}`);
      return [...runs(request)].some((run) => own.has(run));
    });
    expect(copied).toEqual([]);
  });

  it(`puts the labelled tool in the top 3 for at least ${RECALL_AT_3_FLOOR * 100}% of requests`, () => {
    const report = measureRecall(index, LABELLED_REQUESTS);
    console.log(
      `tool search over ${catalog.length} tools, ${report.requests} labelled requests: recall@1 ${report.recallAt1.toFixed(3)}, recall@3 ${report.recallAt3.toFixed(3)}\n` +
        report.misses.map((m) => `  miss: "${m.request}" -> ${m.tool} at ${m.rank ?? "> 10"}; top 3: ${m.top3.join(", ")}`).join("\n"),
    );
    expect(report.recallAt3).toBeGreaterThanOrEqual(RECALL_AT_3_FLOOR);
  });
});
