/**
 * The production memory backend: rows in Snowflake (the record of truth, and keyword ranking),
 * vectors in Pinecone (meaning ranking), embeddings from a hosted model.
 *
 * Write order makes redelivery safe: vectors for keys Snowflake does not have yet are embedded
 * and upserted first (an upsert of the same id is harmless), and the MERGE into Snowflake is the
 * commit point. If the MERGE fails the batch fails, the sender retries, and the retry redoes the
 * vectors; a vector whose row never landed is dropped when search results are hydrated from rows.
 */
import { Pinecone } from "@pinecone-database/pinecone";
import type { Logger } from "pino";
import { reciprocalRankFusion } from "../fusion.js";
import { decodeCursor, encodeCursor } from "../ids.js";
import { prepareBatch } from "../records.js";
import { bestSnippet, contentTerms } from "../text.js";
import {
  DEFAULT_LIST_LIMIT, DEFAULT_SEARCH_LIMIT, MAX_LIST_LIMIT, MAX_SEARCH_LIMIT, clampLimit,
  type ListQuery, type Memory, type MemoryHealth, type MemoryPage, type MemoryRecord, type MemoryStore,
  type RecordMatch, type SearchHit, type SearchQuery, type SourceSummary, type StoreResult, recordFieldSchema,
  type MemorySource,
} from "../types.js";
import type { ProductionSettings } from "../settings.js";
import { OpenAICompatibleEmbedder, PineconeEmbedder, type Embedder } from "./embeddings.js";
import { PineconeVectors } from "./pinecone-vectors.js";
import { SELECT_COUNT, SELECT_SOURCES, deleteByIds, selectByIds, selectExistingIds, selectIdsMatching, selectKeywordMatches, selectPage } from "./snowflake-sql.js";
import { SnowflakeRows, numberColumn, rowToMemory } from "./snowflake-rows.js";

const FUSION_CANDIDATES = 50;
const IDS_PER_LOOKUP = 500;
const MAX_KEYWORD_TERMS = 8;

export interface ProductionStoreOptions {
  readonly settings: ProductionSettings;
  readonly log?: Logger;
  readonly clock?: { now(): Date };
  /** for the OpenAI-compatible embeddings endpoint */
  readonly fetch?: typeof fetch;
}

export class ProductionMemoryStore implements MemoryStore {
  private readonly rows: SnowflakeRows;
  private readonly vectors: PineconeVectors;
  private readonly embedder: Embedder;
  private readonly clock: { now(): Date };
  private dimension: number | undefined;

  constructor(options: ProductionStoreOptions) {
    const { settings } = options;
    const pinecone = new Pinecone({
      apiKey: settings.pinecone.apiKey,
      sourceTag: "sophia_memory",
      ...(settings.pinecone.controllerHost === undefined ? {} : { controllerHostUrl: settings.pinecone.controllerHost }),
    });
    this.rows = new SnowflakeRows(settings.snowflake, options.log);
    this.vectors = new PineconeVectors(pinecone, settings.pinecone);
    this.embedder =
      settings.embeddings.provider === "pinecone"
        ? new PineconeEmbedder(pinecone, settings.embeddings.model)
        : new OpenAICompatibleEmbedder(settings.embeddings, options.fetch);
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async store(records: readonly MemoryRecord[]): Promise<StoreResult> {
    const { unique } = prepareBatch(records);
    if (unique.length === 0) return { stored: 0, duplicates: records.length };
    const existing = await this.existingIds(unique.map((r) => r.id));
    const fresh = unique.filter((r) => !existing.has(r.id));
    if (fresh.length === 0) return { stored: 0, duplicates: records.length };
    const embeddings = await this.embedder.embed(fresh.map((r) => r.searchText), "passage");
    this.dimension = embeddings[0]?.length ?? this.dimension;
    await this.vectors.upsert(
      fresh.map((r, i) => ({
        id: r.id,
        values: embeddings[i] ?? [],
        metadata: { source: r.source, type: r.type, timestamp_ms: Date.parse(r.timestamp) },
      })),
    );
    const stored = await this.rows.insertNew(fresh, this.clock.now().toISOString());
    return { stored, duplicates: records.length - stored };
  }

  /** the vectors first, then the rows: a failure between leaves rows a retry finds and deletes again */
  async deleteMatching(match: RecordMatch): Promise<{ deleted: number }> {
    recordFieldSchema.parse(match.field);
    const ids = (await this.rows.execute(selectIdsMatching(match))).map((row) => String(row.ID));
    if (ids.length === 0) return { deleted: 0 };
    await this.vectors.delete(ids);
    for (let start = 0; start < ids.length; start += IDS_PER_LOOKUP) await this.rows.execute(deleteByIds(ids.slice(start, start + IDS_PER_LOOKUP)));
    return { deleted: ids.length };
  }

  private async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < ids.length; start += IDS_PER_LOOKUP) {
      const rows = await this.rows.execute(selectExistingIds(ids.slice(start, start + IDS_PER_LOOKUP)));
      for (const row of rows) found.add(String(row.ID));
    }
    return found;
  }

  async get(id: string): Promise<Memory | undefined> {
    const rows = await this.rows.execute(selectByIds([id]));
    return rows[0] === undefined ? undefined : rowToMemory(rows[0]);
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const limit = clampLimit(query.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
    const mode = query.mode ?? "hybrid";
    const candidates = mode === "hybrid" ? Math.max(limit, FUSION_CANDIDATES) : limit;
    const [semantic, keyword] = await Promise.all([
      mode === "keyword" ? undefined : this.semanticRanking(query, candidates),
      mode === "semantic" ? undefined : this.keywordRanking(query, candidates),
    ]);
    const lists = [
      ...(semantic === undefined ? [] : [{ name: "semantic" as const, ids: semantic.map((h) => h.id), scores: semantic }]),
      ...(keyword === undefined ? [] : [{ name: "keyword" as const, ids: keyword.map((h) => h.id), scores: keyword }]),
    ];
    const ranked =
      mode === "hybrid"
        ? reciprocalRankFusion(lists, candidates)
        : (lists[0]?.scores ?? []).map((h) => ({ id: h.id, score: h.score, matchedBy: [mode] }));
    if (ranked.length === 0) return [];
    const rows = await this.rows.execute(selectByIds(ranked.map((h) => h.id)));
    const byId = new Map(rows.map((row) => [String(row.ID), rowToMemory(row)]));
    // a vector whose row is missing (its MERGE failed and was never retried) is skipped
    return ranked
      .flatMap((hit) => {
        const memory = byId.get(hit.id);
        return memory === undefined ? [] : [{ memory, score: hit.score, snippet: bestSnippet(memory.content, query.query), matchedBy: hit.matchedBy }];
      })
      .slice(0, limit);
  }

  private async semanticRanking(query: SearchQuery, topK: number): Promise<{ id: string; score: number }[]> {
    const [vector] = await this.embedder.embed([query.query], "query");
    if (vector === undefined) return [];
    return this.vectors.query(vector, topK, query.filters);
  }

  private async keywordRanking(query: SearchQuery, limit: number): Promise<{ id: string; score: number }[]> {
    const terms = [...new Set(contentTerms(query.query).filter((t) => t.length >= 3))].slice(0, MAX_KEYWORD_TERMS);
    if (terms.length === 0) return [];
    const rows = await this.rows.execute(selectKeywordMatches(terms, query.filters, limit));
    return rows.map((row) => ({ id: String(row.ID), score: numberColumn(row, "keyword_score") }));
  }

  async list(query: ListQuery = {}): Promise<MemoryPage> {
    const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.rows.execute(selectPage(query.filters, after, limit + 1));
    const page = rows.slice(0, limit).map(rowToMemory);
    const last = page.at(-1);
    return rows.length > limit && last !== undefined
      ? { memories: page, nextCursor: encodeCursor({ timestamp: last.timestamp, id: last.id }) }
      : { memories: page };
  }

  async sources(): Promise<SourceSummary[]> {
    const rows = await this.rows.execute({ sqlText: SELECT_SOURCES, binds: [] });
    return rows.map((row) => ({ source: String(row.SOURCE) as MemorySource, count: numberColumn(row, "memory_count"), latest: String(row.LATEST) }));
  }

  async recent(limit: number): Promise<Memory[]> {
    return [...(await this.list({ limit })).memories];
  }

  async health(): Promise<MemoryHealth> {
    const problems: string[] = [];
    let memories: number | undefined;
    try {
      const rows = await this.rows.execute({ sqlText: SELECT_COUNT, binds: [] });
      memories = numberColumn(rows[0] ?? {}, "memory_count");
    } catch (error) {
      problems.push(`Snowflake unreachable: ${(error as { safeMessage?: string }).safeMessage ?? "query failed"}`);
    }
    problems.push(...(await this.vectors.problems(this.dimension)));
    return { ok: problems.length === 0, backend: "production", ...(memories === undefined ? {} : { memories }), problems };
  }

  async close(): Promise<void> {
    await this.rows.close();
  }
}
