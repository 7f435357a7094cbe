/**
 * Ranks the federated tools against a natural-language request with the memory store's own hybrid
 * ranking (services/memory), nothing new: the hashed lexical vectors with thesaurus expansion in
 * the inverted index (the "semantic" list), FTS5 BM25 over the same porter tokenizer (the "keyword"
 * list), fused by reciprocal rank. A tool is a small document whose fields are its name (split at
 * "_"), title, toolset, platform and description, weighted by field in both lists. The thesaurus
 * is the memory store's plus how agents ask for tools (tool-vocabulary.ts).
 *
 * The index is built once per distinct tool list (a fleet of ~170 tools builds in a few ms) and is
 * searched synchronously, so a rebuild never races a search.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { contentTerms } from "../../memory/text.js";
import { ftsQuery } from "../../memory/embedded/sqlite-store.js";
import { reciprocalRankFusion } from "../../memory/fusion.js";
import { LexicalIndex } from "../../memory/lexical-index.js";
import { documentVector, queryFeatures, type SparseVector } from "../../memory/lexical-vectors.js";
import type { FederatedTool } from "./federation.js";
import { toolSearchThesaurus } from "./tool-vocabulary.js";

/**
 * BM25 weight of a match in each field: the name and title say what a tool does in a few words, so
 * a match there counts most; the description is long and mentions neighbouring tools.
 */
const FIELD_WEIGHTS = { name: 3, title: 2, toolset: 1.5, platform: 1.5, description: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

export interface ToolHit {
  readonly tool: FederatedTool;
  /** reciprocal-rank-fusion score: comparable within one search only */
  readonly score: number;
  readonly matchedBy: readonly ("semantic" | "keyword")[];
}

export interface ToolSearchOptions {
  readonly limit: number;
  /** only this platform's tools */
  readonly platform?: string;
}

/** "lambda_labs_list_instances" -> "lambda labs list instances" */
function spaced(identifier: string): string {
  return identifier.replaceAll(/[_\-.]+/g, " ");
}

/**
 * Descriptions point to neighbouring tools by name ("team id from linear_list_teams"): that says
 * where to go next, not what this tool does, and would rank it for its neighbours' requests.
 */
const TOOL_NAME_MENTION = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;

function fieldsOf(tool: FederatedTool): Record<Field, string> {
  return {
    name: spaced(tool.name),
    title: tool.title ?? "",
    toolset: spaced(tool.toolset ?? ""),
    platform: spaced(tool.platform),
    description: tool.description.replaceAll(TOOL_NAME_MENTION, " "),
  };
}

/**
 * Share of a tool's vector that comes from what it is called (name, title, toolset, platform) rather
 * than its description: the few words of a name carry as much as the paragraph under it.
 */
const NAMING_SHARE = 0.5;

/** The tool's lexical vector: its naming fields and its description, each normalised, then mixed. */
function toolVector(fields: Record<Field, string>): SparseVector {
  const naming = documentVector([fields.name, fields.title, fields.toolset, fields.platform].join(". "));
  const description = documentVector(fields.description);
  const mixed = new Map<number, number>();
  const add = (vector: SparseVector, weight: number) =>
    vector.ids.forEach((id, i) => mixed.set(id, (mixed.get(id) ?? 0) + weight * (vector.weights[i] as number)));
  add(naming, Math.sqrt(NAMING_SHARE));
  add(description, Math.sqrt(1 - NAMING_SHARE));
  const ids = Uint32Array.from(mixed.keys()).sort();
  const weights = Float32Array.from(ids, (id) => mixed.get(id) ?? 0);
  const norm = Math.hypot(...weights);
  return { ids, weights: norm === 0 ? weights : weights.map((w) => w / norm) };
}

/**
 * Requests carry argument values whose shape says what the tool must take: "who is jane@acme.com"
 * wants a lookup by email, "close ENG-421" an issue. Each recognised value adds the word for its kind.
 */
const VALUE_KINDS: readonly (readonly [RegExp, string])[] = [
  [/[^\s@]+@[^\s@]+\.[a-z]{2,}/i, "email"],
  [/\bhttps?:\/\/\S+/i, "url link"],
  [/(?:^|\s)#[a-z0-9][\w-]*/i, "channel"],
  [/\b[A-Z][A-Z0-9]{1,9}-\d+\b/, "issue"],
];

export function withValueKinds(request: string): string {
  const kinds = VALUE_KINDS.filter(([pattern]) => pattern.test(request)).map(([, kind]) => kind);
  return kinds.length === 0 ? request : `${request} ${kinds.join(" ")}`;
}

/**
 * The request plus its words' related terms, for the keyword ranking. The memory store's keyword
 * list matches the words as written, which suits long memories; a tool is a few sentences in API
 * words, so without the request vocabulary BM25 mostly matches incidental words ("show", "week")
 * and drags the fused ranking down (labelled set, 173 tools, fused
 * with k = 60: recall@3 0.82 unexpanded, 0.93 expanded).
 */
function withRelatedTerms(query: string): string {
  const related = new Set(contentTerms(query).flatMap((term) => toolSearchThesaurus(term)));
  return related.size === 0 ? query : `${query} ${[...related].join(" ")}`;
}

/**
 * Reciprocal-rank-fusion constant for tool search; the memory store keeps the paper's k = 60, made
 * for fusing long lists (a thousand documents each) whose heads are all plausible. A tool search
 * list is short and its head is sharp, but with k = 60 a fused score is about 2/60 − (a + b)/3600
 * for ranks a and b: the order is nearly the sum of the two ranks, so the tool that the vectors rank
 * first and BM25 11th (sum 12) falls behind one ranked 7th and 4th (sum 11), and a one-place shift
 * in the middle of the keyword list decides the top 3. That list shifts whenever a tool is added
 * (BM25's idf and average field lengths are the collection's), so adding two unrelated tools moved
 * hits in and out of the top 3. With k = 5 a first place counts: first and 11th (1/6 + 1/16) beats
 * 7th and 4th (1/12 + 1/9). On the labelled set, recall@3 at 173 / 175 tools was 0.929 / 0.893
 * with k = 60 and is 0.940 / 0.917 with any k from 1 to 5, and stays at or above 0.905 with 3 to 8
 * synthetic tools of common API words added (k = 60: down to 0.893).
 */
export const TOOL_SEARCH_RRF_K = 5;

export class ToolSearchIndex {
  private readonly vectors = new LexicalIndex();
  private readonly keywords = new DatabaseSync(":memory:");
  private readonly rankByKeywords: StatementSync;

  constructor(readonly tools: readonly FederatedTool[]) {
    this.keywords.exec(`CREATE VIRTUAL TABLE tools USING fts5(${FIELDS.join(", ")}, tokenize = 'porter unicode61')`);
    const insert = this.keywords.prepare(`INSERT INTO tools (rowid, ${FIELDS.join(", ")}) VALUES (?, ${FIELDS.map(() => "?").join(", ")})`);
    tools.forEach((tool, doc) => {
      const fields = fieldsOf(tool);
      insert.run(doc, ...FIELDS.map((field) => fields[field]));
      this.vectors.add(toolVector(fields), { source: tool.platform, type: tool.toolset ?? "", timestampMs: 0 });
    });
    const weights = FIELDS.map((field) => FIELD_WEIGHTS[field]).join(", ");
    this.rankByKeywords = this.keywords.prepare(`SELECT rowid AS doc FROM tools WHERE tools MATCH ? ORDER BY bm25(tools, ${weights})`);
  }

  search(request: string, options: ToolSearchOptions): ToolHit[] {
    const query = withValueKinds(request);
    const everything = this.tools.length;
    if (everything === 0) return [];
    const filter = options.platform === undefined ? {} : { filter: { source: options.platform } };
    const semantic = this.vectors
      .search(this.vectors.weigh(queryFeatures(query, toolSearchThesaurus)), { limit: everything, ...filter })
      .filter((hit) => hit.score > 0)
      .map((hit) => hit.doc);
    const fused = reciprocalRankFusion(
      [
        { name: "semantic", ids: semantic },
        { name: "keyword", ids: this.keywordRanking(query, options.platform) },
      ],
      options.limit,
      TOOL_SEARCH_RRF_K,
    );
    return fused.map((hit) => ({ tool: this.tools[hit.id] as FederatedTool, score: hit.score, matchedBy: hit.matchedBy }));
  }

  close(): void {
    if (this.keywords.isOpen) this.keywords.close();
  }

  private keywordRanking(query: string, platform: string | undefined): number[] {
    const match = ftsQuery(withRelatedTerms(query));
    if (match === undefined) return [];
    const rows = this.rankByKeywords.all(match) as { doc: number }[];
    const docs = rows.map((row) => Number(row.doc));
    return platform === undefined ? docs : docs.filter((doc) => this.tools[doc]?.platform === platform);
  }
}

/**
 * The index for the current tool list, rebuilt only when the list changes (the fleet endpoint
 * refreshes its list when a server's tools change, not on every call).
 */
export class ToolSearchCache {
  private current: { readonly list: readonly FederatedTool[]; readonly fingerprint: string; readonly index: ToolSearchIndex } | undefined;

  indexFor(tools: readonly FederatedTool[]): ToolSearchIndex {
    // the endpoint hands back its cached list itself while nothing changed: no need to compare contents
    if (this.current?.list === tools) return this.current.index;
    const fingerprint = fingerprintOf(tools);
    if (this.current?.fingerprint === fingerprint) {
      this.current = { ...this.current, list: tools };
      return this.current.index;
    }
    this.current?.index.close();
    this.current = { list: tools, fingerprint, index: new ToolSearchIndex(tools) };
    return this.current.index;
  }
}

function fingerprintOf(tools: readonly FederatedTool[]): string {
  return JSON.stringify(tools.map((t) => [t.platform, t.name, t.title, t.toolset, t.description, t.inputSchema, t.annotations]));
}
