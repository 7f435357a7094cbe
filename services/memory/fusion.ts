/**
 * Reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): score = Σ 1 / (k + rank). It needs no
 * score calibration between rankings (BM25 and cosine live on different scales), and k = 60 is the
 * value from the paper that later studies keep confirming as a robust default.
 */
export const RRF_K = 60;

export interface RankedList<Id> {
  readonly name: "semantic" | "keyword";
  /** best first */
  readonly ids: readonly Id[];
}

export interface FusedHit<Id> {
  readonly id: Id;
  readonly score: number;
  readonly matchedBy: ("semantic" | "keyword")[];
}

export function reciprocalRankFusion<Id>(lists: readonly RankedList<Id>[], limit: number, k = RRF_K): FusedHit<Id>[] {
  const fused = new Map<Id, { score: number; matchedBy: ("semantic" | "keyword")[]; firstSeen: number }>();
  let order = 0;
  for (const list of lists) {
    list.ids.forEach((id, index) => {
      const entry = fused.get(id) ?? { score: 0, matchedBy: [], firstSeen: order++ };
      entry.score += 1 / (k + index + 1);
      entry.matchedBy.push(list.name);
      fused.set(id, entry);
    });
  }
  return [...fused.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].firstSeen - b[1].firstSeen)
    .slice(0, limit)
    .map(([id, { score, matchedBy }]) => ({ id, score, matchedBy }));
}
