/**
 * The memory service's one interface, shared by the embedded (SQLite) and production
 * (Snowflake + Pinecone) backends. Every platform's events and synced records end up here, and
 * agents search them through the memory MCP server.
 */
import { z } from "zod";
import { PLATFORM_NAMES, type PlatformName } from "../fleet/platform-names.js";
import type { MemoryRecord } from "../runtime/contract.js";

export type { MemoryRecord };

/**
 * Where a memory comes from: a platform of the fleet, or an agent that stored it (memory_store).
 * The fleet endpoint stores nothing of its own (an agent's memory_store call through it is "agent").
 */
export type MemorySource = Exclude<PlatformName, "fleet_endpoint"> | "agent";
export const MEMORY_SOURCES: readonly [MemorySource, ...MemorySource[]] = [
  "agent",
  ...PLATFORM_NAMES.filter((name): name is Exclude<PlatformName, "fleet_endpoint"> => name !== "fleet_endpoint"),
];

/** A stored memory: the record as given, plus the id derived from its key and when we stored it. */
export interface Memory extends MemoryRecord {
  /** stable id derived from the record key (the same in every backend) */
  readonly id: string;
  /** when this memory was first stored, ISO 8601 */
  readonly storedAt: string;
}

export type SearchMode = "semantic" | "keyword" | "hybrid";

export interface MemoryFilters {
  readonly source?: MemorySource;
  readonly type?: string;
  /** inclusive lower bound on the record timestamp, ISO 8601 */
  readonly from?: string;
  /** inclusive upper bound on the record timestamp, ISO 8601 */
  readonly to?: string;
}

export interface SearchQuery {
  readonly query: string;
  /** default: hybrid */
  readonly mode?: SearchMode;
  readonly filters?: MemoryFilters;
  /** default 10, at most 100 */
  readonly limit?: number;
}

export interface SearchHit {
  readonly memory: Memory;
  /** higher is better; comparable only within one result list */
  readonly score: number;
  /** the passage of the content that best matches the query */
  readonly snippet: string;
  /** which rankings found it */
  readonly matchedBy: readonly ("semantic" | "keyword")[];
}

export interface ListQuery {
  readonly filters?: MemoryFilters;
  /** default 20, at most 200 */
  readonly limit?: number;
  /** opaque, from the previous page's nextCursor */
  readonly cursor?: string;
}

/** Newest first (timestamp desc, then id desc). */
export interface MemoryPage {
  readonly memories: readonly Memory[];
  readonly nextCursor?: string;
}

export interface SourceSummary {
  readonly source: MemorySource;
  readonly count: number;
  /** newest record timestamp of that source */
  readonly latest: string;
}

export interface StoreResult {
  readonly stored: number;
  readonly duplicates: number;
}

export interface MemoryHealth {
  readonly ok: boolean;
  readonly backend: "embedded" | "production";
  readonly memories?: number;
  /** what is wrong, when not ok */
  readonly problems: readonly string[];
}

/** Which memories `deleteMatching` removes: one source's (and type's) whose record has field = value. */
export interface RecordMatch {
  readonly source: MemorySource;
  readonly type?: string;
  /** a top-level key of the record (validated: letters, digits, "_") */
  readonly field: string;
  readonly value: string;
}

export interface MemoryStore {
  /** idempotent by record.key: a key already stored (or repeated in the batch) counts as a duplicate */
  store(records: readonly MemoryRecord[]): Promise<StoreResult>;
  /** deletes every memory matching; how many went (a privacy request: a person's memories of one platform) */
  deleteMatching(match: RecordMatch): Promise<{ deleted: number }>;
  get(id: string): Promise<Memory | undefined>;
  search(query: SearchQuery): Promise<SearchHit[]>;
  list(query?: ListQuery): Promise<MemoryPage>;
  /** every source with its memory count and newest timestamp, most memories first */
  sources(): Promise<SourceSummary[]>;
  /** the newest memories across all sources */
  recent(limit: number): Promise<Memory[]>;
  health(): Promise<MemoryHealth>;
  /**
   * Deletes memories older than their source's retention (by when they happened), in small
   * batches that leave the store serving between them; a backend without it keeps everything.
   */
  prune?(retention: MemoryRetention): Promise<{ deleted: number }>;
  close(): Promise<void>;
}

/** Maximum ages by source platform; `default` for every source not named; unnamed without a default: kept. */
export interface MemoryRetention {
  readonly maxAgeDays: Readonly<Record<string, number>>;
}

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 200;

// ---------------------------------------------------------------------------------------------
// Boundary schemas

const isoTimestamp = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp" });

/** A record as received at the ingest boundary. */
export const memoryRecordSchema = z.strictObject({
  key: z.string().min(1).max(512),
  source: z.enum(MEMORY_SOURCES),
  type: z.string().min(1).max(100),
  timestamp: isoTimestamp,
  title: z.string().max(1_000).optional(),
  content: z.string().min(1).max(100_000),
  record: z.record(z.string(), z.unknown()),
  url: z.string().max(2_000).optional(),
});

/** A record field name as `deleteMatching` takes it: never spliced into SQL, but kept to plain names anyway. */
export const recordFieldSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "a record field name: letters, digits and _");

export const recordMatchSchema = z.strictObject({
  source: z.enum(MEMORY_SOURCES),
  type: z.string().min(1).max(100).optional(),
  field: recordFieldSchema,
  value: z.string().min(1).max(1_000),
});

export const memoryFiltersSchema = z.strictObject({
  source: z.enum(MEMORY_SOURCES).optional(),
  type: z.string().min(1).max(100).optional(),
  from: isoTimestamp.optional(),
  to: isoTimestamp.optional(),
});

/** Timestamps are stored as UTC ISO strings of fixed width, so text order is time order everywhere. */
export function canonicalTimestamp(value: string): string {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new TypeError(`not a timestamp: ${value}`);
  return new Date(millis).toISOString();
}

export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}
