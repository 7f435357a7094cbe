/**
 * Which rows a memory retention policy deletes, as SQL conditions on the embedded store's
 * `memories` table: one per named source (`source = ? AND occurred_at < ?`, walking the
 * memories_source_newest index), and one for `default` covering every source not named. Stored
 * timestamps are canonical ISO strings (types.ts canonicalTimestamp), so they compare as text.
 */
import type { SQLInputValue } from "node:sqlite";
import type { MemoryRetention } from "../types.js";

const DAY_MS = 86_400_000;

export interface PruneCondition {
  readonly sql: string;
  readonly params: readonly SQLInputValue[];
}

export function pruneConditions(retention: MemoryRetention, now: Date): PruneCondition[] {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const named = Object.entries(retention.maxAgeDays).filter(([source]) => source !== "default");
  const conditions: PruneCondition[] = named.map(([source, days]) => ({ sql: "source = ? AND occurred_at < ?", params: [source, cutoff(days)] }));
  const fallback = retention.maxAgeDays.default;
  if (fallback !== undefined) {
    const others = named.map(() => "?").join(", ");
    conditions.push({
      sql: named.length === 0 ? "occurred_at < ?" : `source NOT IN (${others}) AND occurred_at < ?`,
      params: [...named.map(([source]) => source), cutoff(fallback)],
    });
  }
  return conditions;
}
