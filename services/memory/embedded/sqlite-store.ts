/**
 * The embedded memory backend: one SQLite file (node:sqlite, built into Node 24) holding the rows,
 * an FTS5 index for BM25 keyword ranking and each memory's hashed lexical vector; the vectors are
 * also held in an in-memory inverted index (lexical-index.ts) rebuilt from the file at open.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { reciprocalRankFusion } from "../fusion.js";
import { decodeCursor, encodeCursor } from "../ids.js";
import { LexicalIndex } from "../lexical-index.js";
import { documentVector, queryFeatures } from "../lexical-vectors.js";
import { prepareBatch } from "../records.js";
import { filterConditions, listConditions } from "../sql-filters.js";
import { bestSnippet, isStopword, words } from "../text.js";
import {
  DEFAULT_LIST_LIMIT, DEFAULT_SEARCH_LIMIT, MAX_LIST_LIMIT, MAX_SEARCH_LIMIT, canonicalTimestamp, clampLimit,
  type ListQuery, type Memory, type MemoryHealth, type MemoryPage, type MemoryRecord, type MemoryStore,
  type MemoryRetention, type RecordMatch, type SearchHit, type SearchQuery, type SourceSummary, type StoreResult, recordFieldSchema,
  type MemorySource,
} from "../types.js";
import { decodeVector, encodeVector } from "./vector-codec.js";
import { openSchema } from "./schema.js";
import { pruneConditions } from "./retention.js";

/** how many candidates each ranking contributes to hybrid fusion */
const FUSION_CANDIDATES = 50;
/** memories deleted per transaction by prune: each batch holds the write lock for a few milliseconds */
const PRUNE_BATCH = 500;

export interface EmbeddedStoreOptions {
  /** directory for memory.sqlite (created if missing), or ":memory:" for a throwaway store */
  readonly dataDir: string;
  readonly clock?: { now(): Date };
  /** see LexicalIndex; 1 makes semantic search exact */
  readonly maxPostingShare?: number;
  /** expand query words through the domain thesaurus (default true) */
  readonly expandQueries?: boolean;
}

interface MemoryRow {
  seq: number;
  id: string;
  memory_key: string;
  source: string;
  memory_type: string;
  occurred_at: string;
  title: string | null;
  content: string;
  record: string;
  url: string | null;
  stored_at: string;
}

const ROW_COLUMNS = "seq, id, memory_key, source, memory_type, occurred_at, title, content, record, url, stored_at";

function toMemory(row: MemoryRow): Memory {
  return {
    id: row.id,
    key: row.memory_key,
    source: row.source as MemorySource,
    type: row.memory_type,
    timestamp: row.occurred_at,
    ...(row.title === null ? {} : { title: row.title }),
    content: row.content,
    record: JSON.parse(row.record) as Record<string, unknown>,
    ...(row.url === null ? {} : { url: row.url }),
    storedAt: row.stored_at,
  };
}

/** FTS5 query: each content word quoted (no operator injection), any may match; BM25 ranks. */
export function ftsQuery(text: string): string | undefined {
  const terms = [...new Set(words(text).filter((w) => !isStopword(w)))];
  return terms.length === 0 ? undefined : terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ");
}

export class EmbeddedMemoryStore implements MemoryStore {
  private readonly db: DatabaseSync;
  private readonly index = new LexicalIndex();
  /** document number in the index -> row seq */
  private docSeqs: number[] = [];
  private readonly clock: { now(): Date };
  private readonly maxPostingShare: number | undefined;
  private readonly expandQueries: boolean;

  constructor(options: EmbeddedStoreOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.maxPostingShare = options.maxPostingShare;
    this.expandQueries = options.expandQueries ?? true;
    let file = ":memory:";
    if (options.dataDir !== ":memory:") {
      mkdirSync(options.dataDir, { recursive: true });
      file = path.join(options.dataDir, "memory.sqlite");
    }
    this.db = new DatabaseSync(file);
    openSchema(this.db);
    this.loaded = this.loadIndex();
    // a failed load is reported by health() and by every search; it must not be an unhandled rejection
    this.loaded.catch(() => undefined);
  }

  /**
   * The in-memory index is rebuilt from the file in chunks, yielding to the event loop between
   * them, so the server listens (and answers liveness) at once however large the store is; search
   * waits for the index, stores commit at once and join the index after it, and health() reports
   * the progress, which keeps the server unready until it is done.
   */
  private readonly loaded: Promise<void>;
  private loadProgress: { done: number; total: number; error?: string } = { done: 0, total: 0 };

  private async loadIndex(): Promise<void> {
    const { last, total } = this.db.prepare("SELECT COALESCE(MAX(seq), 0) AS last, COUNT(*) AS total FROM memories").get() as { last: number; total: number };
    this.loadProgress = { done: 0, total: Number(total) };
    const chunk = this.db.prepare("SELECT seq, source, memory_type, occurred_at, vector FROM memories WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 2000");
    let after = 0;
    try {
      for (;;) {
        if (!this.db.isOpen) return;
        const rows = chunk.all(after, last) as unknown as { seq: number; source: string; memory_type: string; occurred_at: string; vector: Uint8Array }[];
        if (rows.length === 0) break;
        for (const row of rows) {
          this.index.add(decodeVector(row.vector), { source: row.source, type: row.memory_type, timestampMs: Date.parse(row.occurred_at) });
          this.docSeqs.push(row.seq);
        }
        after = rows.at(-1)!.seq;
        this.loadProgress = { ...this.loadProgress, done: this.loadProgress.done + rows.length };
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.loadProgress = { ...this.loadProgress, error: (error as Error).message };
      throw error;
    }
  }

  /** Resolves once the index holds everything the file held at startup. */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  async store(records: readonly MemoryRecord[]): Promise<StoreResult> {
    const { unique, repeatedInBatch } = prepareBatch(records);
    const vectors = unique.map((r) => documentVector(r.searchText));
    const storedAt = this.clock.now().toISOString();
    const insertRow = this.db.prepare(
      `INSERT INTO memories (id, memory_key, source, memory_type, occurred_at, title, content, record, url, stored_at, vector)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (memory_key) DO NOTHING RETURNING seq`,
    );
    const insertText = this.db.prepare("INSERT INTO memories_fts (rowid, title, content) VALUES (?, ?, ?)");
    const added: { seq: number; index: number }[] = [];
    this.db.exec("BEGIN IMMEDIATE");
    try {
      unique.forEach((r, i) => {
        const inserted = insertRow.get(
          r.id, r.key, r.source, r.type, r.timestamp, r.title ?? null, r.content, JSON.stringify(r.record), r.url ?? null,
          storedAt, encodeVector(vectors[i] ?? documentVector("")),
        ) as { seq: number } | undefined;
        if (inserted === undefined) return;
        insertText.run(inserted.seq, r.title ?? "", r.content);
        added.push({ seq: inserted.seq, index: i });
      });
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
    // only after the commit, so a failed batch never leaves the in-memory index ahead of the file;
    // and after the startup load, so the index stays in seq order
    await this.loaded;
    for (const { seq, index } of added) {
      const r = unique[index];
      const vector = vectors[index];
      if (r === undefined || vector === undefined) continue;
      this.index.add(vector, { source: r.source, type: r.type, timestampMs: Date.parse(r.timestamp) });
      this.docSeqs.push(seq);
    }
    return { stored: added.length, duplicates: repeatedInBatch + unique.length - added.length };
  }

  /** Every memory matching, with its FTS5 entries, in one transaction (a privacy request). */
  async deleteMatching(match: RecordMatch): Promise<{ deleted: number }> {
    const field = recordFieldSchema.parse(match.field);
    const params: SQLInputValue[] = [match.source, `$.${field}`, match.value];
    let where = "source = ? AND json_extract(record, ?) = ?";
    if (match.type !== undefined) {
      where += " AND memory_type = ?";
      params.push(match.type);
    }
    return { deleted: await this.deleteWhere(where, params) };
  }

  /**
   * Retention: memories older than their source's maximum age, deleted PRUNE_BATCH at a time,
   * yielding to the event loop between batches so searches and ingest go on meanwhile.
   */
  async prune(retention: MemoryRetention): Promise<{ deleted: number }> {
    await this.loaded;
    let deleted = 0;
    for (const condition of pruneConditions(retention, this.clock.now())) {
      for (;;) {
        if (!this.db.isOpen) return { deleted };
        const batch = await this.deleteWhere(condition.sql, condition.params, PRUNE_BATCH);
        deleted += batch;
        if (batch < PRUNE_BATCH) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return { deleted };
  }

  /**
   * Rows and their FTS5 entries (external content: removed with the 'delete' command and the old
   * text) in one transaction; then out of the in-memory index, so semantic search never ranks
   * them (their postings stay until the next open rebuilds the index).
   */
  private async deleteWhere(where: string, params: readonly SQLInputValue[], limit?: number): Promise<number> {
    const removeText = this.db.prepare("INSERT INTO memories_fts (memories_fts, rowid, title, content) VALUES ('delete', ?, ?, ?)");
    const removeRow = this.db.prepare("DELETE FROM memories WHERE seq = ?");
    const select = `SELECT seq, title, content FROM memories WHERE ${where}${limit === undefined ? "" : ` LIMIT ${limit}`}`;
    let rows: { seq: number; title: string | null; content: string }[];
    this.db.exec("BEGIN IMMEDIATE");
    try {
      rows = this.db.prepare(select).all(...params) as typeof rows;
      for (const row of rows) {
        removeText.run(row.seq, row.title ?? "", row.content);
        removeRow.run(row.seq);
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
    // a row committed before the startup load reaches it is simply not loaded; one already in
    // the index is taken out
    for (const row of rows) {
      const doc = this.docForSeq(Number(row.seq));
      if (doc !== undefined) this.index.remove(doc);
    }
    return rows.length;
  }

  /**
   * docSeqs is in seq order (loaded in order, appended in commit order), so a binary search finds
   * the document. SQLite may hand the highest seq out again once its row is deleted: the last
   * document with that seq is the live one.
   */
  private docForSeq(seq: number): number | undefined {
    let low = 0;
    let high = this.docSeqs.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.docSeqs[middle] as number) <= seq) low = middle + 1;
      else high = middle;
    }
    return low > 0 && this.docSeqs[low - 1] === seq ? low - 1 : undefined;
  }

  async get(id: string): Promise<Memory | undefined> {
    const row = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM memories WHERE id = ?`).get(id) as MemoryRow | undefined;
    return row === undefined ? undefined : toMemory(row);
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    await this.loaded;
    const limit = clampLimit(query.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
    const mode = query.mode ?? "hybrid";
    const candidates = mode === "hybrid" ? Math.max(limit, FUSION_CANDIDATES) : limit;
    const lists: { name: "semantic" | "keyword"; ids: number[]; scores: Map<number, number> }[] = [];
    if (mode !== "keyword") lists.push({ name: "semantic", ...this.semanticRanking(query, candidates) });
    if (mode !== "semantic") lists.push({ name: "keyword", ...this.keywordRanking(query, candidates) });
    const fused =
      mode === "hybrid"
        ? reciprocalRankFusion(lists, limit)
        : (lists[0]?.ids ?? []).map((id) => ({ id, score: lists[0]?.scores.get(id) ?? 0, matchedBy: [mode] }));
    const rows = this.rowsBySeq(fused.map((h) => h.id));
    return fused.flatMap((hit) => {
      const row = rows.get(hit.id);
      if (row === undefined) return [];
      return [{ memory: toMemory(row), score: hit.score, snippet: bestSnippet(row.content, query.query), matchedBy: hit.matchedBy }];
    });
  }

  private semanticRanking(query: SearchQuery, limit: number): { ids: number[]; scores: Map<number, number> } {
    const vector = this.index.weigh(queryFeatures(query.query, this.expandQueries));
    const filters = query.filters;
    const hits = this.index.search(vector, {
      limit,
      ...(this.maxPostingShare === undefined ? {} : { maxPostingShare: this.maxPostingShare }),
      filter: {
        ...(filters?.source === undefined ? {} : { source: filters.source }),
        ...(filters?.type === undefined ? {} : { type: filters.type }),
        ...(filters?.from === undefined ? {} : { fromMs: Date.parse(canonicalTimestamp(filters.from)) }),
        ...(filters?.to === undefined ? {} : { toMs: Date.parse(canonicalTimestamp(filters.to)) }),
      },
    });
    const scores = new Map<number, number>();
    const ids = hits.filter((h) => h.score > 0).map((h) => {
      const seq = this.docSeqs[h.doc] as number;
      scores.set(seq, h.score);
      return seq;
    });
    return { ids, scores };
  }

  private keywordRanking(query: SearchQuery, limit: number): { ids: number[]; scores: Map<number, number> } {
    const match = ftsQuery(query.query);
    if (match === undefined) return { ids: [], scores: new Map() };
    const { parts, params } = filterConditions(query.filters, "m");
    // title matches count double: a title says what the memory is about. Without filters the
    // join is left out, so FTS5 can rank from its own index alone.
    const sql =
      parts.length === 0
        ? "SELECT rowid AS seq, bm25(memories_fts, 2.0, 1.0) AS rank FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT ?"
        : `SELECT m.seq AS seq, bm25(memories_fts, 2.0, 1.0) AS rank FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
           WHERE ${["memories_fts MATCH ?", ...parts].join(" AND ")} ORDER BY rank LIMIT ?`;
    const rows = this.db.prepare(sql).all(match, ...params, limit) as { seq: number; rank: number }[];
    return { ids: rows.map((r) => r.seq), scores: new Map(rows.map((r) => [r.seq, -r.rank])) };
  }

  private rowsBySeq(seqs: readonly number[]): Map<number, MemoryRow> {
    if (seqs.length === 0) return new Map();
    const placeholders = seqs.map(() => "?").join(", ");
    const rows = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM memories WHERE seq IN (${placeholders})`).all(...seqs) as unknown as MemoryRow[];
    return new Map(rows.map((r) => [r.seq, r]));
  }

  async list(query: ListQuery = {}): Promise<MemoryPage> {
    const limit = clampLimit(query.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const condition = listConditions(query.filters, after);
    const rows = this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM memories WHERE ${condition.sql} ORDER BY occurred_at DESC, id DESC LIMIT ?`)
      .all(...(condition.params as SQLInputValue[]), limit + 1) as unknown as MemoryRow[];
    const page = rows.slice(0, limit).map(toMemory);
    const last = page.at(-1);
    return rows.length > limit && last !== undefined
      ? { memories: page, nextCursor: encodeCursor({ timestamp: last.timestamp, id: last.id }) }
      : { memories: page };
  }

  async sources(): Promise<SourceSummary[]> {
    const rows = this.db
      .prepare("SELECT source, COUNT(*) AS count, MAX(occurred_at) AS latest FROM memories GROUP BY source ORDER BY count DESC, source")
      .all() as { source: MemorySource; count: number; latest: string }[];
    return rows.map((r) => ({ source: r.source, count: Number(r.count), latest: r.latest }));
  }

  async recent(limit: number): Promise<Memory[]> {
    return [...(await this.list({ limit })).memories];
  }

  async health(): Promise<MemoryHealth> {
    try {
      const row = this.db.prepare("SELECT COUNT(*) AS n FROM memories").get() as { n: number };
      const { done, total, error } = this.loadProgress;
      if (error !== undefined) return { ok: false, backend: "embedded", memories: Number(row.n), problems: [`memory index could not be loaded: ${error}`] };
      if (done < total) return { ok: false, backend: "embedded", memories: Number(row.n), problems: [`memory index loading: ${done} of ${total} memories`] };
      return { ok: true, backend: "embedded", memories: Number(row.n), problems: [] };
    } catch (error) {
      return { ok: false, backend: "embedded", problems: [`memory database unreadable: ${(error as Error).message}`] };
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
