import { memoryIdForKey } from "./ids.js";
import { canonicalTimestamp, type MemoryRecord } from "./types.js";

/** A record ready for a backend: id derived, timestamp canonical. */
export interface PreparedRecord extends MemoryRecord {
  readonly id: string;
  /** what the rankings index: the title (when any) and the content */
  readonly searchText: string;
}

/**
 * Derives ids, canonicalises timestamps and drops repeats of a key within the batch (the first
 * occurrence wins, as it would have if the repeats had arrived later).
 */
export function prepareBatch(records: readonly MemoryRecord[]): { unique: PreparedRecord[]; repeatedInBatch: number } {
  const seen = new Set<string>();
  const unique: PreparedRecord[] = [];
  for (const record of records) {
    if (seen.has(record.key)) continue;
    seen.add(record.key);
    unique.push({
      ...record,
      id: memoryIdForKey(record.key),
      timestamp: canonicalTimestamp(record.timestamp),
      searchText: record.title === undefined || record.title === "" ? record.content : `${record.title}\n${record.content}`,
    });
  }
  return { unique, repeatedInBatch: records.length - unique.length };
}
