/**
 * Every statement the memory service sends to Snowflake. Values are always bound (`?`), never
 * spliced in; only identifiers and the number of placeholders vary. Timestamps are fixed-width
 * UTC ISO strings (VARCHAR), compared as text exactly as in the embedded store.
 */
import { filterConditions, listConditions, type SqlValue } from "../sql-filters.js";
import type { ListPosition } from "../ids.js";
import type { MemoryFilters, RecordMatch } from "../types.js";

export const TABLE = "MEMORIES";

export const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  memory_key VARCHAR(512) NOT NULL UNIQUE,
  source VARCHAR(40) NOT NULL,
  memory_type VARCHAR(100) NOT NULL,
  occurred_at VARCHAR(30) NOT NULL,
  title VARCHAR,
  content VARCHAR NOT NULL,
  record VARIANT NOT NULL,
  url VARCHAR,
  stored_at VARCHAR(30) NOT NULL
)`;

/** selected columns; the record comes back as JSON text */
const COLUMNS = "id, memory_key, source, memory_type, occurred_at, title, content, TO_JSON(record) AS record_json, url, stored_at";

export interface SnowflakeStatement {
  readonly sqlText: string;
  readonly binds: (SqlValue | null)[];
}

export const INSERT_COLUMNS = ["id", "memory_key", "source", "memory_type", "occurred_at", "title", "content", "record", "url", "stored_at"] as const;

/**
 * One MERGE per batch: rows whose key is new are inserted, the rest left alone, so a redelivered
 * batch changes nothing. Snowflake answers with a "number of rows inserted" column.
 */
export function mergeNewRows(rowCount: number): string {
  const tuple = `(${INSERT_COLUMNS.map(() => "?").join(", ")})`;
  const values = Array.from({ length: rowCount }, () => tuple).join(", ");
  const selectList = INSERT_COLUMNS.map((name, i) => (name === "record" ? `PARSE_JSON(column${i + 1}) AS ${name}` : `column${i + 1} AS ${name}`)).join(", ");
  const columns = INSERT_COLUMNS.join(", ");
  const sourceColumns = INSERT_COLUMNS.map((name) => `s.${name}`).join(", ");
  return (
    `MERGE INTO ${TABLE} AS t USING (SELECT ${selectList} FROM VALUES ${values}) AS s ` +
    `ON t.memory_key = s.memory_key WHEN NOT MATCHED THEN INSERT (${columns}) VALUES (${sourceColumns})`
  );
}

export function selectByIds(ids: readonly string[]): SnowflakeStatement {
  return { sqlText: `SELECT ${COLUMNS} FROM ${TABLE} WHERE id IN (${ids.map(() => "?").join(", ")})`, binds: [...ids] };
}

export function selectExistingIds(ids: readonly string[]): SnowflakeStatement {
  return { sqlText: `SELECT id FROM ${TABLE} WHERE id IN (${ids.map(() => "?").join(", ")})`, binds: [...ids] };
}

export function selectPage(filters: MemoryFilters | undefined, after: ListPosition | undefined, limit: number): SnowflakeStatement {
  const condition = listConditions(filters, after);
  return {
    sqlText: `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${condition.sql} ORDER BY occurred_at DESC, id DESC LIMIT ?`,
    binds: [...condition.params, limit],
  };
}

/** ids of the memories `deleteMatching` removes; the field name is bound too (GET on the VARIANT) */
export function selectIdsMatching(match: RecordMatch): SnowflakeStatement {
  const typed = match.type === undefined ? "" : " AND memory_type = ?";
  return {
    sqlText: `SELECT id FROM ${TABLE} WHERE source = ? AND GET(record, ?)::VARCHAR = ?${typed}`,
    binds: [match.source, match.field, match.value, ...(match.type === undefined ? [] : [match.type])],
  };
}

export function deleteByIds(ids: readonly string[]): SnowflakeStatement {
  return { sqlText: `DELETE FROM ${TABLE} WHERE id IN (${ids.map(() => "?").join(", ")})`, binds: [...ids] };
}

export const SELECT_SOURCES = `SELECT source, COUNT(*) AS memory_count, MAX(occurred_at) AS latest FROM ${TABLE} GROUP BY source ORDER BY memory_count DESC, source`;

export const SELECT_COUNT = `SELECT COUNT(*) AS memory_count FROM ${TABLE}`;

/**
 * Keyword ranking in Snowflake: each query term (a stem, so "export" also matches "exports")
 * scores 2 in the title and 1 in the content, ILIKE substring matches; ties go to the newest.
 * Terms are letters and digits only (text.ts), so they carry no LIKE wildcards.
 */
export function selectKeywordMatches(terms: readonly string[], filters: MemoryFilters | undefined, limit: number): SnowflakeStatement {
  const patterns = terms.map((t) => `%${t}%`);
  const score = patterns.map(() => "IFF(title ILIKE ?, 2, 0) + IFF(content ILIKE ?, 1, 0)").join(" + ");
  const anyTerm = patterns.map(() => "title ILIKE ? OR content ILIKE ?").join(" OR ");
  const { parts, params } = filterConditions(filters);
  const where = [`(${anyTerm})`, ...parts].join(" AND ");
  return {
    sqlText: `SELECT id, ${score} AS keyword_score FROM ${TABLE} WHERE ${where} ORDER BY keyword_score DESC, occurred_at DESC, id DESC LIMIT ?`,
    binds: [...patterns.flatMap((p) => [p, p]), ...patterns.flatMap((p) => [p, p]), ...params, limit],
  };
}
