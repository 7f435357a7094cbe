/**
 * WHERE clauses for filters and keyset pagination, shared by the SQLite and Snowflake backends
 * (both take positional `?` binds and compare the fixed-width UTC timestamps as text). Values are
 * only ever bound, never spliced into the SQL.
 */
import { canonicalTimestamp, type MemoryFilters } from "./types.js";
import type { ListPosition } from "./ids.js";

export type SqlValue = string | number;

export interface SqlCondition {
  /** conditions joined with AND, or "1=1" */
  readonly sql: string;
  readonly params: SqlValue[];
}

export function filterConditions(filters: MemoryFilters | undefined, alias = ""): { parts: string[]; params: SqlValue[] } {
  const column = (name: string) => (alias === "" ? name : `${alias}.${name}`);
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (filters?.source !== undefined) {
    parts.push(`${column("source")} = ?`);
    params.push(filters.source);
  }
  if (filters?.type !== undefined) {
    parts.push(`${column("memory_type")} = ?`);
    params.push(filters.type);
  }
  if (filters?.from !== undefined) {
    parts.push(`${column("occurred_at")} >= ?`);
    params.push(canonicalTimestamp(filters.from));
  }
  if (filters?.to !== undefined) {
    parts.push(`${column("occurred_at")} <= ?`);
    params.push(canonicalTimestamp(filters.to));
  }
  return { parts, params };
}

/** Filters plus "strictly after this position" in newest-first order. */
export function listConditions(filters: MemoryFilters | undefined, after: ListPosition | undefined, alias = ""): SqlCondition {
  const { parts, params } = filterConditions(filters, alias);
  if (after !== undefined) {
    const column = (name: string) => (alias === "" ? name : `${alias}.${name}`);
    parts.push(`(${column("occurred_at")} < ? OR (${column("occurred_at")} = ? AND ${column("id")} < ?))`);
    params.push(after.timestamp, after.timestamp, after.id);
  }
  return { sql: parts.length === 0 ? "1=1" : parts.join(" AND "), params };
}
